import { pairMemo } from './pair-memo';
import type { ServiceName, ServiceProvider } from './types';

/** One service's stores, keyed by scope key (`account/region`, `account` or `global`). */
export type ServiceStores = Record<string, unknown>;

/** Every service's stores: the whole emulated cloud as plain data, which is what gets persisted. */
export type StateSnapshot = Partial<Record<ServiceName, ServiceStores>>;

/**
 * Holds each provider's state, created lazily per scope (LocalStack's account/region stores).
 * Plain data only, so a snapshot is the state itself and reset is dropping it.
 */
export class StateRegistry {
  private stores: StateSnapshot = {};
  private readonly providers = new Map<ServiceName, ServiceProvider<unknown>>();

  constructor(providers: ServiceProvider<unknown>[]) {
    for (const p of providers) this.providers.set(p.service, p);
  }

  /** The state of `service` for an account and region, created on first use. */
  get<S>(service: ServiceName, accountId: string, region: string): S {
    const provider = this.providers.get(service);
    if (!provider) throw new Error(`No provider is registered for service '${service}'.`);
    const key = provider.scope === 'region' ? regionKey(accountId, region) : scopeKey(provider.scope, accountId, region);
    const stores = (this.stores[service] ??= {});
    let state = stores[key];
    if (state === undefined && !(key in stores)) stores[key] = state = provider.createState();
    return state as S;
  }

  /** Every scope key that has state for `service` (engines iterate over all regions this way). */
  scopes(service: ServiceName): string[] {
    return Object.keys(this.stores[service] ?? {});
  }

  /** The live state tree (not a copy): the persistence layer serializes it. */
  snapshot(): StateSnapshot {
    return this.stores;
  }

  /** Replaces all state with a loaded snapshot. */
  load(snapshot: StateSnapshot): void {
    this.stores = snapshot ?? {};
  }

  /** Empties every store. */
  reset(): void {
    this.stores = {};
  }
}

/** The key a provider's state lives under for a request's account and region. */
export function scopeKey(scope: ServiceProvider['scope'], accountId: string, region: string): string {
  if (scope === 'global') return 'global';
  if (scope === 'account') return accountId;
  return `${accountId}/${region}`;
}

// A request reads several services' state for its account and region: the `account/region` key is
// made once per pair and reused (a string V8 has already hashed), not concatenated on every lookup.
const regionKey = pairMemo((accountId, region) => `${accountId}/${region}`, { first: 1000, second: 100 });
