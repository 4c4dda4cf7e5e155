import { Command } from 'commander';
import { addTargetOptions } from './options';
import { notYet } from './not-yet';

/** `labwright check [LAB] [STEP...]`: read-only progress check for students. */
export function registerCheck(program: Command, _setExit: (code: number) => void): void {
  addTargetOptions(program.command('check').argument('[lab]', 'lab id', 'vpc-flow-logs').argument('[steps...]', 'step ids to check (default: all)').description("check a student's progress, read-only, with hints"))
    .option('--json', 'print the report JSON on stdout')
    .option('--watch', 're-check on an interval and serve a live page on 127.0.0.1')
    .action(notYet('`labwright check`', 'it comes after the harness'));
}
