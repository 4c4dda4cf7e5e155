// sshLogin against real loopback servers: an ssh2 server with a password login, a server that
// accepts TCP and never speaks (a dropped connection), and a closed port.
import { connect, createServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Server, utils } from 'ssh2';
import type { Ctx as LabContext, Env as LabEnvironment } from '../../scenarios/vpc-flow-logs/blocks';
import { systemClock } from '../../core/clock';
import { CleanupLedger } from '../../runner/ledger';
import type { Target } from '../../runner/target';
import { classifySshError, hostKeyStateKey, sshLogin } from '../../steps/ssh';

const USER = 'cloud_user';
const PASSWORD = 'Sup3rSecretPassw0rd';

function sshServer(hostKey: string): Promise<{ server: Server; port: number }> {
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === USER && ctx.password === PASSWORD) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec();
          stream.write(info.command === 'whoami' ? `${USER}\n` : '');
          stream.exit(0);
          stream.end();
        });
      });
    });
    client.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

// A handshake on a loaded machine can take seconds: only the dropped-connection test (the silent
// server, which never answers) uses a short timeout, since its outcome does not depend on speed.
function ctxFor(port: number, overrides: Partial<LabEnvironment> = {}, state = new Map<string, unknown>(), sshTimeoutMs = 20_000) {
  const lines: string[] = [];
  const target = {
    name: 'embedded',
    sshTimeoutMs,
    instanceAddress: async () => ({ host: '127.0.0.1', port }),
  } as unknown as Target;
  const env = { instanceId: 'i-0123', sshUser: USER, sshPassword: PASSWORD, ...overrides } as LabEnvironment;
  const ctx = { target, env, state, log: (l: string) => lines.push(l), clock: systemClock, ledger: new CleanupLedger(), mode: 'run' } as unknown as LabContext;
  return { ctx, lines, state };
}

let ssh: { server: Server; port: number };
let silent: NetServer;
let silentPort: number;
const held: Socket[] = [];

beforeAll(async () => {
  ssh = await sshServer(utils.generateKeyPairSync('ecdsa', { bits: 256 }).private);
  silent = createServer((s) => void held.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as AddressInfo).port;
});
afterAll(async () => {
  held.forEach((s) => s.destroy());
  await new Promise((r) => silent.close(r));
  await new Promise((r) => ssh.server.close(r));
});

describe('sshLogin', () => {
  it('logs in with the lab password, runs whoami and records the host key', async () => {
    const { ctx, lines, state } = ctxFor(ssh.port);
    const r = await sshLogin(ctx);
    expect(r).toMatchObject({ ok: true, output: USER });
    expect(state.get(hostKeyStateKey('i-0123'))).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(lines).toEqual([`Connecting with SSH to ${USER}@127.0.0.1:${ssh.port} (instance i-0123) and running whoami`]);
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });

  it('reports a wrong password as auth', async () => {
    const { ctx } = ctxFor(ssh.port, { sshPassword: 'wrong-password' });
    expect(await sshLogin(ctx)).toMatchObject({ ok: false, reason: 'auth' });
  });

  it('reports a connection that never gets a banner as timeout, after the target\'s SSH timeout', async () => {
    const { ctx } = ctxFor(silentPort, {}, new Map(), 600);
    const started = Date.now();
    const r = await sshLogin(ctx);
    expect(r).toMatchObject({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('waits out a slow key exchange once the server has answered: only silence is a timeout', async () => {
    // A proxy that passes the server's first bytes (its banner) at once and holds its next answer (the
    // key exchange) for three times the SSH timeout, as a machine too busy for the DH computation would.
    const timeoutMs = 300;
    const slow = createServer((client) => {
      const upstream = connect(ssh.port, '127.0.0.1');
      let chunks = 0;
      let gate = Promise.resolve();
      upstream.on('data', (d) => {
        if (++chunks === 2) gate = gate.then(() => new Promise((r) => setTimeout(r, timeoutMs * 3)));
        gate = gate.then(() => void (client.writable && client.write(d)));
      });
      client.on('data', (d) => upstream.write(d));
      const end = () => (client.destroy(), upstream.destroy());
      client.on('close', end).on('error', end);
      upstream.on('close', () => void gate.then(end)).on('error', end);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const { ctx } = ctxFor((slow.address() as AddressInfo).port, {}, new Map(), timeoutMs);
      expect(await sshLogin(ctx)).toMatchObject({ ok: true, output: USER });
    } finally {
      await new Promise((r) => slow.close(r));
    }
  });

  it('reports a closed port as refused', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const { ctx } = ctxFor(closedPort);
    expect(await sshLogin(ctx)).toMatchObject({ ok: false, reason: 'refused' });
  });

  it('refuses a host whose key changed since the first contact', async () => {
    const state = new Map<string, unknown>([[hostKeyStateKey('i-0123'), 'SHA256:somethingElse']]);
    const { ctx } = ctxFor(ssh.port, {}, state);
    const r = await sshLogin(ctx);
    expect(r).toMatchObject({ ok: false, reason: 'auth', message: expect.stringMatching(/host key of i-0123 changed/) });
  });
});

describe('classifySshError', () => {
  it('maps ssh2 error levels and socket codes to what the student sees', () => {
    expect(classifySshError(Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }))).toBe('timeout');
    expect(classifySshError(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }))).toBe('auth');
    expect(classifySshError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', level: 'client-socket' }))).toBe('refused');
  });
});
