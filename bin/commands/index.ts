import { Command } from 'commander';
import { registerRun } from './run';
import { registerCheck } from './check';
import { registerVerifyChecks } from './verify-checks';
import { registerEnv } from './env';
import { registerEmulator } from './emulator';
import { registerPattern } from './pattern';
import { registerLabs } from './labs';
import { registerPolicy } from './policy';
import { registerSweep } from './sweep';

/** Registers every command of the CLI contract. `setExit` records the command's exit code. */
export function registerCommands(program: Command, setExit: (code: number) => void): void {
  for (const register of [registerRun, registerCheck, registerVerifyChecks, registerEnv, registerEmulator, registerPattern, registerLabs, registerPolicy, registerSweep]) {
    register(program, setExit);
  }
}
