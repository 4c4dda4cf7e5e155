import type { EmulatorRuntime, ServiceName } from '../framework/types';
import { YoungResources } from './consistency';
import { Ec2Propagation } from './ec2-propagation';
// The fault injector's seeded source: faults must replay exactly for a given seed.
import { mulberry32, type Random } from '../../core/random';
import { resolveFaults, type FaultSettings, type ResolvedFaults } from './settings';

/** The runtime engine key the injector is registered under (control routes and the gateway find it there). */
export const FAULTS_ENGINE = 'faults';

/** What happens to one request. */
export interface FaultPlan {
  latencyMs: number;
  /** throttle: the throttling error, handler not run; error-before: a 5xx, handler not run; error-after: the handler ran, its answer is lost. */
  failure?: 'throttle' | 'error-before' | 'error-after';
  /** For 5xx: 503 rather than 500. */
  unavailable: boolean;
}

const NONE: ResolvedFaults = { throttleRate: 0, errorRate: 0, errorAfterShare: 0.5, latencyMs: 0, latencyJitterMs: 0, consistencyDelayMs: 0, seed: 1 };

/**
 * Decides, with a seeded PRNG, which API requests are slowed, throttled or failed, and remembers
 * young resources for eventual consistency. Control routes never pass through it.
 */
export class FaultInjector {
  private current: ResolvedFaults = NONE;
  private random: Random = mulberry32(NONE.seed);
  private failures = 0;
  readonly young = new YoungResources(() => this.current.consistencyDelayMs);
  /** The time profile's own EC2 consistency (aws profile); independent of the settings, cleared only by reset. */
  readonly propagation: Ec2Propagation;
  constructor(profileConsistencyMs = 0) {
    this.propagation = new Ec2Propagation(profileConsistencyMs);
  }

  /** Requests each kind of fault was applied to since the settings were last set. */
  readonly counts = { throttle: 0, 'error-before': 0, 'error-after': 0, consistency: 0, delayed: 0 };

  /** The settings in force (all zero when none). */
  get settings(): ResolvedFaults {
    return this.current;
  }

  /** Whether any fault is configured. */
  get active(): boolean {
    const s = this.current;
    return s.throttleRate > 0 || s.errorRate > 0 || s.latencyMs > 0 || s.latencyJitterMs > 0 || s.consistencyDelayMs > 0;
  }

  /** Replaces the settings (validated; throws FaultSettingsError) and restarts the PRNG from the seed. */
  configure(settings: FaultSettings): ResolvedFaults {
    this.current = resolveFaults(settings);
    this.random = mulberry32(this.current.seed);
    this.failures = 0;
    this.young.clear();
    for (const k of Object.keys(this.counts) as Array<keyof FaultInjector['counts']>) this.counts[k] = 0;
    return this.current;
  }

  /** Turns every fault off and forgets young resources. */
  clear(): void {
    this.current = NONE;
    this.young.clear();
  }

  /** Whether the settings' service and operation lists cover this request. */
  applies(service: ServiceName, operation: string): boolean {
    const s = this.current;
    return (!s.services || s.services.includes(service)) && (!s.operations || s.operations.includes(operation));
  }

  /** Draws the fate of one request: never both throttled and failed. */
  plan(): FaultPlan {
    const s = this.current;
    const latencyMs = s.latencyMs + (s.latencyJitterMs > 0 ? Math.floor(this.random() * s.latencyJitterMs) : 0);
    const roll = this.random();
    const spent = s.maxFaults !== undefined && this.failures >= s.maxFaults;
    if (!spent && roll < s.throttleRate) {
      this.failures++;
      return { latencyMs, failure: 'throttle', unavailable: false };
    }
    if (!spent && roll < s.throttleRate + s.errorRate) {
      this.failures++;
      // Some failures happen after the handler ran: the change is made but the answer is lost.
      const after = this.random() < s.errorAfterShare;
      return { latencyMs, failure: after ? 'error-after' : 'error-before', unavailable: this.random() < 0.5 };
    }
    return { latencyMs, unavailable: false };
  }
}

/** The fault injector of a running emulator, if it has one. */
export function faultsOf(runtime: EmulatorRuntime): FaultInjector | undefined {
  const f = runtime.engines.get(FAULTS_ENGINE);
  return f instanceof FaultInjector ? f : undefined;
}
