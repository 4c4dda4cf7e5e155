// `labwright sweep` end to end: in the target's region, the regions given, or every region the
// account has enabled (EC2 DescribeRegions); IAM roles (global) are looked at once. One listing or
// resource that fails is reported and skipped; the caller exits 1 if anything was skipped or left.
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { CallRecorder } from '../aws/calls';
import { createClients, destroyClients, type AwsClients } from '../aws/clients';
import type { AnyLab } from '../runner/lab';
import { sweep, type SweepResult } from '../runner/sweep';
import type { Target } from '../runner/target';
import type { TeardownOptions } from '../runner/teardown';
import { credentialProblem } from '../runner/targets/preflight';

/** What to sweep and how. */
export interface SweepTargetOptions {
  olderThanMs: number;
  dryRun: boolean;
  log(line: string): void;
  /** Every region enabled for the account instead of the target's. */
  allRegions?: boolean;
  recorder?: CallRecorder;
  teardown?: TeardownOptions;
}

/** What one region's sweep gave. */
export type RegionSweep = SweepResult & { region: string };

/** The regions a sweep covers: the target's, or every region enabled for the account (the target's first). */
export async function sweepRegions(target: Target, allRegions: boolean, recorder?: CallRecorder): Promise<string[]> {
  if (!allRegions) return [target.region];
  const clients = clientsFor(target, target.region, recorder);
  try {
    const out = await clients.ec2.send(new DescribeRegionsCommand({}));
    const names = (out.Regions ?? []).map((r) => r.RegionName!).filter(Boolean).sort();
    return [target.region, ...names.filter((r) => r !== target.region)];
  } finally {
    destroyClients(clients);
  }
}

/** Sweeps a target for what crashed runs of any of `labs` left behind (by tag, and by the labs' name prefixes), region by region. */
export async function sweepTarget(labs: AnyLab[], target: Target, o: SweepTargetOptions): Promise<RegionSweep[]> {
  const hints = {
    rolePrefixes: labs.flatMap((l) => l.sweep?.rolePrefixes ?? []),
    bucketPrefixes: labs.flatMap((l) => l.sweep?.bucketPrefixes ?? []),
  };
  const regions = await sweepRegions(target, Boolean(o.allRegions), o.recorder).catch((err) => {
    throw credentialProblem(err, target.region) ?? err;
  });
  const results: RegionSweep[] = [];
  for (const [n, region] of regions.entries()) {
    const clients = clientsFor(target, region, o.recorder);
    try {
      const r = await sweep(clients, { region, olderThanMs: o.olderThanMs, dryRun: o.dryRun, log: o.log, hints, roles: n === 0, teardown: o.teardown }).catch((err) => {
        throw credentialProblem(err, region) ?? err;
      });
      results.push({ ...r, region });
    } finally {
      destroyClients(clients);
    }
  }
  return results;
}

function clientsFor(target: Target, region: string, recorder = new CallRecorder()): AwsClients {
  // Sweep makes few calls: the SDK's default retries suffice, and what still fails is skipped.
  // It lists every bucket of the account, so S3 follows a bucket's redirect to its own region.
  return createClients({ region, endpoint: target.endpoint, credentials: target.credentials, awsProfile: target.awsProfile, recorder, followRegionRedirects: true });
}
