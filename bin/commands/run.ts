import { Command } from 'commander';
import { addTargetOptions } from './options';
import { notYet } from './not-yet';

/** `labwright run [LAB]`: the whole lab as a script. */
export function registerRun(program: Command, _setExit: (code: number) => void): void {
  addTargetOptions(program.command('run').argument('[lab]', 'lab id', 'vpc-flow-logs').description('run the whole lab: provision, act, wait for every outcome, tear down, report'))
    .option('--report-dir <dir>', 'where report.json, junit.xml and index.html go (default out/<run-id>/)')
    .option('--only <steps>', 'comma-separated step ids to run')
    .option('--keep', 'leave the lab standing after the run')
    .option('--strict', 'treat unsupported steps as not passed')
    .option('--json', 'print the report JSON on stdout')
    .action(notYet('`labwright run`', 'the harness is being built; today `labwright pattern test` works'));
}
