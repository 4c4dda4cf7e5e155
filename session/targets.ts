import { UsageError } from '../core/errors';
import { EMULATOR_CREDENTIALS, endpointTarget, probeEndpoint } from '../runner/targets/endpoint';
import { labwrightCapabilities } from '../runner/targets/capability-sets';
import type { Target, TargetName } from '../runner/target';
import type { AwsPreflightSpec } from '../runner/lab';
import { assertAwsReady, awsTarget } from '../runner/targets/aws';
import { waitForLocalStack } from '../runner/targets/localstack';
import { resolveRegion } from '../aws/region';
import { isProfileName } from '../emulator/framework/time-profile';
import { checkPreflight } from '../runner/targets/check-preflight';
import { assertProfileKnown, validateRegion } from '../runner/targets/validate';
import { firstAnswer } from '../runner/targets/reachability';

/** The target flags of the CLI contract. */
export interface TargetFlags {
  target?: string;
  endpoint?: string;
  region?: string;
  profile?: string;
  /** What the aws preflight probes for the lab (its environment's instance type and image). */
  preflight?: AwsPreflightSpec;
  /** Skip the aws preflight (commands that only read or delete, such as sweep, do their own). */
  skipPreflight?: boolean;
  /** The target when neither --target nor --endpoint is given (`check`: the student's own account). */
  defaultTarget?: TargetName;
  /** `check`: the read-only preflight (credentials, region, STS identity, an endpoint that answers like AWS). */
  purpose?: 'check';
  /** `check --client-ip`: the student's public address, pinned (otherwise found in the records). */
  clientIp?: string;
  /** The embedded emulator's time profile (default: embeddedTimeProfile(), from the environment). */
  time?: { profile: 'fast' | 'realtime' | 'aws'; timeScale: number };
}

/**
 * The embedded emulator's time profile: `fast` unless LABWRIGHT_TIME_PROFILE (and
 * LABWRIGHT_TIME_SCALE) say otherwise, e.g. `aws` at 0.02 to run a lab at AWS's pace × 0.02.
 */
export function embeddedTimeProfile(env: NodeJS.ProcessEnv = process.env): { profile: 'fast' | 'realtime' | 'aws'; timeScale: number } {
  const name = env.LABWRIGHT_TIME_PROFILE ?? 'fast';
  if (!isProfileName(name)) throw new UsageError(`LABWRIGHT_TIME_PROFILE must be fast, realtime or aws, not '${name}'.`);
  const scale = env.LABWRIGHT_TIME_SCALE === undefined || env.LABWRIGHT_TIME_SCALE === '' ? 1 : Number(env.LABWRIGHT_TIME_SCALE);
  if (!Number.isFinite(scale) || scale <= 0) throw new UsageError(`LABWRIGHT_TIME_SCALE must be a positive number such as 0.02, not '${env.LABWRIGHT_TIME_SCALE}'.`);
  return { profile: name, timeScale: scale };
}

/** The URL LocalStack listens on by default. */
export const LOCALSTACK_URL = process.env.LOCALSTACK_ENDPOINT ?? 'http://localhost:4566';

/** The target the flags name: `--endpoint` alone implies `endpoint`; nothing at all means the command's default. */
export function targetNameOf(flags: Pick<TargetFlags, 'target' | 'endpoint' | 'defaultTarget'>): TargetName {
  if (flags.endpoint && (!flags.target || flags.target === 'endpoint' || flags.target === 'embedded')) return 'endpoint';
  return (flags.target ?? flags.defaultTarget ?? 'embedded') as TargetName;
}

/** Flag combinations that would silently do nothing are usage errors (one line, exit 2). */
function assertFlagsMeaningful(name: TargetName, flags: TargetFlags): void {
  if (flags.endpoint && name === 'aws') throw new UsageError("--endpoint does not go with --target aws (your own account is reached at AWS's endpoints): drop one of them.");
  if (flags.endpoint && flags.target === 'embedded') throw new UsageError('--endpoint does not go with --target embedded (the embedded emulator runs in this process): drop --target embedded to use the endpoint.');
  if (flags.profile && name !== 'aws') throw new UsageError(`--profile is an AWS shared-config profile and only applies to --target aws, not ${name}: drop it, or add --target aws.`);
  if (flags.region !== undefined) validateRegion(flags.region);
  if (flags.clientIp !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(flags.clientIp)) throw new UsageError(`--client-ip must be the IPv4 address you connected from, such as 192.0.2.44, not '${flags.clientIp}'.`);
}

