import { Command } from 'commander';
import { UsageError } from '../../core/errors';
import { stderr, stdout } from '../../core/log';
import { startEmulator } from '../../emulator/server';

/** Validates `--port`. */
function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not '${value}'.`);
  return port;
}

/** `labwright emulator`: the embedded AWS emulator, standalone. */
export function registerEmulator(program: Command, _setExit: (code: number) => void): void {
  program
    .command('emulator')
    .description('run the embedded AWS emulator as a standalone endpoint')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port to bind (0 picks a free one)', '4566')
    .option('--data-dir <dir>', 'persist state here and reload it on start')
    .option('--profile <profile>', 'time profile: fast or realtime', 'fast')
    .action(async (flags: { host: string; port: string; dataDir?: string; profile: string }) => {
      if (flags.profile !== 'fast' && flags.profile !== 'realtime') throw new UsageError(`--profile must be fast or realtime, not '${flags.profile}'.`);
      const emulator = await startEmulator({
        host: flags.host,
        port: parsePort(flags.port),
        dataDir: flags.dataDir,
        profile: flags.profile,
        log: (line) => stderr.write(`${line}\n`),
      }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') throw new UsageError(`Port ${flags.port} on ${flags.host} is in use; pick another with --port (0 picks a free one).`);
        throw err;
      });
      stdout.write(`labwright emulator listening on ${emulator.endpoint} (profile ${emulator.profile}, ${flags.dataDir ? `data dir ${flags.dataDir}` : 'no data dir: state is kept in memory only'})\n`);
      await new Promise<void>((resolve) => {
        const onSignal = () => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          stderr.write('labwright emulator: stopping.\n');
          void emulator.stop().then(resolve, resolve);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
    });
}
