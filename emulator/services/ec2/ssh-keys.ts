import { createHash, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * SSH key material for EC2 key pairs: parsing OpenSSH public keys, generating key pairs, and
 * AWS's fingerprints (which differ by key type and by whether AWS generated the key).
 */

/** A parsed public key. */
export interface SshPublicKey {
  type: 'rsa' | 'ed25519';
  /** The SSH wire blob (what the base64 part of an authorized_keys line encodes). */
  blob: Buffer;
  key: KeyObject;
}

function sshString(buf: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(buf.length);
  return Buffer.concat([len, buf]);
}

function sshMpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length - 1 && unsigned[i] === 0) i++;
  const trimmed = unsigned.subarray(i);
  return sshString(trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** Reads the length-prefixed fields of an SSH blob. */
function readFields(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) throw new Error('truncated');
    const len = blob.readUInt32BE(at);
    if (at + 4 + len > blob.length) throw new Error('truncated');
    out.push(blob.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return out;
}

/** Parses one OpenSSH public key line (`ssh-rsa AAAA… comment` or `ssh-ed25519 …`); throws when it is not one. */
export function parseOpenSshPublicKey(text: string): SshPublicKey {
  const m = /^\s*(ssh-rsa|ssh-ed25519)\s+([A-Za-z0-9+/=]+)(\s.*)?$/s.exec(text);
  if (!m) throw new Error('not an OpenSSH public key');
  const blob = Buffer.from(m[2], 'base64');
  const fields = readFields(blob);
  if (fields[0]?.toString() !== m[1]) throw new Error('key type mismatch');
  if (m[1] === 'ssh-rsa') {
    if (fields.length !== 3) throw new Error('bad rsa key');
    const [, e, n] = fields;
    const key = createPublicKey({ key: { kty: 'RSA', e: strip(e).toString('base64url'), n: strip(n).toString('base64url') }, format: 'jwk' });
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 1024) throw new Error('rsa key too short');
    return { type: 'rsa', blob, key };
  }
  if (fields.length !== 2 || fields[1].length !== 32) throw new Error('bad ed25519 key');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: fields[1].toString('base64url') }, format: 'jwk' });
  return { type: 'ed25519', blob, key };
}

function strip(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** The SSH wire blob of a public key object. */
export function publicBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty === 'RSA') {
    return Buffer.concat([sshString(Buffer.from('ssh-rsa')), sshMpint(Buffer.from(jwk.e!, 'base64url')), sshMpint(Buffer.from(jwk.n!, 'base64url'))]);
  }
  return Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(Buffer.from(jwk.x!, 'base64url'))]);
}

/** An authorized_keys line for a public key. */
export function openSshLine(type: 'rsa' | 'ed25519', blob: Buffer, comment: string): string {
  return `ssh-${type} ${blob.toString('base64')} ${comment}`;
}

function colonHex(digest: Buffer): string {
  return digest.toString('hex').match(/../g)!.join(':');
}

/**
 * The fingerprint AWS shows for an imported key: MD5 of the DER public key (SubjectPublicKeyInfo)
 * for RSA, base64 SHA-256 of the SSH blob for ED25519 (with its `=` padding, as AWS prints it).
 */
export function importedFingerprint(pub: SshPublicKey): string {
  if (pub.type === 'rsa') return colonHex(createHash('md5').update(pub.key.export({ type: 'spki', format: 'der' })).digest());
  return createHash('sha256').update(pub.blob).digest('base64');
}

/** A key pair generated for CreateKeyPair: the private key to hand out once, and what to keep. */
export interface GeneratedKey {
  privateKeyText: string;
  blob: Buffer;
  /** AWS: SHA-1 of the DER PKCS#8 private key for RSA; base64 SHA-256 of the public blob for ED25519. */
  fingerprint: string;
}

/** Generates a key pair: RSA 2048 as PKCS#1 PEM, ED25519 in the OpenSSH private key format. */
export function generateKey(type: 'rsa' | 'ed25519', comment: string): GeneratedKey {
  if (type === 'rsa') {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      privateKeyText: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      blob: publicBlob(publicKey),
      fingerprint: colonHex(createHash('sha1').update(privateKey.export({ type: 'pkcs8', format: 'der' })).digest()),
    };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const blob = publicBlob(publicKey);
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return { privateKeyText: openSshPrivateKey(blob, seed, pub, comment), blob, fingerprint: createHash('sha256').update(blob).digest('base64') };
}

/** The unencrypted `openssh-key-v1` container for one ED25519 key (what ssh-keygen writes). */
function openSshPrivateKey(blob: Buffer, seed: Buffer, pub: Buffer, comment: string): string {
  const check = randomBytes(4);
  let secret = Buffer.concat([
    check,
    check,
    sshString(Buffer.from('ssh-ed25519')),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(Buffer.from(comment)),
  ]);
  const pad = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const nkeys = Buffer.alloc(4);
  nkeys.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString(Buffer.from('none')),
    sshString(Buffer.from('none')),
    sshString(Buffer.alloc(0)),
    nkeys,
    sshString(blob),
    sshString(secret),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g)!.join('\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines}\n-----END OPENSSH PRIVATE KEY-----\n`;
}
