import { Command } from 'commander';
import { UsageError } from '../../core/errors';
import { stderr, stdout } from '../../core/log';
import { FaultSettingsError, resolveFaults } from '../../emulator/faults/settings';
import type { FaultSettings } from '../../emulator/faults/settings';
import { isProfileName, PROFILE_NAMES } from '../../emulator/framework/time-profile';

/** Validates `--port`. */
function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not '${value}'.`);
  return port;
}

/** Parses `--noise SEED[:PER_WINDOW]` (default 3 rejected scans per instance per capture window). */
export function parseNoise(value: string): { seed: number; perWindow: number } {
  const m = /^(\d+)(?::(\d+))?$/.exec(value);
  if (!m) throw new UsageError(`--noise takes SEED or SEED:PER_WINDOW, whole numbers (e.g. --noise 42:3), not '${value}'.`);
  return { seed: Number(m[1]), perWindow: m[2] === undefined ? 3 : Number(m[2]) };
}

/** Validates `--time-scale F`: a positive number (1 = AWS's own durations). */
export function parseTimeScale(value: string): number {
  const f = Number(value);
  if (value.trim() === '' || !Number.isFinite(f) || f <= 0) throw new UsageError(`--time-scale must be a positive number such as 1 (AWS's own durations) or 0.02 (fifty times faster), not '${value}'.`);
  return f;
}

/** Parses and validates `--faults JSON` (the body `POST /_emulator/faults` takes). */
export function parseFaults(text: string): FaultSettings {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UsageError(`--faults takes a JSON object such as '{"throttleRate":0.1,"seed":42}', not '${text.slice(0, 60)}'.`);
  }
  try {
    resolveFaults(body);
  } catch (err) {
    if (err instanceof FaultSettingsError) throw new UsageError(`--faults: ${err.message}`);
    throw err;
  }
  return body as FaultSettings;
}

/** `labwright emulator`: the embedded AWS emulator, standalone. */
export function registerEmulator(program: Command, _setExit: (code: number) => void): void {
  program
    .command('emulator')
    .description('run the embedded AWS emulator as a standalone endpoint')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port to bind (0 picks a free one)', '4566')
    .option('--data-dir <dir>', 'persist state here and reload it on start')
    // The contract names this flag --profile; it is the emulator's time profile (env LABWRIGHT_TIME_PROFILE,
    // formerly LABWRIGHT_PROFILE, still read), never an AWS profile or a capability set.
    .option('--profile <timeProfile>', 'time profile: fast, realtime or aws (AWS\'s delays and consistency; env LABWRIGHT_TIME_PROFILE)', process.env.LABWRIGHT_TIME_PROFILE ?? process.env.LABWRIGHT_PROFILE ?? 'fast')
    .option('--time-scale <F>', 'multiply every duration of the profile by F (e.g. 0.02 with --profile aws)', '1')
    .option('--client-ip <ip>', 'the public IP loopback clients appear as (env LABWRIGHT_CLIENT_IP)', process.env.LABWRIGHT_CLIENT_IP)
    .option('--noise <seed[:perWindow]>', 'seeded background noise: rejected internet scans on every instance (off by default)')
    .option('--auto-confirm', 'confirm email subscriptions at once (no confirmation step)')
    .option('--faults <json>', 'inject faults from the start, e.g. \'{"throttleRate":0.1,"errorRate":0.05,"consistencyDelayMs":300,"seed":42}\'')
    .option('--verify-signatures', 'reject unsigned or badly signed requests as AWS does (keys: test/test and IAM access keys)')
    .action(async (flags: { host: string; port: string; dataDir?: string; profile: string; timeScale: string; clientIp?: string; noise?: string; autoConfirm?: boolean; faults?: string; verifySignatures?: boolean }) => {
      const profile = flags.profile;
      if (!isProfileName(profile)) throw new UsageError(`--profile must be ${PROFILE_NAMES.join(', ').replace(/, (\w+)$/, ' or $1')}, not '${profile}'.`);
      const timeScale = parseTimeScale(flags.timeScale);
      if (flags.autoConfirm && profile === 'aws') throw new UsageError('--auto-confirm does not go with --profile aws: AWS never confirms an email subscription by itself. Drop one of them.');
      if (flags.clientIp !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(flags.clientIp)) throw new UsageError(`--client-ip must be an IPv4 address such as 192.0.2.44, not '${flags.clientIp}'.`);
      const noise = flags.noise === undefined ? undefined : parseNoise(flags.noise);
      const faults = flags.faults === undefined ? undefined : parseFaults(flags.faults);
      // Loaded here, not at start: the emulator is some 200 modules no other command needs.
      // `require`, not `import()`: tsx (the fallback when dist/ is not built) hooks only require.
      const { startEmulator } = require('../../emulator/server') as typeof import('../../emulator/server');
      const emulator = await startEmulator({
        host: flags.host,
        port: parsePort(flags.port),
        dataDir: flags.dataDir,
        profile,
        timeScale,
        clientIp: flags.clientIp,
        noise,
        faults,
        verifySignatures: flags.verifySignatures === true,
        log: (line) => stderr.write(`${line}\n`),
      }).catch((err: NodeJS.ErrnoException) => {
        // startEmulator has released everything it opened: the process ends after this one line.
        if (err.code === 'EADDRINUSE') throw new UsageError(`Port ${flags.port} on ${flags.host} is already in use: choose another with --port (0 picks a free one) or stop what holds it.`);
        if (err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') throw new UsageError(`${err.message} Choose another --host or --port.`);
        throw err;
      });
      if (flags.autoConfirm) {
        await fetch(`${emulator.endpoint}/_emulator/sns/auto-confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"enabled":true}' });
      }
      stdout.write(`labwright emulator listening on ${emulator.endpoint} (profile ${emulator.profile}${emulator.timeScale !== 1 ? ` × ${emulator.timeScale}` : ''}, ${flags.dataDir ? `data dir ${flags.dataDir}` : 'no data dir: state is kept in memory only'}${noise ? `, noise seed ${noise.seed} × ${noise.perWindow}` : ''})\n`);
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
