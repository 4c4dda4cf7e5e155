// Seeded mode (`--seed-evidence`) for API-only targets such as LocalStack, which store flow logs but
// never deliver records: the lab's SSH steps write synthetic flow records for the instance's ENI and
// the client IP into the lab's log group with PutLogEvents, so the checks' reading, parsing and matching run for
// real — and the report says plainly that the evidence was seeded (detail "seeded: …" and a
// "seeded evidence" item). AWS's capture and delivery are NOT proven this way; only a real
// account (or the labwright emulator's data plane) proves them.
import { randomInt } from 'node:crypto';
import { CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { formatRecord } from '../flowlogs';
import type { LabContext } from '../runner/context';
import { result, type Capability, type CheckResult, type Evidence, type Step } from '../runner/model';
import { swapSecurityGroups, TRAFFIC_STATE, type TrafficEnv, type TrafficParams } from './traffic';

/** What seeding reads from the environment: the instance's ENI and address. */
export type SeedEnv = TrafficEnv & { eniId: string; privateIp: string };
type Ctx = LabContext<SeedEnv>;
/** A solve that seeds records instead of making traffic; returns the lines written. */
export type SeededSolve = (ctx: Ctx) => Promise<string[]>;

/** One synthetic record of the client's SSH traffic to the instance. */
export interface SeedRecord {
  action: 'ACCEPT' | 'REJECT';
  /** When the traffic happened (ms; default now). */
  atMs?: number;
  /** Default 22, the lab's port. */
  dstport?: number;
}

/** Prefix of the `detail` of every check verdict reached on seeded evidence. */
export const SEEDED_PREFIX = 'seeded: ';

/** What seeding stands in for: a step needing anything else stays unsupported. */
export const SEEDED_CAPABILITIES: readonly Capability[] = ['instance-ssh', 'flow-log-delivery'];

const SEEDED_NOTE =
  'These flow records were written by labwright with PutLogEvents, not delivered by a flow log: the check that reads them ran for real, AWS capture and delivery did not.';

const stateKey = (stepId: string) => `seeded.${stepId}`;

/**
 * Writes flow records (default format, version 2) of the client's TCP traffic to the instance's
 * ENI into a log group, in the stream flow logs use (`<eni>-all`), with the record's start as the
 * event timestamp as AWS does. Returns the lines written.
 */
export async function seedFlowRecords(ctx: Ctx, logGroup: string, records: SeedRecord[]): Promise<string[]> {
  const { env } = ctx;
  const clientIp = await ctx.target.clientIp();
  const stream = `${env.eniId}-all`;
  const lines = records.map((r) => {
    const start = Math.floor((r.atMs ?? ctx.clock.now()) / 1000);
    const accepted = r.action === 'ACCEPT';
    return {
      timestamp: start * 1000,
      message: formatRecord({
        'account-id': env.accountId,
        'interface-id': env.eniId,
        srcaddr: clientIp,
        dstaddr: env.privateIp,
        srcport: randomInt(49152, 65536),
        dstport: r.dstport ?? 22,
        protocol: 6,
        // A login is a short session; a dropped SYN is one packet (with its retries, a few).
        packets: accepted ? 24 : 3,
        bytes: accepted ? 5120 : 180,
        start,
        end: start + 60,
        action: r.action,
        'log-status': 'OK',
      }),
    };
  });
  ctx.log(`Seeding ${lines.length} synthetic flow record(s) into ${logGroup}/${stream}`);
  try {
    await ctx.clients.logs.send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: stream }));
  } catch (err) {
    if ((err as Error).name !== 'ResourceAlreadyExistsException') throw err;
  }
  await ctx.clients.logs.send(new PutLogEventsCommand({ logGroupName: logGroup, logStreamName: stream, logEvents: lines.sort((a, b) => a.timestamp - b.timestamp) }));
  return lines.map((l) => l.message);
}

/** Seeded stand-ins of the traffic solves (steps/traffic.ts): the API part for real, SSH replaced by records. */
export function seededSshSolves(p: TrafficParams & { logGroup: string }): { accepted: SeededSolve; rejected: SeededSolve; restored: SeededSolve } {
  return {
    accepted: async (ctx) => {
      ctx.state.set(TRAFFIC_STATE.acceptedAt, ctx.clock.now());
      return seedFlowRecords(ctx, p.logGroup, [{ action: 'ACCEPT' }]);
    },
    rejected: async (ctx) => {
      await swapSecurityGroups(ctx, p.closedGroup);
      ctx.state.set(TRAFFIC_STATE.rejectedAt, ctx.clock.now());
      return seedFlowRecords(ctx, p.logGroup, [{ action: 'REJECT' }]);
    },
    restored: async (ctx) => {
      await swapSecurityGroups(ctx, p.openGroup);
      ctx.state.set(TRAFFIC_STATE.restoredAt, ctx.clock.now());
      return seedFlowRecords(ctx, p.logGroup, [{ action: 'ACCEPT' }]);
    },
  };
}

/** Marks a verdict reached on seeded evidence, so no reader mistakes it for delivered records. */
export function markSeeded(r: CheckResult, lines: string[]): CheckResult {
  const evidence: Evidence = { kind: 'text', title: 'seeded evidence', data: `${SEEDED_NOTE}\n${lines.join('\n')}` };
  return { ...r, detail: `${SEEDED_PREFIX}${r.detail ?? 'synthetic flow records'}`, evidence: [...r.evidence, evidence] };
}

/**
 * For a `run` on a target that lacks only what seeding stands in for (instance-ssh and
 * flow-log-delivery), replaces the SSH steps' solve with seeding and marks their verdicts as
 * seeded. Steps that need anything else, and every step on a target that has the capabilities,
 * are returned unchanged.
 */
export function seedSteps<E extends SeedEnv, S extends Step<LabContext<E>>>(steps: S[], capabilities: ReadonlySet<Capability>, solves: Record<string, SeededSolve>): S[] {
  return steps.map((step): S => {
    const seededSolve = solves[step.id];
    const missing = (step.capabilities ?? []).filter((c) => !capabilities.has(c));
    if (!seededSolve || missing.length === 0 || !missing.every((c) => SEEDED_CAPABILITIES.includes(c))) return step;
    return {
      ...step,
      capabilities: (step.capabilities ?? []).filter((c) => !SEEDED_CAPABILITIES.includes(c)),
      solve: async (ctx: LabContext<E>) => void ctx.state.set(stateKey(step.id), await seededSolve(ctx)),
      check: async (ctx: LabContext<E>) => {
        const lines = ctx.state.get(stateKey(step.id)) as string[] | undefined;
        // Without a seeded solve (check mode) there is nothing to read: the step stays unsupported.
        if (!lines) return result('unsupported', 'Not verifiable on this target: it delivers no flow records and nothing was seeded in this run.', { detail: `missing capabilities: ${missing.join(', ')}` });
        return markSeeded(await step.check(ctx), lines);
      },
    };
  });
}
