import { Command } from 'commander';
import { notYet } from './not-yet';

/** `labwright pattern test`: the console's "Test pattern" for course authors. */
export function registerPattern(program: Command, _setExit: (code: number) => void): void {
  const pattern = program.command('pattern').description('CloudWatch Logs filter-pattern tools');
  pattern
    .command('test')
    .description('test a filter pattern against log events, as the console does')
    .requiredOption('--pattern <pattern>', 'the filter pattern')
    .option('--event <text...>', 'a log event (repeatable)')
    .option('--events-file <file>', 'a file with one log event per line')
    .option('--json', 'print the result as JSON')
    .action(notYet('`labwright pattern test`', 'the pattern engine is being built'));
}
