import { Command } from 'commander';
import { stdout } from '../../core/log';
import { labFor } from '../../session/labs';
import { labPolicy } from '../../session/policy';

/** `labwright policy [LAB] [--run] [--result-location S3URI]`: the least-privilege IAM policy for `check` (or a run). */
export function registerPolicy(program: Command, setExit: (code: number) => void): void {
  program
    .command('policy')
    .argument('[lab]', 'lab id', 'vpc-flow-logs')
    .option('--run', 'the policy a full `run` (and `sweep`) needs instead of `check`')
    .option('--result-location <s3uri>', "limit Athena's result writes (s3:PutObject) to this query result location, e.g. s3://my-bucket/athena-results/")
    .description('print the least-privilege IAM policy JSON for `check`')
    .action((lab: string, flags: { run?: boolean; resultLocation?: string }) => {
      stdout.write(`${JSON.stringify(labPolicy(labFor(lab), flags.run ? 'run' : 'check', { resultLocation: flags.resultLocation }), null, 2)}\n`);
      setExit(0);
    });
}
