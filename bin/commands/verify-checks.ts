import { Command } from 'commander';
import { addTargetOptions } from './options';
import { notYet } from './not-yet';

/** `labwright verify-checks [LAB]`: proves every check fails on wrong state. */
export function registerVerifyChecks(program: Command, _setExit: (code: number) => void): void {
  addTargetOptions(program.command('verify-checks').argument('[lab]', 'lab id', 'vpc-flow-logs').description('prove each check fails before its solve, passes after, and catches its mutations'))
    .action(notYet('`labwright verify-checks`', 'it comes after the harness'));
}
