// Issue 16: `labwright emulator --port P` when something else holds P exits 2 with one line that
// names the port and the fix — it used to print an error and hang, because the emulator's engines
// had started before the listen failed and kept the process alive.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../../emulator/server';
import { runCli } from './helpers-cli';

jest.setTimeout(120_000);

let holder: Server;
let port: number;

beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = (holder.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => holder.close(() => resolve()));
});

describe('an emulator port that is already taken', () => {
  it('makes `labwright emulator --port P` exit 2 on its own, with one line naming the port', async () => {
    // Were the process to hang, the helper would kill it (signal SIGKILL, code null).
    const run = await runCli(['emulator', '--port', String(port)], { timeoutMs: 60_000 });
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 2, signal: null });
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      `labwright: Port ${port} on 127.0.0.1 is already in use: choose another with --port (0 picks a free one) or stop what holds it.`,
    ]);
  });

  it('makes startEmulator reject with a sentence naming the address, keeping the system code', async () => {
    const err = await startEmulator({ port }).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect({ message: err!.message, code: err!.code }).toEqual({ message: `Port ${port} on 127.0.0.1 is already in use (127.0.0.1:${port}).`, code: 'EADDRINUSE' });
  });

  it('still starts on a free port afterwards, in the same process', async () => {
    const emu = await startEmulator({ port: 0 });
    const health = await fetch(`${emu.endpoint}/_localstack/health`);
    expect(health.status).toBe(200);
    await emu.stop();
  });
});
