import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A request's SigV4 signature as sent: in the Authorization header or a presigned URL's query. */
export interface SignatureClaim {
  accessKeyId: string;
  /** `yyyymmdd/region/service/aws4_request`. */
  scope: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** `X-Amz-Date` (yyyymmddThhmmssZ). */
  amzDate: string;
  presigned: boolean;
}

/** Why a signature could not even be read: AWS's IncompleteSignature cases. */
export class IncompleteSignatureError extends Error {}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** Reads the signature a request claims, or undefined when it carries none. */
export function readSignature(headers: Record<string, string>, query: URLSearchParams): SignatureClaim | undefined {
  const auth = headers['authorization'];
  if (auth !== undefined) {
    if (!auth.startsWith(`${ALGORITHM} `)) throw new IncompleteSignatureError(`Unsupported Authorization Type (expected ${ALGORITHM}). Authorization=${auth.split(' ')[0].slice(0, 40)}`);
    const params = new Map<string, string>();
    for (const part of auth.slice(ALGORITHM.length + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
      if (!params.get(name)) throw new IncompleteSignatureError(`Authorization header requires '${name}' parameter. Authorization=${ALGORITHM} ${[...params.keys()].join(', ')}`);
    }
    const amzDate = headers['x-amz-date'] ?? '';
    if (!amzDate) throw new IncompleteSignatureError("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    return claim(params.get('Credential') as string, params.get('SignedHeaders') as string, params.get('Signature') as string, amzDate, false);
  }
  if (!query.has('X-Amz-Signature') && !query.has('X-Amz-Credential')) return undefined;
  for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']) {
    if (!query.get(name)) throw new IncompleteSignatureError(`AWS query-string parameters must include '${name}'. Re-examine the query-string parameters.`);
  }
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) throw new IncompleteSignatureError(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
  return claim(query.get('X-Amz-Credential') as string, query.get('X-Amz-SignedHeaders') as string, query.get('X-Amz-Signature') as string, query.get('X-Amz-Date') as string, true);
}

function claim(credential: string, signedHeaders: string, signature: string, amzDate: string, presigned: boolean): SignatureClaim {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1])) {
    throw new IncompleteSignatureError(`Credential should be scoped to a valid region and service, in the form <key>/<yyyymmdd>/<region>/<service>/aws4_request, not '${credential.slice(0, 120)}'.`);
  }
  const [accessKeyId, date, region, service] = parts;
  return { accessKeyId, scope: parts.slice(1).join('/'), date, region, service, signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()), signature: signature.toLowerCase(), amzDate, presigned };
}

/** What the signer hashed: the request as it arrived on the wire. */
export interface SignedRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  rawPath: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Recomputes the signature with `secret` and compares it with the claim. S3 signs its path as sent;
 * every other service signs the path normalized and percent-encoded once more, as the SDKs do.
 */
export function signatureMatches(req: SignedRequest, sig: SignatureClaim, secret: string): boolean {
  const expected = computeSignature(req, sig, secret);
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(/^[0-9a-f]+$/.test(sig.signature) ? sig.signature : '', 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The hex signature a client holding `secret` would have sent for this request and scope. */
export function computeSignature(req: SignedRequest, sig: SignatureClaim, secret: string): string {
  const canonical = [req.method, canonicalPath(req.rawPath, sig.service === 's3'), canonicalQuery(req.query, sig.presigned), canonicalHeaders(req.headers, sig.signedHeaders), sig.signedHeaders.join(';'), payloadHash(req, sig)].join('\n');
  const stringToSign = [ALGORITHM, sig.amzDate, sig.scope, sha256(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${secret}`, sig.date);
  for (const part of [sig.region, sig.service, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

function canonicalPath(rawPath: string, s3: boolean): string {
  const path = rawPath || '/';
  if (s3) return path;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const normalized = `/${out.join('/')}${out.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return normalized.split('/').map(uriEncode).join('/');
}

function canonicalQuery(query: URLSearchParams, presigned: boolean): string {
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of query) if (!(presigned && k === 'X-Amz-Signature')) pairs.push([uriEncode(k), uriEncode(v)]);
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalHeaders(headers: Record<string, string>, signed: string[]): string {
  return signed.map((name) => `${name}:${(headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
}

function payloadHash(req: SignedRequest, sig: SignatureClaim): string {
  const declared = sig.presigned ? req.query.get('X-Amz-Content-Sha256') ?? (sig.service === 's3' ? 'UNSIGNED-PAYLOAD' : undefined) : req.headers['x-amz-content-sha256'];
  return declared ?? sha256(req.body);
}

/** RFC 3986 encoding as SigV4 wants it: only unreserved characters stay as they are. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
