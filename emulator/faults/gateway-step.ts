import type { EmulatorRuntime, ServiceName } from '../framework/types';
import { throttlingError, serverError } from './fault-errors';
import { faultsOf } from './fault-injector';

/** The parts of the gateway's exchange the fault step reads and writes. */
export interface FaultExchange {
  service?: ServiceName;
  operation?: string;
  accountId: string;
  region: string;
  input?: Record<string, unknown>;
  output?: unknown;
  /** Work to do once the handler returned (run by the dispatch step). */
  afterDispatch: Array<() => void | Promise<void>>;
  /** The fault applied, for the request log. */
  fault?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The gateway step that injects faults, placed just before dispatch: adds latency, answers with a
 * throttling error or a 5xx before the handler runs, or lets the handler run and then loses its
 * answer; answers reads of too-young resources with NotFound and leaves them out of lists, and
 * (aws profile) EC2 reads and writes that name a resource which has not propagated yet.
 */
export function injectFaults(x: FaultExchange, env: { runtime: EmulatorRuntime; flush(): Promise<void> }): void | Promise<void> {
  const faults = faultsOf(env.runtime);
  if (!faults) return;
  const service = x.service as ServiceName;
  const operation = x.operation ?? '';
  const scope = { service, accountId: x.accountId, region: x.region };
  // The profile's propagation delay is AWS's own behaviour: it holds whatever the fault knobs say.
  const propagating = faults.propagation.applies(scope);
  const knobs = faults.active && faults.applies(service, operation);
  // Nothing armed for this request (the usual case): no promise, no microtask turn.
  if (!knobs && !propagating) return;
  return applyFaults(x, env, faults, scope, knobs);
}

async function applyFaults(
  x: FaultExchange,
  env: { runtime: EmulatorRuntime; flush(): Promise<void> },
  faults: NonNullable<ReturnType<typeof faultsOf>>,
  scope: { service: ServiceName; accountId: string; region: string },
  knobs: boolean,
): Promise<void> {
  const { service } = scope;
  const operation = x.operation ?? '';
  const clock = env.runtime.clock;
  const plan = knobs ? faults.plan() : { latencyMs: 0, unavailable: false };
  if (plan.latencyMs > 0) {
    faults.counts.delayed++;
    await sleep(plan.latencyMs);
  }
  if (plan.failure === 'throttle' || plan.failure === 'error-before') {
    faults.counts[plan.failure]++;
    x.fault = plan.failure;
    throw plan.failure === 'throttle' ? throttlingError(service) : serverError(service, plan.unavailable);
  }
  const young = (knobs ? faults.young.readError(scope, operation, x.input, clock.now()) : undefined) ?? faults.propagation.error(scope, operation, x.input, clock.now());
  if (young) {
    faults.counts.consistency++;
    x.fault = 'consistency';
    throw young;
  }
  x.afterDispatch.push(async () => {
    const now = clock.now();
    faults.propagation.record(scope, operation, x.input, x.output, now);
    x.output = faults.propagation.omitYoung(scope, operation, x.output, now);
    if (!knobs) return;
    faults.young.record(scope, operation, x.input, x.output, now);
    x.output = faults.young.omitYoung(scope, operation, x.output, now);
    if (plan.failure === 'error-after') {
      // The change is made and durable; only the answer is lost, so a blind retry would repeat it.
      await env.flush();
      faults.counts['error-after']++;
      x.fault = 'error-after';
      throw serverError(service, plan.unavailable);
    }
  });
}
