// How a person SSHes into a lab's instance after `env up` or `run --keep`: the user, the private key
// written to a file only its owner can read, and a host and port reachable from this machine (on
// an emulator, the loopback port its port map gives for the instance's port 22).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EnvironmentLogin } from '../runner/lab';
import type { Target } from '../runner/target';

/** What an SSH login needs, all of it printable (the key is a file name, never the key). */
export interface SshAccess {
  user: string;
  keyFile: string;
  host: string;
  port: number;
}

/**
 * Where a kept lab's private key goes: `ssh-key.pem` in the lab's own output folder (the report
 * folder of `run --keep`, `out/<run id>/` of `env up`), beside the ledger that removes the lab.
 */
export function sshKeyFile(dir: string): string {
  return join(dir, 'ssh-key.pem');
}

/**
 * Writes the lab's private key to `file` with mode 0600 (ssh refuses a key others can read) and
 * returns the file name. The one place labwright writes a private key to disk.
 */
export function writeSshKey(privateKey: string, file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, privateKey.endsWith('\n') ? privateKey : `${privateKey}\n`, { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file; an older file keeps its own.
  chmodSync(file, 0o600);
  return file;
}

/**
 * The SSH login of a kept environment (the lab's `environment.login`), with its key written to
 * `keyFile`, to the address this machine reaches the instance's port 22 at (an emulator maps it to a
 * loopback port); undefined when the lab has no login.
 */
export async function sshAccess(login: EnvironmentLogin | undefined, target: Target, keyFile: string): Promise<SshAccess | undefined> {
  if (!login) return undefined;
  writeSshKey(login.privateKey, keyFile);
  const at = await target.instanceAddress({ instanceId: login.instanceId, publicIp: login.publicIp }, 22);
  return { user: login.user, keyFile, host: at.host, port: at.port };
}

/** The line that says how to SSH in. */
export function sshLine(a: SshAccess): string {
  const port = a.port === 22 ? '' : ` -p ${a.port}`;
  return `SSH in with: ssh -i ${a.keyFile}${port} ${a.user}@${a.host}  (user ${a.user}, key ${a.keyFile}, mode 0600)\n`;
}
