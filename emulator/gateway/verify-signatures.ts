import { createHash } from 'node:crypto';
import { AwsError, type EmulatorRuntime, type ServiceName, type ServiceProvider } from '../framework/types';
import { IncompleteSignatureError, readSignature, signatureMatches, type SignedRequest } from './sigv4';

/**
 * Where secret keys come from. A service provider (IAM, for the access keys it issues) may implement
 * it: the signature step asks every provider that has a `secretFor` method, after the default keys.
 */
export interface SecretLookup {
  /** The secret access key of `accessKeyId`, or undefined when the key is unknown. */
  secretFor(accessKeyId: string, runtime: EmulatorRuntime): string | undefined;
}

/**
 * The emulator's default credentials, as LocalStack's: access key `test` and any 12-digit account id
 * (which acts as that account), each with the secret `test`.
 */
export const DEFAULT_SECRETS: SecretLookup = {
  secretFor: (accessKeyId) => (accessKeyId === 'test' || /^\d{12}$/.test(accessKeyId) ? 'test' : undefined),
};

/** The parts of the gateway's exchange the signature step reads. */
export interface SignatureExchange {
  service?: ServiceName;
  wire: { method: string; rawPath: string; query: URLSearchParams; headers: Record<string, string>; body: Buffer; raw?: { headers: Record<string, string>; body: Buffer } };
}
/** The parts of the gateway's environment the signature step reads. */
export interface SignatureEnv {
  verifySignatures?: boolean;
  providers: Map<ServiceName, ServiceProvider<unknown>>;
  runtime: EmulatorRuntime;
}

/**
 * The gateway step that checks SigV4 signatures when the emulator runs with `verifySignatures`, after
 * the service is known (errors take its shape) and before anything is parsed. Off by default, as in
 * LocalStack: any signature, or none, is accepted then.
 */
export function checkSignature(x: SignatureExchange, env: SignatureEnv): void {
  if (!env.verifySignatures || !x.service) return;
  const { wire } = x;
  verifySignature(x.service, { method: wire.method, rawPath: wire.rawPath, query: wire.query, headers: wire.raw?.headers ?? wire.headers, body: wire.raw?.body ?? wire.body }, env);
}

/**
 * Checks a request's SigV4 signature against the secrets the emulator knows and throws AWS's error
 * for the service when it is missing, unreadable, from an unknown key or wrong. The clock skew is
 * not checked: the emulator's clock may be a test's.
 */
export function verifySignature(service: ServiceName, request: SignedRequest, env: SignatureEnv): void {
  let claim;
  try {
    claim = readSignature(request.headers, request.query);
  } catch (err) {
    if (err instanceof IncompleteSignatureError) throw incomplete(service, err.message);
    throw err;
  }
  if (!claim) throw missing(service);
  const secret = secretFor(claim.accessKeyId, env);
  if (secret === undefined) throw unknownKey(service, claim.accessKeyId);
  if (!signatureMatches(request, claim, secret)) throw mismatch(service);
  // The signature covered the declared payload hash; S3 also checks the body against it.
  const declared = request.headers['x-amz-content-sha256'];
  if (service === 's3' && !claim.presigned && declared && /^[0-9a-f]{64}$/.test(declared) && createHash('sha256').update(request.body).digest('hex') !== declared) {
    throw new AwsError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
  }
}

function secretFor(accessKeyId: string, env: SignatureEnv): string | undefined {
  const found = DEFAULT_SECRETS.secretFor(accessKeyId, env.runtime);
  if (found !== undefined) return found;
  for (const provider of env.providers.values()) {
    const lookup = (provider as Partial<SecretLookup>).secretFor;
    if (typeof lookup === 'function') {
      const secret = lookup.call(provider, accessKeyId, env.runtime);
      if (secret !== undefined) return secret;
    }
  }
  return undefined;
}

// Each service's own codes and messages for the four failures (S3 and EC2 have their own; the JSON 1.1
// services answer an unknown key as UnrecognizedClientException).

function missing(service: ServiceName): AwsError {
  if (service === 's3') return new AwsError('AccessDenied', 'Access Denied', 403);
  if (service === 'ec2') return new AwsError('MissingAuthenticationToken', 'The request must contain either a valid (registered) AWS access key ID or X.509 certificate.', 401);
  return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
}

function incomplete(service: ServiceName, detail: string): AwsError {
  if (service === 's3') return new AwsError('AuthorizationHeaderMalformed', `The authorization header is malformed; ${detail}`, 400);
  return new AwsError('IncompleteSignature', detail, 400);
}

function unknownKey(service: ServiceName, accessKeyId: string): AwsError {
  if (service === 's3') return new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, { AWSAccessKeyId: accessKeyId });
  if (service === 'ec2') return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
  if (service === 'logs' || service === 'athena') return new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
  return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
}

function mismatch(service: ServiceName): AwsError {
  if (service === 'ec2') return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
  return new AwsError(
    'SignatureDoesNotMatch',
    service === 's3'
      ? 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
      : 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    403,
  );
}
