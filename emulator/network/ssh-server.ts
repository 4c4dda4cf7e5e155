import { timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { Server, utils, type AuthContext, type Connection, type ParsedKey } from 'ssh2';
import type { LoginConfig } from './cloud-config';
import { prompt, runCommand, type ShellHost } from './shell';

/** An SSH daemon for one instance; the front door hands it accepted sockets. */
export interface SshDaemon {
  /** Serves an already-connected socket. */
  serve(socket: Socket): void;
  /** The host key's public half in OpenSSH form, for known_hosts. */
  hostPublicKey: string;
  close(): void;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parsedKeys(keys: string[]): ParsedKey[] {
  const out: ParsedKey[] = [];
  for (const k of keys) {
    const parsed = utils.parseKey(k);
    if (!(parsed instanceof Error)) out.push(Array.isArray(parsed) ? parsed[0] : parsed);
  }
  return out;
}

function authenticate(ctx: AuthContext, login: LoginConfig): void {
  const methods: Array<'password' | 'publickey'> = login.passwordAuth ? ['publickey', 'password'] : ['publickey'];
  const user = login.users.find((u) => u.name === ctx.username);
  if (ctx.method === 'password') {
    if (login.passwordAuth && user?.password !== undefined && sameSecret(ctx.password, user.password)) return ctx.accept();
    return ctx.reject(methods);
  }
  if (ctx.method === 'publickey' && user) {
    const key = parsedKeys(user.authorizedKeys).find((k) => k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
    if (key) {
      // Without a signature the client only asks whether the key would do; with one, prove it.
      if (!ctx.signature) return ctx.accept();
      if (ctx.blob && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) return ctx.accept();
    }
  }
  ctx.reject(methods);
}

function serveSessions(client: Connection, hostOf: (user: string) => ShellHost, user: () => string): void {
  client.on('session', (acceptSession) => {
    const session = acceptSession();
    session.on('pty', (accept) => accept?.());
    session.on('env', (accept) => accept?.());
    session.on('exec', (accept, _reject, info) => {
      const stream = accept();
      const { out, code } = runCommand(info.command, hostOf(user()));
      stream.write(out);
      stream.exit(code);
      stream.end();
    });
    session.on('shell', (accept) => {
      const stream = accept();
      const host = hostOf(user());
      stream.write(`   ,     #_\n   ~\\_  ####_        Amazon Linux 2023\n  ~~  \\_#####\\\n  ~~     \\###|\n  ~~       \\#/ ___   https://aws.amazon.com/linux/amazon-linux-2023\n${prompt(host)}`);
      let buffer = '';
      stream.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffer.search(/[\r\n]/)) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1).replace(/^\n/, '');
          if (/^\s*(exit|logout)\b/.test(line)) {
            stream.write('logout\r\n');
            stream.exit(0);
            stream.end();
            return;
          }
          const { out } = runCommand(line, host);
          stream.write(out.replace(/\n/g, '\r\n') + prompt(host));
        }
      });
    });
  });
}

/** Starts an SSH daemon that honours the instance's logins (key pair, cloud-config users and passwords). */
export function startSshDaemon(login: () => LoginConfig, host: Omit<ShellHost, 'user'>): SshDaemon {
  // ECDSA P-256: fast to generate, and free of the ed25519 generator bug in ssh2 1.17, which about
  // once in 256 keys drops a leading zero byte and writes a 31-byte public key no client accepts.
  const hostKey = utils.generateKeyPairSync('ecdsa', { bits: 256 });
  const server = new Server({ hostKeys: [hostKey.private], ident: 'OpenSSH_8.7' }, (client) => {
    let username = 'ec2-user';
    client.on('authentication', (ctx) => {
      username = ctx.username;
      authenticate(ctx, login());
    });
    client.on('ready', () => serveSessions(client, (user) => ({ ...host, user }), () => username));
    // A client that vanishes mid-handshake must never take the emulator down.
    client.on('error', () => client.end());
  });
  return {
    serve: (socket) => server.injectSocket(socket),
    hostPublicKey: hostKey.public,
    close: () => server.close(),
  };
}
