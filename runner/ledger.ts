import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Kinds of resources a run creates, in the order teardown deletes them. */
export const TEARDOWN_ORDER = [
  // A trail writes to its log group and bucket with its role: it goes first.
  'trail',
  'athena-table',
  'athena-database',
  'athena-workgroup',
  'flow-log',
  'alarm',
  'metric-filter',
  'sns-subscription',
  'sns-topic',
  'instance',
  'key-pair',
  'route-table-association',
  'route',
  'internet-gateway-attachment',
  'security-group',
  'internet-gateway',
  'subnet',
  'route-table',
  'vpc',
  'log-group',
  'bucket',
  'role-policy',
  'role',
  'access-key',
  'user',
] as const;

/** A kind of resource the ledger tracks. */
export type ResourceKind = (typeof TEARDOWN_ORDER)[number];

/**
 * Teardown's stages, one after another; within a stage its lanes run side by side, each in
 * TEARDOWN_ORDER. Nothing in one lane depends on another lane of its stage: the trail writes to the
 * others' log group and bucket, so it goes alone first; the bucket and the roles serve every lane
 * (flow logs deliver with a role to the bucket, Athena writes its results there), so they go last.
 * On AWS the network lane waits minutes for the instance to terminate while the others finish.
 */
const TEARDOWN_LANE: Record<ResourceKind, readonly [stage: number, lane: number]> = {
  trail: [0, 0],
  'athena-table': [1, 0],
  'athena-database': [1, 0],
  'athena-workgroup': [1, 0],
  'flow-log': [1, 1],
  'metric-filter': [1, 1],
  'log-group': [1, 1],
  alarm: [1, 2],
  'sns-subscription': [1, 2],
  'sns-topic': [1, 2],
  instance: [1, 3],
  'key-pair': [1, 3],
  'route-table-association': [1, 3],
  route: [1, 3],
  'internet-gateway-attachment': [1, 3],
  'security-group': [1, 3],
  'internet-gateway': [1, 3],
  subnet: [1, 3],
  'route-table': [1, 3],
  vpc: [1, 3],
  bucket: [2, 0],
  'role-policy': [2, 0],
  role: [2, 0],
  'access-key': [2, 0],
  user: [2, 0],
};

/** Entries (in teardown order) split into stages of lanes: lanes of one stage may be deleted side by side. */
export function teardownStages(entries: LedgerEntry[]): LedgerEntry[][][] {
  const stages = new Map<number, Map<number, LedgerEntry[]>>();
  for (const e of entries) {
    const [stage, lane] = TEARDOWN_LANE[e.kind];
    const lanes = stages.get(stage) ?? stages.set(stage, new Map()).get(stage)!;
    (lanes.get(lane) ?? lanes.set(lane, []).get(lane)!).push(e);
  }
  return [...stages.keys()].sort((a, b) => a - b).map((s) => [...stages.get(s)!.values()]);
}

/** One created resource: enough to delete it later, even from another process. */
export interface LedgerEntry {
  kind: ResourceKind;
  /** The id teardown needs (vpc-…, a log group name, a bucket name, a topic ARN…). */
  id: string;
  region: string;
  /** Extra ids some deletes need (the VPC of an IGW attachment, the route table of a route…). */
  meta?: Record<string, string>;
  createdAt: number;
}

/**
 * The cleanup ledger: every resource is written here before the create call returns control to the
 * step, and the file is replaced atomically, so teardown works after a failure, a timeout, Ctrl-C
 * or a crash (`labwright sweep` reads the tags when even the file is gone).
 */
export class CleanupLedger {
  private list: LedgerEntry[] = [];
  /** The run whose resources these are: teardown deletes only what still carries its tag. */
  runId?: string;

  constructor(
    private readonly file?: string,
    runId?: string,
  ) {
    if (file) {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8'));
        this.list = saved.entries ?? [];
        this.runId = saved.runId;
      } catch {
        this.list = [];
      }
    }
    this.runId = runId ?? this.runId;
  }

  /** Records a created resource (idempotent by kind and id). */
  add(entry: Omit<LedgerEntry, 'createdAt'> & { createdAt?: number }): void {
    if (this.list.some((e) => e.kind === entry.kind && e.id === entry.id)) return;
    this.list.push({ ...entry, createdAt: entry.createdAt ?? Date.now() });
    this.save();
  }

  /** Forgets a resource once it is deleted. */
  remove(kind: ResourceKind, id: string): void {
    this.list = this.list.filter((e) => !(e.kind === kind && e.id === id));
    this.save();
  }

  /** Every recorded resource, in teardown order (newest first within a kind). */
  teardownOrder(): LedgerEntry[] {
    const rank = (k: ResourceKind) => TEARDOWN_ORDER.indexOf(k);
    return [...this.list].sort((a, b) => rank(a.kind) - rank(b.kind) || b.createdAt - a.createdAt);
  }

  /** The regions the recorded resources live in. */
  regions(): string[] {
    return [...new Set(this.list.map((e) => e.region))];
  }

  /** Number of resources still recorded. */
  get size(): number {
    return this.list.length;
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ ...(this.runId ? { runId: this.runId } : {}), entries: this.list }, null, 2));
    renameSync(tmp, this.file);
  }
}
