import type { IncomingMessage } from 'node:http';
import type { AwsError, Caller, EmulatorRuntime, ServiceName } from '../framework/types';
import type { StateRegistry } from '../framework/state-registry';
import { recordApiCall } from '../services/cloudtrail/record-event';
import { isDataEvent } from '../services/cloudtrail/event-record';
import type { CloudTrailState } from '../services/cloudtrail/store';

/** What recording needs from the gateway's environment. */
interface TrailEnv {
  registry: StateRegistry;
  runtime: EmulatorRuntime;
  providers: Map<ServiceName, unknown>;
}

/** What recording reads from a request that went through the gateway. */
export interface TrailExchange {
  http: IncomingMessage;
  wire: { headers: Record<string, string> };
  requestId: string;
  service?: ServiceName;
  operation?: string;
  op?: unknown;
  accountId: string;
  region: string;
  input?: Record<string, unknown>;
  output?: unknown;
  caller?: Caller;
}

// Loopback clients appear with the public address the lab engines give them (as flow logs do).
function sourceIp(x: TrailExchange, runtime: EmulatorRuntime): string {
  const lab = runtime.engines.get('lab') as { clientIp?: string } | undefined;
  return lab?.clientIp ?? x.http.socket?.remoteAddress ?? '127.0.0.1';
}

function record(x: TrailExchange, env: TrailEnv, error?: AwsError): void {
  // Only API calls that reached an operation and an authenticated caller are events.
  if (!x.service || !x.operation || !x.op || !x.caller) return;
  // An emulator started with a subset of providers (tests) may have no CloudTrail to record into.
  if (!env.providers.has('cloudtrail')) return;
  const state = env.registry.get<CloudTrailState>('cloudtrail', x.accountId, x.region);
  // A data event (S3 object calls) goes only to trails, never to the event history: with no trail in
  // the account there is nothing to record, and building the record would be wasted on every PutObject.
  if (isDataEvent(x.service, x.operation) && !hasTrail(state)) return;
  recordApiCall(state, {
    service: x.service,
    operation: x.operation,
    input: x.input ?? {},
    output: x.output,
    error: error && { code: error.code, message: error.message },
    caller: x.caller,
    accountId: x.accountId,
    region: x.region,
    requestId: x.requestId,
    userAgent: x.wire.headers['user-agent'],
    sourceIp: sourceIp(x, env.runtime),
    timeMs: env.runtime.clock.now(),
  });
  env.runtime.markDirty();
}

function hasTrail(state: CloudTrailState): boolean {
  for (const _ in state.trails) return true;
  return false;
}

/** Gateway step after dispatch: the successful call becomes a CloudTrail event. */
export function recordTrail(x: TrailExchange, env: TrailEnv): void {
  record(x, env);
}

/** The failed call becomes a CloudTrail event with errorCode and errorMessage; recording never fails the answer. */
export function recordTrailError(x: TrailExchange, env: TrailEnv, error: AwsError): void {
  try {
    record(x, env, error);
  } catch {
    // The error response matters more than its trail record.
  }
}
