import { createHmac } from 'node:crypto';
import type { EmulatorRuntime } from '../../framework/types';
import { findKeyOwner } from '../../iam-policy/principals';

const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// The secret of an emulator access key is derived from its id rather than stored, so no secret ever
// reaches the state snapshots (--data-dir) or the request log, and a restarted emulator still
// verifies signatures (--verify-signatures) made with keys it issued before. These are test
// credentials of a local emulator: unguessability is not the point, never writing them down is.
const DERIVATION_KEY = 'labwright-emulator-access-key-secret-v1';

/** The 40-character secret access key of an access key id, as CreateAccessKey hands it out once. */
export function secretOfAccessKey(accessKeyId: string): string {
  const mac = createHmac('sha512', DERIVATION_KEY).update(accessKeyId).digest();
  let s = '';
  for (let i = 0; i < 40; i++) s += SECRET_CHARS[mac[i] % SECRET_CHARS.length];
  return s;
}

/** The signature step's lookup: the secret of an active key some IAM user holds, or undefined. */
export function secretFor(accessKeyId: string, runtime: EmulatorRuntime): string | undefined {
  return findKeyOwner(runtime, accessKeyId) ? secretOfAccessKey(accessKeyId) : undefined;
}
