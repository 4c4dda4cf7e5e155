// Validation of the target flags before anything is sent: a region that AWS could have, and an AWS
// profile that the shared config files hold. Each failure is ONE line naming the fix (exit 2).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../core/errors';

/**
 * The shape of every AWS region name across the partitions (aws, aws-cn, aws-us-gov, the ISO
 * partitions): two letters, an optional partition part (gov, iso, isob, isoe, isof), a direction or
 * area, and a number. New regions fit it without a code change; `mars-1` and `us-east` do not.
 */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** Throws the one-line UsageError when `region` cannot be an AWS region. */
export function validateRegion(region: string, flag = '--region'): void {
  if (!REGION_PATTERN.test(region)) {
    throw new UsageError(`${flag} '${region}' is not an AWS region; write it like us-east-1 or eu-west-2 (the region your lab runs in).`);
  }
}

/** Where the shared config and credentials files are (the SDK's own environment variables first). */
export function sharedConfigFiles(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/** The profile names an INI file declares: `[profile x]` / `[x]` in config, `[x]` in credentials. */
export function profilesIn(text: string, kind: 'config' | 'credentials'): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (!m) continue;
    const section = m[1];
    if (kind === 'credentials') out.push(section);
    else if (section === 'default') out.push('default');
    else if (/^profile\s+/.test(section)) out.push(section.replace(/^profile\s+/, ''));
  }
  return out;
}

/**
 * Throws the one-line UsageError when `profile` (from --profile or AWS_PROFILE) is in neither
 * shared file: the SDK's own answer ("Could not load credentials") hides the typo.
 */
export function assertProfileKnown(profile: string, source: '--profile' | 'AWS_PROFILE', env: NodeJS.ProcessEnv = process.env): void {
  const files = sharedConfigFiles(env);
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const known = new Set([...profilesIn(read(files.config), 'config'), ...profilesIn(read(files.credentials), 'credentials')]);
  if (known.has(profile)) return;
  const listed = known.size ? `; the profiles there are ${[...known].sort().join(', ')}` : '';
  const how = source === 'AWS_PROFILE' ? 'set AWS_PROFILE to one of them or unset it' : `check the spelling, or create it with aws configure --profile ${profile}`;
  throw new UsageError(`The AWS profile '${profile}' is not in ~/.aws/config or ~/.aws/credentials (from ${source}${listed}): ${how}.`);
}
