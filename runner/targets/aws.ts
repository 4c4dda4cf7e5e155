import { AWS_PROFILE } from './profiles';
import type { Capability } from '../model';
import type { Target } from '../target';

/** Where the client's public IP is asked on a real account (AWS's own service). */
export const CHECKIP_URL = 'https://checkip.amazonaws.com/';

/** Options of the aws target. */
export interface AwsTargetOptions {
  region: string;
  profile?: string;
  /** Fetch used for checkip (tests inject one). */
  fetchText?: (url: string) => Promise<string>;
}

/** A real AWS account: the default credential chain, real budgets, instances reached at their public IP. */
export function awsTarget(opts: AwsTargetOptions): Target {
  let ip: Promise<string> | undefined;
  const fetchText = opts.fetchText ?? (async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text());
  return {
    name: 'aws',
    region: opts.region,
    profile: opts.profile,
    capabilities: new Set<Capability>(AWS_PROFILE.capabilities),
    budgetScale: AWS_PROFILE.budgetScale,
    intervalsMs: [2000, 5000, 10_000, 15_000],
    sshTimeoutMs: 15_000,
    instanceAddress: async (instance, port) => {
      if (!instance.publicIp) throw new Error(`Instance ${instance.instanceId} has no public IPv4 address to connect to.`);
      return { host: instance.publicIp, port };
    },
    clientIp: () =>
      (ip ??= fetchText(CHECKIP_URL).then((text) => {
        const found = text.trim();
        if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(found)) throw new Error(`${CHECKIP_URL} answered '${found.slice(0, 40)}', not an IPv4 address.`);
        return found;
      })),
    close: async () => {},
  };
}
