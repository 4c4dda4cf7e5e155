import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { UsageError } from '../../core/errors';
import { AWS_CAPABILITIES } from './capability-sets';
import { checkInstanceType } from './cost-guard';
import { preflight, type PreflightClients, type PreflightOk } from './preflight';
import type { Capability } from '../model';
import type { Target } from '../target';

/** Where the client's public IP is asked on a real account (AWS's own service). */
export const CHECKIP_URL = 'https://checkip.amazonaws.com/';

/** Options of the aws target. */
export interface AwsTargetOptions {
  region: string;
  /** The AWS shared-config profile. */
  awsProfile?: string;
  /** Fetch used for checkip (tests inject one). */
  fetchText?: (url: string) => Promise<string>;
}

/**
 * The IPv4 address in a checkip answer (one line, e.g. "203.0.113.7\n"); anything else — an HTML
 * captive-portal page, an IPv6 address, a proxy's error — is an error naming what came back.
 */
export function parseCheckIp(text: string): string {
  const found = text.trim();
  const ok = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(found);
  if (!ok || ok.slice(1).some((octet) => Number(octet) > 255)) {
    throw new Error(`${CHECKIP_URL} answered '${found.slice(0, 40)}', not an IPv4 address; flow records show the client's public IPv4, so the checks need it.`);
  }
  return found;
}

/** A real AWS account: the default credential chain, real budgets, instances reached at their public IP. */
export function awsTarget(opts: AwsTargetOptions): Target {
  let ip: Promise<string> | undefined;
  const fetchText = opts.fetchText ?? (async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text());
  return {
    name: 'aws',
    region: opts.region,
    awsProfile: opts.awsProfile,
    capabilities: new Set<Capability>(AWS_CAPABILITIES.capabilities),
    // Scale 1: the console shows the scheduler's real AWS budgets (5 min for CloudWatch delivery, 15 for S3).
    budgetScale: AWS_CAPABILITIES.budgetScale,
    intervalsMs: [2000, 5000, 10_000, 15_000],
    sshTimeoutMs: 15_000,
    instanceAddress: async (instance, port) => {
      if (!instance.publicIp) throw new Error(`Instance ${instance.instanceId} has no public IPv4 address to connect to.`);
      return { host: instance.publicIp, port };
    },
    // Asked once per run; a failed answer is not cached, so a later step may ask again.
    clientIp: () =>
      (ip ??= fetchText(CHECKIP_URL)
        .then(parseCheckIp)
        .catch((err) => {
          ip = undefined;
          throw err;
        })),
    close: async () => {},
  };
}

/** What `assertAwsReady` checks beyond the target itself. */
export interface AwsReadyOptions {
  /** The instance type the environment launches (fixtures/environment.ts ENVIRONMENT.instanceType). */
  instanceType: string;
  imageNamePattern?: string;
  imageOwner?: string;
  /** Clients to probe with (tests); by default short-lived STS and EC2 clients of the target's region and profile. */
  clients?: PreflightClients;
}

/**
 * The gate before a run on a real account: the cost guard's instance-type allow-list, then the
 * preflight. Throws the UsageError (exit 2, one line) when anything is missing; returns the
 * account, caller and image otherwise.
 */
export async function assertAwsReady(target: Pick<Target, 'region' | 'awsProfile'>, opts: AwsReadyOptions): Promise<PreflightOk> {
  checkInstanceType(opts.instanceType);
  const own = opts.clients
    ? undefined
    : { sts: new STSClient({ region: target.region, profile: target.awsProfile }), ec2: new EC2Client({ region: target.region, profile: target.awsProfile }) };
  try {
    const result = await preflight(opts.clients ?? own!, { region: target.region, instanceType: opts.instanceType, imageNamePattern: opts.imageNamePattern, imageOwner: opts.imageOwner });
    if (result instanceof UsageError) throw result;
    return result;
  } finally {
    own?.sts.destroy();
    own?.ec2.destroy();
  }
}
