import type { Clock } from '../../core/clock';
import type { StateRegistry } from '../framework/state-registry';
import type { Caller, EmulatorRuntime, RequestContext, ServiceName } from '../framework/types';

/**
 * What a handler gets for one request. A class rather than an object literal with two arrow functions:
 * it is built on every request, and methods on the prototype cost nothing per request.
 */
export class HandlerContext implements RequestContext {
  readonly clock: Clock;
  constructor(
    private readonly registry: StateRegistry,
    readonly runtime: EmulatorRuntime,
    readonly service: ServiceName,
    readonly operation: string,
    readonly accountId: string,
    readonly region: string,
    readonly requestId: string,
    readonly caller: Caller | undefined,
  ) {
    this.clock = runtime.clock;
  }

  /** This service's state for the request's account and region. */
  state<S>(): S {
    return this.registry.get<S>(this.service, this.accountId, this.region);
  }

  /** Another service's state (this request's account and region unless told otherwise). */
  stateOf<S>(other: ServiceName, accountId = this.accountId, region = this.region): S {
    return this.registry.get<S>(other, accountId, region);
  }
}
