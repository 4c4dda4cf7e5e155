// The "Generate Network Traffic" part of the lab: SSH in, swap the Web Server's security groups
// (the console's Security > Change security groups), SSH again. Also used by the alarm step to
// generate rejected SSH traffic on demand.
import type { LabContext } from '../aws/context';
import * as ec2 from '../aws/ec2';
import { SG_HTTP_AND_SSH, SG_HTTP_ONLY } from '../fixtures/vpc-flow-logs';
import { FatalPollError, poll, PollTimeoutError } from '../core/poll';
import { sshLogin, type SshResult } from './ssh';

/** How long a new instance's SSH server may take to answer on AWS (scaled by the target). */
const SSH_BOOT_BUDGET_MS = 180_000;

/** Which of the lab's two groups the Web Server should have. */
export type GroupChoice = 'http-only' | 'http-and-ssh';

/** RunState keys: when each SSH of the lab started (ms); checks read them to date records in `run` mode. */
export const TRAFFIC_STATE = {
  acceptedAt: 'ssh-accepted.at',
  rejectedAt: 'ssh-rejected.at',
  restoredAt: 'ssh-restored.at',
  /** When the last SSH attempt that had to be dropped ended (ms). */
  lastDroppedAt: 'ssh.last-dropped-at',
} as const;

/** Replaces the Web Server's security groups with exactly one of the lab's groups. */
export async function swapSecurityGroups(ctx: LabContext, to: GroupChoice): Promise<void> {
  const [id, name] = to === 'http-only' ? [ctx.env.sgHttpOnlyId, SG_HTTP_ONLY] : [ctx.env.sgHttpAndSshId, SG_HTTP_AND_SSH];
  await ec2.putInstanceSecurityGroups(ctx.clients.ec2, ctx.env.instanceId, [id], name, ctx.log);
}

/** On emulator targets, delivers the captured traffic now instead of at the next capture window. */
export async function flushFlowLogs(ctx: LabContext): Promise<void> {
  await ctx.target.flushFlowLogs?.();
}

function describe(r: SshResult): string {
  return r.ok ? `it logged in as ${r.output}` : `it ended with ${r.reason} (${r.message})`;
}

/**
 * Whether the target can reach the instance's SSH port (LocalStack cannot): without it the solves
 * still make the API changes, skip the connections, and the step ends `unsupported`.
 */
function canSsh(ctx: LabContext): boolean {
  if (ctx.target.capabilities.has('instance-ssh')) return true;
  ctx.log('Skipping the SSH connection: this target cannot reach instances');
  return false;
}

/**
 * SSH that must log in; throws a clear error otherwise. A fresh instance's sshd comes up a minute
 * or so after `running`, so a refused or timed-out login is retried within a boot budget; a
 * rejected login is final.
 */
async function sshMustSucceed(ctx: LabContext, why: string): Promise<void> {
  if (!canSsh(ctx)) return;
  try {
    await poll<true>(
      async () => {
        const r = await sshLogin(ctx);
        if (r.ok) return { done: true, value: true };
        if (r.reason === 'auth') throw new FatalPollError(`SSH to the Web Server should have been accepted ${why}, but ${describe(r)}.`);
        return { done: false, value: r, reason: describe(r) };
      },
      { description: `an SSH login to the Web Server ${why}`, budgetMs: SSH_BOOT_BUDGET_MS * ctx.target.budgetScale, intervalsMs: ctx.target.intervalsMs, clock: ctx.clock, signal: ctx.signal },
    );
  } catch (err) {
    if (err instanceof PollTimeoutError) throw new Error(`SSH to the Web Server should have been accepted ${why}, but ${err.lastReason ?? 'it never answered'}.`);
    throw err;
  }
}

/** SSH that must hang until it times out, as a dropped connection does; throws otherwise. */
async function sshMustTimeOut(ctx: LabContext): Promise<void> {
  if (!canSsh(ctx)) return;
  const r = await sshLogin(ctx, { timeoutMs: ctx.target.sshRejectWaitMs ?? ctx.target.sshTimeoutMs });
  ctx.state.set(TRAFFIC_STATE.lastDroppedAt, ctx.clock.now());
  if (r.ok) throw new Error(`SSH to the Web Server succeeded although it has only ${SG_HTTP_ONLY}; the security group change did not take effect.`);
  if (r.reason !== 'timeout') throw new Error(`SSH to the Web Server should have timed out with only ${SG_HTTP_ONLY}, but ${describe(r)}.`);
}

/**
 * Swaps to HTTP-only, makes `attempts` SSH attempts that must each time out, and swaps back (also
 * when an attempt misbehaves). Returns when each attempt started (ms).
 */
export async function generateRejectedSsh(ctx: LabContext, attempts = 3): Promise<number[]> {
  const times: number[] = [];
  await swapSecurityGroups(ctx, 'http-only');
  try {
    // Attempts side by side, as a scanner (or an impatient student with several terminals) makes them.
    await Promise.all(
      Array.from({ length: attempts }, () => {
        times.push(ctx.clock.now());
        return sshMustTimeOut(ctx);
      }),
    );
  } finally {
    await swapSecurityGroups(ctx, 'http-and-ssh');
  }
  await flushFlowLogs(ctx);
  return times;
}

/** Step ssh-accepted: SSH in and exit. */
export async function solveSshAccepted(ctx: LabContext): Promise<void> {
  ctx.state.set(TRAFFIC_STATE.acceptedAt, ctx.clock.now());
  await sshMustSucceed(ctx, `with ${SG_HTTP_AND_SSH}`);
  await flushFlowLogs(ctx);
}

/** Step ssh-rejected: swap to SecurityGroupHTTPOnly; SSH must time out. */
export async function solveSshRejected(ctx: LabContext): Promise<void> {
  await swapSecurityGroups(ctx, 'http-only');
  ctx.state.set(TRAFFIC_STATE.rejectedAt, ctx.clock.now());
  await sshMustTimeOut(ctx);
  await flushFlowLogs(ctx);
}

/** Step ssh-restored: swap back to SecurityGroupHTTPAndSSH; SSH must be accepted. */
export async function solveSshRestored(ctx: LabContext): Promise<void> {
  await swapSecurityGroups(ctx, 'http-and-ssh');
  // Records have one-second resolution and the check proves the new ACCEPT is later than the
  // REJECT: on an emulator, where steps come milliseconds apart, start after the second of the last
  // dropped attempt (unknown: after the current second).
  const dropped = (ctx.state.get(TRAFFIC_STATE.lastDroppedAt) as number | undefined) ?? ctx.clock.now();
  const nextSecond = (Math.floor(dropped / 1000) + 1) * 1000;
  if (ctx.clock.now() < nextSecond) await ctx.clock.sleep(nextSecond - ctx.clock.now(), ctx.signal);
  ctx.state.set(TRAFFIC_STATE.restoredAt, ctx.clock.now());
  await sshMustSucceed(ctx, `once ${SG_HTTP_AND_SSH} is back`);
  await flushFlowLogs(ctx);
}
