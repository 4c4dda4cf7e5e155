// Which region a command works in: `--region`, then AWS_REGION / AWS_DEFAULT_REGION, then the region
// of the AWS shared-config profile (as the AWS CLI resolves it), then us-east-1.
import { STSClient } from '@aws-sdk/client-sts';

/** The region when nothing names one (the AWS CLI's own fallback in labs). */
export const FALLBACK_REGION = 'us-east-1';

/** Where a resolved region came from, for messages. */
export type RegionSource = 'flag' | 'env' | 'profile' | 'default';

/**
 * Resolves the region of a command. The profile's region is read through the SDK's own loader
 * (~/.aws/config, AWS_CONFIG_FILE, `[profile NAME]`), only when `readProfile` is set (a real account):
 * an emulator run does not depend on the machine's AWS configuration.
 */
export async function resolveRegion(
  opts: { flag?: string; awsProfile?: string; readProfile: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ region: string; source: RegionSource }> {
  if (opts.flag) return { region: opts.flag, source: 'flag' };
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return { region: fromEnv, source: 'env' };
  if (opts.readProfile) {
    const client = new STSClient({ profile: opts.awsProfile });
    try {
      const region = await client.config.region();
      if (region) return { region, source: 'profile' };
    } catch {
      // No region in the profile: the SDK says "Region is missing"; fall back like the CLI's labs do.
    } finally {
      client.destroy();
    }
  }
  return { region: FALLBACK_REGION, source: 'default' };
}
