import type { Capability } from '../model';

/** Every capability: what a real account and the labwright emulator offer. */
export const ALL_CAPABILITIES: Capability[] = [
  'flow-log-delivery',
  'flow-log-delivery-s3',
  'metric-filter-eval',
  'alarm-eval',
  'sns-delivery',
  'logs-insights',
  'athena',
  'instance-ssh',
  'cloudtrail-delivery',
  'iam-enforcement',
];

/** A capability profile: what a kind of endpoint can prove, and why the rest cannot be. */
export interface CapabilitySet {
  kind: 'labwright' | 'localstack' | 'moto' | 'unknown' | 'aws';
  capabilities: Capability[];
  /** Why each missing capability is missing, in words for the report. */
  missing: Partial<Record<Capability, string>>;
  /** Multiplies AWS-sized wait budgets. */
  budgetScale: number;
  /** A labwright emulator's time profile (`fast`, `realtime`, `aws`), from its health answer. */
  timeProfile?: string;
  /** A labwright emulator's time scale: AWS's durations × this (aws and realtime profiles). */
  timeScale?: number;
}

/**
 * The budget scale for an emulator's time profile: `fast` delivers in seconds (×0.03); `aws` and
 * `realtime` take AWS's own durations × the time scale, so AWS's budgets × the same scale fit.
 */
export function budgetScaleFor(timeProfile: string | undefined, timeScale: number | undefined): number {
  if (timeProfile === 'aws' || timeProfile === 'realtime') return timeScale !== undefined && timeScale > 0 ? timeScale : 1;
  return LABWRIGHT_BUDGET_SCALE;
}

/** The fast profile's budget scale: an emulator minute is about two seconds. */
const LABWRIGHT_BUDGET_SCALE = 0.03;

/** The labwright emulator: everything, in seconds. */
export const LABWRIGHT_CAPABILITIES: CapabilitySet = { kind: 'labwright', capabilities: ALL_CAPABILITIES, missing: {}, budgetScale: LABWRIGHT_BUDGET_SCALE, timeProfile: 'fast', timeScale: 1 };

/** The labwright emulator running time profile `profile` × `timeScale`: budgets scaled to match. */
export function labwrightCapabilities(profile: string | undefined, timeScale: number | undefined): CapabilitySet {
  const scale = typeof timeScale === 'number' && Number.isFinite(timeScale) && timeScale > 0 ? timeScale : 1;
  const name = profile ?? 'fast';
  return { ...LABWRIGHT_CAPABILITIES, budgetScale: budgetScaleFor(name, scale), timeProfile: name, timeScale: scale };
}

/** A real AWS account. */
export const AWS_CAPABILITIES: CapabilitySet = { kind: 'aws', capabilities: ALL_CAPABILITIES, missing: {}, budgetScale: 1 };

/**
 * LocalStack's free edition, from its documented behaviour: flow logs are stored but never
 * delivered, metric-filter patterns are not honoured, alarms are evaluated, Insights ignores
 * filter/stats, Athena is Pro-only and instances are not reachable.
 */
export const LOCALSTACK_CAPABILITIES: CapabilitySet = {
  kind: 'localstack',
  capabilities: ['alarm-eval'],
  missing: {
    'flow-log-delivery': 'LocalStack stores flow logs but delivers no records',
    'flow-log-delivery-s3': 'LocalStack stores flow logs but delivers no records',
    'metric-filter-eval': 'LocalStack does not honour metric-filter patterns',
    'sns-delivery': 'LocalStack does not send email',
    'logs-insights': 'LocalStack Insights ignores filter and stats',
    athena: 'Athena needs LocalStack Pro',
    'instance-ssh': 'LocalStack instances are not reachable over the network',
    'cloudtrail-delivery': 'CloudTrail needs LocalStack Pro; the free edition records no API calls and delivers no trail files',
    'iam-enforcement': 'LocalStack enforces IAM policies only in Pro (ENFORCE_IAM); the free edition allows every call',
  },
  budgetScale: 0.1,
};

/** moto's server: API-only, like LocalStack without alarm evaluation. */
export const MOTO_CAPABILITIES: CapabilitySet = {
  kind: 'moto',
  capabilities: [],
  missing: {
    ...LOCALSTACK_CAPABILITIES.missing,
    'alarm-eval': 'moto never moves an alarm',
    'cloudtrail-delivery': 'moto stores trails but delivers no records',
    'iam-enforcement': 'moto allows every call unless INITIAL_NO_AUTH_ACTION_COUNT is set',
  },
  budgetScale: 0.1,
};

/** An endpoint that answered no known probe: assume the API only, prove nothing that needs a data plane. */
export const UNKNOWN_CAPABILITIES: CapabilitySet = {
  kind: 'unknown',
  capabilities: [],
  missing: Object.fromEntries(ALL_CAPABILITIES.map((c) => [c, 'the endpoint is not a known emulator, so this cannot be proven there'])),
  budgetScale: 0.5,
};
