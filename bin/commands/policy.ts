import { Command } from 'commander';
import { notYet } from './not-yet';

/** `labwright policy [LAB]`: least-privilege IAM policy for `check`. */
export function registerPolicy(program: Command, _setExit: (code: number) => void): void {
  program
    .command('policy')
    .argument('[lab]', 'lab id', 'vpc-flow-logs')
    .option('--run', 'the policy a full `run` needs instead of `check`')
    .description('print the least-privilege IAM policy JSON for `check`')
    .action(notYet('`labwright policy`', 'it comes with the student checker'));
}
