import { Command, Option } from 'commander';

/**
 * Shared target flags of run, check, env and verify-checks. They carry no commander defaults, so a
 * command can tell "not given" apart (check's default target differs; see session/targets.ts).
 */
export function addTargetOptions(cmd: Command, defaultTarget = 'embedded'): Command {
  return cmd
    .addOption(new Option('--target <target>', `where to run (default: ${defaultTarget})`).choices(['embedded', 'localstack', 'endpoint', 'aws']))
    .option('--endpoint <url>', 'an AWS-compatible endpoint (implies --target endpoint)')
    // No default here: the region is --region, then AWS_REGION/AWS_DEFAULT_REGION, then the profile's, then us-east-1.
    .option('--region <region>', 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region, us-east-1)')
    .option('--profile <profile>', 'AWS shared-config profile (aws target)');
}
