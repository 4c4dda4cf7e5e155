import type { ServiceName } from '../framework/types';

/** What `POST /_emulator/faults` sets: rates are fractions of requests in [0, 1]; times are milliseconds. */
export interface FaultSettings {
  /** Requests answered with the protocol's throttling error (the handler does not run). */
  throttleRate?: number;
  /** Requests answered with a 5xx; about half of them after the handler ran (the response is lost). */
  errorRate?: number;
  /** The share of 5xx answers sent after the handler ran (its change made, its answer lost); default 0.5. */
  errorAfterShare?: number;
  /** Stop failing requests after this many throttles and 5xx (for tests: "lose the next answer once"). */
  maxFaults?: number;
  /** Latency added before every request. */
  latencyMs?: number;
  /** Up to this much more latency, uniformly drawn per request. */
  latencyJitterMs?: number;
  /** For this long after a resource is created, reads that name it say it does not exist and lists omit it. */
  consistencyDelayMs?: number;
  /** Seed of the PRNG that decides which requests fail (default 1). */
  seed?: number;
  /** Only these services (SigV4 names; `cloudwatch` means `monitoring`); all when absent. */
  services?: string[];
  /** Only these operations (exact AWS names); all when absent. */
  operations?: string[];
}

/** Settings after validation: every field present. */
export interface ResolvedFaults {
  throttleRate: number;
  errorRate: number;
  errorAfterShare: number;
  maxFaults?: number;
  latencyMs: number;
  latencyJitterMs: number;
  consistencyDelayMs: number;
  seed: number;
  services?: ServiceName[];
  operations?: string[];
}

const SERVICES: Record<string, ServiceName> = {
  ec2: 'ec2', s3: 's3', iam: 'iam', sts: 'sts', sns: 'sns', logs: 'logs', monitoring: 'monitoring', cloudwatch: 'monitoring', athena: 'athena',
};

/** Thrown for settings that make no sense; its message says what to send instead. */
export class FaultSettingsError extends Error {
  override readonly name = 'FaultSettingsError';
}

function rate(value: unknown, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) throw new FaultSettingsError(`${name} must be a number from 0 to 1 (a fraction of requests), not ${JSON.stringify(value)}.`);
  return value;
}

function millis(value: unknown, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 60_000) throw new FaultSettingsError(`${name} must be a number of milliseconds from 0 to 60000, not ${JSON.stringify(value)}.`);
  return value;
}

function names(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new FaultSettingsError(`${name} must be a list of strings.`);
  return value as string[];
}

/** Validates the body of `POST /_emulator/faults` (or the `faults` option) and fills in defaults. */
export function resolveFaults(body: unknown): ResolvedFaults {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new FaultSettingsError('Send a JSON object such as {"throttleRate":0.1,"errorRate":0.05,"consistencyDelayMs":500,"seed":42}.');
  const b = body as FaultSettings;
  const known = new Set(['throttleRate', 'errorRate', 'errorAfterShare', 'maxFaults', 'latencyMs', 'latencyJitterMs', 'consistencyDelayMs', 'seed', 'services', 'operations']);
  const unknown = Object.keys(b).filter((k) => !known.has(k));
  if (unknown.length) throw new FaultSettingsError(`Unknown fault setting ${unknown.map((k) => `'${k}'`).join(', ')}; the settings are ${[...known].join(', ')}.`);
  const throttleRate = rate(b.throttleRate, 'throttleRate');
  const errorRate = rate(b.errorRate, 'errorRate');
  if (throttleRate + errorRate > 1) throw new FaultSettingsError(`throttleRate + errorRate must not exceed 1 (a request fails one way at most); got ${throttleRate + errorRate}.`);
  if (b.maxFaults !== undefined && (typeof b.maxFaults !== 'number' || !Number.isInteger(b.maxFaults) || b.maxFaults < 0)) throw new FaultSettingsError(`maxFaults must be a whole number of requests, not ${JSON.stringify(b.maxFaults)}.`);
  if (b.seed !== undefined && (typeof b.seed !== 'number' || !Number.isInteger(b.seed))) throw new FaultSettingsError(`seed must be an integer, not ${JSON.stringify(b.seed)}.`);
  const services = names(b.services, 'services')?.map((s) => {
    const svc = SERVICES[s.toLowerCase()];
    if (!svc) throw new FaultSettingsError(`'${s}' is not a service of the emulator; use ${Object.keys(SERVICES).join(', ')}.`);
    return svc;
  });
  return {
    throttleRate,
    errorRate,
    errorAfterShare: b.errorAfterShare === undefined ? 0.5 : rate(b.errorAfterShare, 'errorAfterShare'),
    ...(b.maxFaults !== undefined ? { maxFaults: b.maxFaults } : {}),
    latencyMs: millis(b.latencyMs, 'latencyMs'),
    latencyJitterMs: millis(b.latencyJitterMs, 'latencyJitterMs'),
    consistencyDelayMs: millis(b.consistencyDelayMs, 'consistencyDelayMs'),
    seed: b.seed ?? 1,
    ...(services ? { services } : {}),
    ...(b.operations ? { operations: names(b.operations, 'operations') } : {}),
  };
}
