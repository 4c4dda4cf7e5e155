import { profileOf } from '../../framework/time-profile';
import type { Handler, RequestContext } from '../../framework/types';
import { dryRunError } from './errors';
import { settleInstances } from './instance-lifecycle';
import { instanceTimings, type Ec2State, type InstanceTimings } from './state';

/** What an EC2 operation body receives besides its input. */
export interface Ec2Call {
  ctx: RequestContext;
  st: Ec2State;
  /** The request's time in ms (from the injected clock). */
  now: number;
  /** How long instance state changes take in the emulator's time profile. */
  timing: InstanceTimings;
}

/**
 * Wraps an operation body with what every EC2 call does: bring the lazily computed instance
 * state machine up to date, answer DryRun, and mark state dirty after a mutating call.
 */
export function ec2Op<I>(body: (input: I, call: Ec2Call) => unknown, opts: { readOnly?: boolean } = {}): Handler {
  return (input: unknown, ctx: RequestContext) => {
    const st = ctx.state<Ec2State>();
    const now = ctx.clock.now();
    if (settleInstances(st, now)) ctx.runtime.markDirty();
    const req = (input ?? {}) as I & { DryRun?: boolean };
    if (req.DryRun) throw dryRunError();
    const out = body(req, { ctx, st, now, timing: instanceTimings(profileOf(ctx.runtime)) });
    if (!opts.readOnly) ctx.runtime.markDirty();
    return out;
  };
}

/** Returns the answer of an earlier call with the same client token, or computes and remembers it. */
export function idempotent<T>(st: Ec2State, operation: string, token: string | undefined, compute: () => T): T {
  if (!token) return compute();
  const key = `${operation}:${token}`;
  if (key in st.clientTokens) return st.clientTokens[key] as T;
  const result = compute();
  st.clientTokens[key] = result;
  return result;
}
