import { ec2Id } from '../../../core/ids';
import { AwsError } from '../../framework/types';
import { missingParameter } from './errors';
import { applyFilters, type Ec2Filter } from './filters';
import { ec2Op } from './handler';
import { generateKey, importedFingerprint, openSshLine, parseOpenSshPublicKey } from './ssh-keys';
import type { Ec2State, KeyPairRec } from './state';
import { setTags, tagList, tagsFromSpecs, tagsOf, type TagSpecification } from './tags';

/** Checks a new key name: present, at most 255 ASCII characters, not taken. */
function checkNewName(st: Ec2State, name: string | undefined): string {
  if (!name) throw missingParameter('keyName');
  if (name.length > 255 || !/^[\x20-\x7e]+$/.test(name)) {
    throw new AwsError('InvalidParameterValue', `Value (${name}) for parameter keyName is invalid. Key names must be at most 255 ASCII characters.`);
  }
  if (st.keyPairs[name]) throw new AwsError('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
  return name;
}

/** The key pair with this name, or AWS's NotFound error. */
export function getKeyPair(st: Ec2State, name: string): KeyPairRec {
  const kp = st.keyPairs[name];
  if (!kp) throw new AwsError('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`);
  return kp;
}

/** The key pair operations: CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair. */
export const keyPairHandlers = {
  CreateKeyPair: ec2Op<{ KeyName?: string; KeyType?: string; KeyFormat?: string; TagSpecifications?: TagSpecification[] }>(
    (input, { st, now }) => {
      const name = checkNewName(st, input.KeyName);
      const type = input.KeyType ?? 'rsa';
      if (type !== 'rsa' && type !== 'ed25519') {
        throw new AwsError('InvalidParameterValue', `Value (${type}) for parameter keyType is invalid. Valid values are rsa and ed25519.`);
      }
      if (input.KeyFormat && input.KeyFormat !== 'pem') {
        throw new AwsError('InvalidParameterValue', `Value (${input.KeyFormat}) for parameter keyFormat is not supported by the emulator; use pem.`);
      }
      const tags = tagsFromSpecs(input.TagSpecifications, ['key-pair']);
      const generated = generateKey(type, name);
      // Only the public half is stored; the private key leaves the emulator in this answer only.
      const kp: KeyPairRec = {
        id: ec2Id('key'),
        name,
        type,
        fingerprint: generated.fingerprint,
        publicKeyOpenSsh: openSshLine(type, generated.blob, name),
        createdAt: now,
      };
      st.keyPairs[name] = kp;
      setTags(st, kp.id, tags['key-pair']);
      return { KeyPairId: kp.id, KeyName: name, KeyFingerprint: kp.fingerprint, KeyMaterial: generated.privateKeyText, Tags: tagList(st, kp.id) };
    },
  ),

  ImportKeyPair: ec2Op<{ KeyName?: string; PublicKeyMaterial?: Uint8Array | string; TagSpecifications?: TagSpecification[] }>(
    (input, { st, now }) => {
      const name = checkNewName(st, input.KeyName);
      if (input.PublicKeyMaterial === undefined) throw missingParameter('publicKeyMaterial');
      const text = typeof input.PublicKeyMaterial === 'string' ? input.PublicKeyMaterial : Buffer.from(input.PublicKeyMaterial).toString('utf8');
      let parsed;
      try {
        parsed = parseOpenSshPublicKey(text);
      } catch {
        throw new AwsError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
      }
      const tags = tagsFromSpecs(input.TagSpecifications, ['key-pair']);
      const kp: KeyPairRec = {
        id: ec2Id('key'),
        name,
        type: parsed.type,
        fingerprint: importedFingerprint(parsed),
        publicKeyOpenSsh: openSshLine(parsed.type, parsed.blob, name),
        createdAt: now,
      };
      st.keyPairs[name] = kp;
      setTags(st, kp.id, tags['key-pair']);
      return { KeyFingerprint: kp.fingerprint, KeyName: name, KeyPairId: kp.id, Tags: tagList(st, kp.id) };
    },
  ),

  DescribeKeyPairs: ec2Op<{ KeyNames?: string[]; KeyPairIds?: string[]; IncludePublicKey?: boolean; Filters?: Ec2Filter[] }>(
    (input, { st }) => {
      let pairs = Object.values(st.keyPairs);
      if (input.KeyNames?.length) {
        pairs = input.KeyNames.map((n) => getKeyPair(st, n));
      }
      if (input.KeyPairIds?.length) {
        for (const id of input.KeyPairIds) {
          if (!pairs.some((k) => k.id === id)) throw new AwsError('InvalidKeyPair.NotFound', `The key pair '${id}' does not exist`);
        }
        pairs = pairs.filter((k) => input.KeyPairIds!.includes(k.id));
      }
      const matching = applyFilters(pairs, input.Filters, {
        fields: {
          'key-name': (k) => k.name,
          'key-pair-id': (k) => k.id,
          fingerprint: (k) => k.fingerprint,
          'key-type': (k) => k.type,
        },
        tags: (k) => tagsOf(st, k.id),
      });
      return {
        KeyPairs: matching.map((k) => ({
          KeyPairId: k.id,
          KeyType: k.type,
          Tags: tagList(st, k.id) ?? [],
          PublicKey: input.IncludePublicKey ? k.publicKeyOpenSsh : undefined,
          CreateTime: new Date(k.createdAt),
          KeyName: k.name,
          KeyFingerprint: k.fingerprint,
        })),
      };
    },
    { readOnly: true },
  ),

  DeleteKeyPair: ec2Op<{ KeyName?: string; KeyPairId?: string }>((input, { st }) => {
    if (!input.KeyName && !input.KeyPairId) throw missingParameter('keyName');
    const kp = input.KeyName ? st.keyPairs[input.KeyName] : Object.values(st.keyPairs).find((k) => k.id === input.KeyPairId);
    // Deleting a key that does not exist succeeds on AWS too.
    if (kp) {
      delete st.keyPairs[kp.name];
      delete st.tags[kp.id];
    }
    return { Return: true, KeyPairId: kp?.id };
  }),
};
