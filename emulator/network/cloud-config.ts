import { parse } from 'yaml';

/** A login the instance accepts. */
export interface InstanceUser {
  name: string;
  password?: string;
  authorizedKeys: string[];
}

/** What SSH authentication honours from the instance's user data and key pair. */
export interface LoginConfig {
  users: InstanceUser[];
  /** cloud-config `ssh_pwauth`; Amazon Linux disables password logins unless it is true. */
  passwordAuth: boolean;
}

/** The default user of Amazon Linux, who gets the key pair's public key. */
export const DEFAULT_USER = 'ec2-user';

/**
 * The logins of an instance whose cloud-init has not run its user and key modules yet (aws
 * profile): sshd already answers, but no user has a key or password, so every login is refused.
 */
export const BEFORE_CLOUD_INIT: LoginConfig = Object.freeze({ users: [], passwordAuth: false }) as LoginConfig;

function user(users: Map<string, InstanceUser>, name: string): InstanceUser {
  let u = users.get(name);
  if (!u) users.set(name, (u = { name, authorizedKeys: [] }));
  return u;
}

/**
 * Reads cloud-config user data (`users`, `chpasswd`, `ssh_pwauth`) and the key pair's public key
 * into the logins the instance accepts. User data that is not cloud-config is ignored, as
 * cloud-init would treat it as a script that labwright does not run.
 */
export function loginConfig(userData: string | undefined, keyPairPublicKey?: string): LoginConfig {
  const users = new Map<string, InstanceUser>();
  const defaultUser = user(users, DEFAULT_USER);
  if (keyPairPublicKey) defaultUser.authorizedKeys.push(keyPairPublicKey.trim());
  let passwordAuth = false;
  if (userData && /^#cloud-config\b/.test(userData.trimStart())) {
    let doc: any;
    try {
      doc = parse(userData) ?? {};
    } catch {
      doc = {};
    }
    passwordAuth = doc.ssh_pwauth === true || doc.ssh_pwauth === 'true' || doc.ssh_pwauth === 'yes';
    for (const entry of Array.isArray(doc.users) ? doc.users : []) {
      if (entry === 'default' || typeof entry !== 'object' || !entry?.name) continue;
      const u = user(users, String(entry.name));
      const pw = entry.plain_text_passwd ?? entry.password;
      if (typeof pw === 'string' && entry.lock_passwd !== true) u.password = pw;
      for (const key of entry.ssh_authorized_keys ?? entry['ssh-authorized-keys'] ?? []) u.authorizedKeys.push(String(key).trim());
    }
    const chpasswd = doc.chpasswd;
    if (chpasswd && typeof chpasswd.list === 'string') {
      for (const line of chpasswd.list.split('\n')) {
        const i = line.indexOf(':');
        if (i > 0) user(users, line.slice(0, i).trim()).password = line.slice(i + 1).trim();
      }
    }
    for (const entry of Array.isArray(chpasswd?.list) ? chpasswd.list : []) {
      const i = String(entry).indexOf(':');
      if (i > 0) user(users, String(entry).slice(0, i).trim()).password = String(entry).slice(i + 1).trim();
    }
    for (const entry of Array.isArray(chpasswd?.users) ? chpasswd.users : []) {
      if (entry?.name && typeof entry.password === 'string' && (entry.type ?? 'text') === 'text') user(users, String(entry.name)).password = entry.password;
    }
  }
  return { users: [...users.values()], passwordAuth };
}
