// How a person SSHes into a lab's instance after `env up` or `run --keep`: the user, the private key
// written to a file only its owner can read, and a host and port reachable from this machine (on
// an emulator, the loopback port its port map gives for the instance's port 22).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LabEnvironment } from '../runner/context';
import type { Target } from '../runner/target';

/** What an SSH login needs, all of it printable (the key is a file name, never the key). */
export interface SshAccess {
  user: string;
  keyFile: string;
  host: string;
  port: number;
}

/** The environment fields an SSH login reads (a VpcInstanceEnvironment has them). */
type SshEnv = LabEnvironment & { instanceId?: string; publicIp?: string; sshUser?: string; sshPrivateKey?: string };

/**
 * Where a kept lab's private key goes: `out/keys/<run id>.pem`, apart from the report folders (CI
 * publishes those; a key must not travel with them).
 */
export function sshKeyFile(runId: string, root = 'out'): string {
  return join(root, 'keys', `${runId}.pem`);
}

/**
 * Writes the lab's private key to `file` with mode 0600 in a folder only its owner can list (ssh
 * refuses a key others can read), and returns the file name. The one place labwright writes a
 * private key to disk.
 */
export function writeSshKey(privateKey: string, file: string): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, privateKey.endsWith('\n') ? privateKey : `${privateKey}\n`, { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file; an older file keeps its own.
  chmodSync(file, 0o600);
  return file;
}

/**
 * The SSH login of a kept environment, with its key written to `keyFile` (see sshKeyFile);
 * undefined when the lab has no instance or no key to log in with.
 */
export async function sshAccess(env: LabEnvironment | undefined, target: Target, keyFile: string): Promise<SshAccess | undefined> {
  const e = env as SshEnv | undefined;
  if (!e?.instanceId || !e.sshUser || !e.sshPrivateKey) return undefined;
  writeSshKey(e.sshPrivateKey, keyFile);
  const at = await target.instanceAddress({ instanceId: e.instanceId, publicIp: e.publicIp }, 22);
  return { user: e.sshUser, keyFile, host: at.host, port: at.port };
}

/** The line that says how to SSH in. */
export function sshLine(a: SshAccess): string {
  const port = a.port === 22 ? '' : ` -p ${a.port}`;
  return `SSH in with: ssh -i ${a.keyFile}${port} ${a.user}@${a.host}  (user ${a.user}, key ${a.keyFile}, mode 0600)\n`;
}