/**
 * Resolves the target flags into a started Target: `embedded` starts the emulator in-process on a
 * free loopback port (stopped by `close()`); `--endpoint` implies `endpoint` and is probed for its
 * capability profile; `localstack` is an endpoint at :4566; `aws` uses the default credential chain.
 */
export async function resolveTarget(flags: TargetFlags): Promise<Target> {
  const name = targetNameOf(flags);
  assertFlagsMeaningful(name, flags);
  const envRegion = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined;
  if (flags.region === undefined && envRegion) validateRegion(envRegion, process.env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION');
  const explicitRegion = flags.region ?? envRegion;
  // Then the AWS profile's region, for a real account only (check asks the SDK in its own preflight);
  // emulators never depend on the machine's ~/.aws.
  const region = explicitRegion ?? (await resolveRegion({ awsProfile: flags.profile, readProfile: name === 'aws' && flags.purpose !== 'check' })).region;
  const target = await startTarget(name, flags, explicitRegion, region);
  if (flags.clientIp) target.studentIp = flags.clientIp;
  return target;
}

async function startTarget(name: TargetName, flags: TargetFlags, explicitRegion: string | undefined, region: string): Promise<Target> {
  const check = flags.purpose === 'check';
  switch (name) {
    case 'embedded': {
      // Loaded here: the emulator (some 200 modules) is paid for only by the commands that start it.
      // `require`, not `import()`: tsx (the fallback when dist/ is not built) hooks only require.
      const { startEmulator } = require('../emulator/server') as typeof import('../emulator/server');
      const time = flags.time ?? embeddedTimeProfile();
      const emulator = await startEmulator({ port: 0, profile: time.profile, timeScale: time.timeScale });
      return endpointTarget({ name, endpoint: emulator.endpoint, region, capabilitySet: labwrightCapabilities(time.profile, time.timeScale), onClose: () => emulator.stop(), inProcess: true });
    }
    case 'endpoint': {
      if (!flags.endpoint) throw new UsageError('--target endpoint needs --endpoint URL (for example --endpoint http://127.0.0.1:4566).');
      if (!/^https?:\/\/[^/]+/.test(flags.endpoint)) throw new UsageError(`--endpoint '${flags.endpoint}' is not an http(s) URL; write it like http://127.0.0.1:4566.`);
      // check: the endpoint must answer, and answer like AWS, before any step is judged.
      if (check) await checkPreflight({ endpoint: flags.endpoint, region, credentials: EMULATOR_CREDENTIALS });
      return endpointTarget({ name, endpoint: flags.endpoint, region, capabilitySet: await probeEndpoint(flags.endpoint) });
    }
    case 'localstack': {
      const endpoint = flags.endpoint ?? LOCALSTACK_URL;
      // Nothing listening is named at once; a LocalStack that answers gets time to start its services.
      const down = await firstAnswer(`${endpoint.replace(/\/+$/, '')}/_localstack/health`, 3000);
      if (down) throw new UsageError(`LocalStack is not running at ${endpoint} (${down}): start it with docker compose -f docker-compose.localstack.yml up -d, or set LOCALSTACK_ENDPOINT.`);
      await waitForLocalStack(endpoint, 30_000);
      if (check) await checkPreflight({ endpoint, region, credentials: EMULATOR_CREDENTIALS });
      return endpointTarget({ name, endpoint, region, capabilitySet: await probeEndpoint(endpoint) });
    }
    case 'aws': {
      const profile = flags.profile ?? process.env.AWS_PROFILE;
      if (profile) assertProfileKnown(profile, flags.profile ? '--profile' : 'AWS_PROFILE');
      if (check) {
        // Read-only: credentials, region (the SDK's own when none is given), STS identity.
        const who = await checkPreflight({ region: explicitRegion, awsProfile: flags.profile });
        return awsTarget({ region: who.region, awsProfile: flags.profile });
      }
      const target = awsTarget({ region, awsProfile: flags.profile });
      // Credentials, region, image, permissions and the cost guard, before anything is created.
      if (!flags.skipPreflight) await assertAwsReady(target, { instanceType: flags.preflight?.instanceType ?? 't3.micro', imageNamePattern: flags.preflight?.imageNamePattern, imageOwner: flags.preflight?.imageOwner });
      return target;
    }
    default:
      throw new UsageError(`Unknown target '${String(name)}'; use embedded, localstack, endpoint or aws.`);
  }
}
