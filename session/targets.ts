import { UsageError } from '../core/errors';
import { endpointTarget, probeEndpoint } from '../runner/targets/endpoint';
import { labwrightCapabilities } from '../runner/targets/capability-sets';
import type { Target, TargetName } from '../runner/target';
import type { AwsPreflightSpec } from '../runner/lab';
import { assertAwsReady, awsTarget } from '../runner/targets/aws';
import { waitForLocalStack } from '../runner/targets/localstack';
import { resolveRegion } from '../aws/region';
import { isProfileName } from '../emulator/framework/time-profile';

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

/**
 * Resolves the target flags into a started Target: `embedded` starts the emulator in-process on a
 * free loopback port (stopped by `close()`); `--endpoint` implies `endpoint` and is probed for its
 * capability profile; `localstack` is an endpoint at :4566; `aws` uses the default credential chain.
 */
export async function resolveTarget(flags: TargetFlags): Promise<Target> {
  const name: TargetName = (flags.endpoint && (!flags.target || flags.target === 'embedded') ? 'endpoint' : (flags.target ?? 'embedded')) as TargetName;
  // Only a real account reads the shared-config profile's region; emulators do not depend on ~/.aws.
  const { region } = await resolveRegion({ flag: flags.region, awsProfile: flags.profile, readProfile: name === 'aws' });
  switch (name) {
    case 'embedded': {
      // Loaded here: the emulator (some 200 modules) is paid for only by the commands that start it.
      // `require`, not `import()`: tsx (the fallback when dist/ is not built) hooks only require.
      const { startEmulator } = require('../emulator/server') as typeof import('../emulator/server');
      const time = flags.time ?? embeddedTimeProfile();
      const emulator = await startEmulator({ port: 0, profile: time.profile, timeScale: time.timeScale });
      return endpointTarget({ name, endpoint: emulator.endpoint, region, capabilitySet: labwrightCapabilities(time.profile, time.timeScale), onClose: () => emulator.stop() });
    }
    case 'endpoint': {
      if (!flags.endpoint) throw new UsageError('--target endpoint needs --endpoint URL (for example --endpoint http://127.0.0.1:4566).');
      if (!/^https?:\/\/[^/]+/.test(flags.endpoint)) throw new UsageError(`--endpoint '${flags.endpoint}' is not an http(s) URL; write it like http://127.0.0.1:4566.`);
      return endpointTarget({ name, endpoint: flags.endpoint, region, capabilitySet: await probeEndpoint(flags.endpoint) });
    }
    case 'localstack': {
      const endpoint = flags.endpoint ?? LOCALSTACK_URL;
      await waitForLocalStack(endpoint, 30_000);
      return endpointTarget({ name, endpoint, region, capabilitySet: await probeEndpoint(endpoint) });
    }
    case 'aws': {
      const target = awsTarget({ region, awsProfile: flags.profile });
      // Credentials, region, image, permissions and the cost guard, before anything is created.
      if (!flags.skipPreflight) await assertAwsReady(target, { instanceType: flags.preflight?.instanceType ?? 't3.micro', imageNamePattern: flags.preflight?.imageNamePattern, imageOwner: flags.preflight?.imageOwner });
      return target;
    }
    default:
      throw new UsageError(`Unknown target '${String(name)}'; use embedded, localstack, endpoint or aws.`);
  }
}
