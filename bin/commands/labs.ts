import { Command } from 'commander';
import { notYet } from './not-yet';

/** `labwright labs`: lists labs and their step ids. */
export function registerLabs(program: Command, _setExit: (code: number) => void): void {
  program.command('labs').description('list the labs and their step ids').action(notYet('`labwright labs`', 'it comes with the harness'));
}
