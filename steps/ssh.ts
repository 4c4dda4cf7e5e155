// Building block: SSH to an instance as the student does in the lab's terminal: log in, run `whoami`, exit.
// A connection the security group drops never gets a banner, so it ends in a timeout, just as the
// student's ssh command hangs until Ctrl+C.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { Client, type ConnectConfig } from 'ssh2';
import type { LabContext, LabEnvironment } from '../runner/context';

/** What an SSH login reads from the environment. */
export type SshEnv = LabEnvironment & { instanceId: string; publicIp?: string; sshUser: string; sshPassword?: string; sshPrivateKey?: string };

/**
 * How an SSH attempt ended; `startedAt` is when its TCP connection was opened (its SYN went out),
 * `connectedAt` when the client saw it established (a dropped connection on AWS never is).
 */
export type SshResult =
  | { ok: true; output: string; host: string; port: number; fingerprint: string; startedAt?: number; connectedAt?: number }
  | { ok: false; reason: 'timeout' | 'refused' | 'auth'; message: string; startedAt?: number; connectedAt?: number };

/** Options of one login. */
export interface SshOptions {
  /**
   * How long to wait for the server's first bytes, its SSH banner (default: the target's sshTimeoutMs).
   * A dropped connection never answers; one that answered was let through, and its key exchange then
   * gets `HANDSHAKE_AFTER_BANNER_MS` (on a loaded machine the DH computation alone can outlast a
   * banner timeout sized for a dropped connection).
   */
  timeoutMs?: number;
  /** The command to run (default `whoami`). */
  command?: string;
}

/** How long the key exchange and login may take once the server has answered with its banner. */
export const HANDSHAKE_AFTER_BANNER_MS = 30_000;

/** RunState key of the host key fingerprint recorded on first contact with an instance. */
export function hostKeyStateKey(instanceId: string): string {
  return `ssh.host-key.${instanceId}`;
}

/** OpenSSH-style SHA256 fingerprint of a raw host key. */
function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** Maps an ssh2 or socket error to what the student would see: a hang, a refusal or a rejected login. */
export function classifySshError(err: Error & { level?: string; code?: string }): 'timeout' | 'refused' | 'auth' {
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT' || /timed out/i.test(err.message)) return 'timeout';
  if (err.level === 'client-authentication' || /authentication|verification failed|host denied/i.test(err.message)) return 'auth';
  return 'refused';
}

/**
 * Logs in to the environment's instance with the lab's credentials (password, else the key pair's
 * private key), runs a command and exits. Records the host key fingerprint on first contact and
 * refuses a host whose key changed since. Never logs the password.
 */
export async function sshLogin(ctx: LabContext<SshEnv>, opts: SshOptions = {}): Promise<SshResult> {
  const { env } = ctx;
  const { host, port } = await ctx.target.instanceAddress({ instanceId: env.instanceId, publicIp: env.publicIp }, 22);
  const timeoutMs = opts.timeoutMs ?? ctx.target.sshTimeoutMs;
  const command = opts.command ?? 'whoami';
  const stateKey = hostKeyStateKey(env.instanceId);
  const known = ctx.state.get(stateKey) as string | undefined;
  let seen = '';
  ctx.log(`Connecting with SSH to ${env.sshUser}@${host}:${port} (instance ${env.instanceId}) and running ${command}`);

  // Our own socket, to tell "no answer" (dropped: a timeout after timeoutMs) from "answered, still
  // negotiating" (a slow machine: ssh2's ready timeout, much longer).
  const startedAt = ctx.clock.now();
  const sock = connect({ host, port });
  let connectedAt: number | undefined;
  sock.once('connect', () => (connectedAt = ctx.clock.now()));
  const config: ConnectConfig = {
    sock,
    username: env.sshUser,
    readyTimeout: Math.max(timeoutMs, HANDSHAKE_AFTER_BANNER_MS),
    hostVerifier: (key: Buffer) => {
      seen = fingerprintOf(key);
      return known === undefined || known === seen;
    },
    ...(env.sshPassword ? { password: env.sshPassword } : { privateKey: env.sshPrivateKey }),
  };

  return new Promise<SshResult>((resolve) => {
    const conn = new Client();
    let settled = false;
    let closed = false;
    // Past the handshake a hung command must not hang the run either.
    const guardMs = config.readyTimeout! + timeoutMs * 2 + 1000;
    const guard = setTimeout(() => finish({ ok: false, reason: 'timeout', message: `No answer to ${command} within ${Math.ceil(guardMs / 1000)} s.` }), guardMs);
    const silent = setTimeout(() => {
      finish({ ok: false, reason: 'timeout', message: `Timed out while waiting for handshake (no SSH banner within ${timeoutMs} ms)` });
      sock.destroy();
    }, timeoutMs);
    sock.once('data', () => clearTimeout(silent));
    const finish = (outcome: SshResult) => {
      if (settled) return;
      settled = true;
      const r = { ...outcome, startedAt, ...(connectedAt !== undefined ? { connectedAt } : {}) };
      clearTimeout(guard);
      clearTimeout(silent);
      if (closed) return resolve(r);
      // Exit as ssh does and return once the connection has closed: the instance has then seen the
      // close (its FIN is in the flow records), so a flush right after holds all of this connection.
      // A peer that never closes is cut after the handshake timeout.
      const cut = setTimeout(() => (conn.destroy?.(), resolve(r)), timeoutMs);
      conn.once('close', () => {
        clearTimeout(cut);
        resolve(r);
      });
      conn.end();
    };
    conn.on('ready', () => {
      if (known === undefined && seen) ctx.state.set(stateKey, seen);
      conn.exec(command, (err, stream) => {
        if (err) return finish({ ok: false, reason: 'refused', message: err.message });
        let output = '';
        stream.on('data', (d: Buffer) => (output += d.toString('utf8')));
        stream.stderr.on('data', () => undefined);
        stream.on('close', () => finish({ ok: true, output: output.trim(), host, port, fingerprint: seen }));
      });
    });
    conn.on('error', (err: Error & { level?: string; code?: string }) => {
      const reason = known !== undefined && seen && seen !== known ? 'auth' : classifySshError(err);
      const message = reason === 'auth' && seen && known !== undefined && seen !== known ? `The host key of ${env.instanceId} changed (now ${seen}, before ${known}).` : err.message;
      finish({ ok: false, reason, message });
    });
    conn.on('close', () => {
      closed = true;
      finish({ ok: false, reason: 'refused', message: 'The connection closed before the command ran.' });
    });
    conn.connect(config);
  });
}
