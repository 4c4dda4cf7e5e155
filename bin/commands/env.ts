import { Command } from 'commander';
import { addTargetOptions } from './options';
import { notYet } from './not-yet';

/** `labwright env up|down [LAB]`: only the lab environment. */
export function registerEnv(program: Command, _setExit: (code: number) => void): void {
  addTargetOptions(program.command('env').argument('<action>', 'up or down').argument('[lab]', 'lab id', 'vpc-flow-logs').description('provision or remove only the lab environment (what a lab platform pre-provisions)'))
    .action(notYet('`labwright env`', 'it comes with the harness'));
}
