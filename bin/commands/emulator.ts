import { Command } from 'commander';
import { notYet } from './not-yet';

/** `labwright emulator`: the embedded AWS emulator, standalone. */
export function registerEmulator(program: Command, _setExit: (code: number) => void): void {
  program
    .command('emulator')
    .description('run the embedded AWS emulator as a standalone endpoint')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port to bind (0 picks a free one)', '4566')
    .option('--data-dir <dir>', 'persist state here and reload it on start')
    .option('--profile <profile>', 'time profile: fast or realtime', 'fast')
    .action(notYet('`labwright emulator`', 'the emulator is being built'));
}
