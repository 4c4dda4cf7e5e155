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
