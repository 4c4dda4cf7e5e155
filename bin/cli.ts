import { Command, CommanderError } from 'commander';
import { ExitCode, UsageError, errorMessage } from '../core/errors';
import { stderr } from '../core/log';
import { registerCommands } from './commands';
import { VERSION } from '../core/version';


/** Builds the CLI program; every command of the contract (architecture §3) is registered. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('labwright')
    .description('Automates and verifies AWS hands-on labs end to end (run, check, CI), with an embedded AWS emulator.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => stderr.write(s) })
    .exitOverride();
  registerCommands(program, setExit);
  return program;
}

/** Entry point: parses argv, runs the command, returns the exit code of the contract. */
export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through exitOverride with exit code 0.
      if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.ok;
      return ExitCode.usage;
    }
    if (err instanceof UsageError) {
      stderr.write(`labwright: ${err.message}\n`);
      return ExitCode.usage;
    }
    stderr.write(`labwright: internal error: ${errorMessage(err)}\n`);
    if (process.env.LABWRIGHT_DEBUG) stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return ExitCode.usage;
  }
}
