import { Command } from 'commander';
import { stdout } from '../../core/log';
import { labFor } from '../../session/labs';
import { labPolicy } from '../../session/policy';

/** `labwright policy [LAB]`: least-privilege IAM policy for `check`. */
export function registerPolicy(program: Command, setExit: (code: number) => void): void {
  program
    .command('policy')
    .argument('[lab]', 'lab id', 'vpc-flow-logs')
    .option('--run', 'the policy a full `run` (and `sweep`) needs instead of `check`')
    .description('print the least-privilege IAM policy JSON for `check`')
    .action((lab: string, flags: { run?: boolean }) => {
      stdout.write(`${JSON.stringify(labPolicy(labFor(lab), flags.run ? 'run' : 'check'), null, 2)}\n`);
      setExit(0);
    });
}
