// The preflight of `labwright check`: before any step is judged, make sure the checker can see the
// student's account at all — credentials that resolve, a region, an STS identity, an endpoint that
// answers and answers like AWS. A setup problem is ONE line naming the fix (exit 2), never a
// checklist of ✘ that reads as "your lab is broken".
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { errorMessage, UsageError } from '../../core/errors';

/** What the check preflight probes. */
export interface CheckPreflightOptions {
  /** The region from --region or the environment; undefined lets the SDK resolve it (the profile's). */
  region?: string;
  awsProfile?: string;
  /** An AWS-compatible endpoint (emulator, LocalStack…); absent on the student's own account. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Per attempt: connecting and answering (default 5 s; the whole preflight stays well under 20 s). */
  timeoutMs?: number;
}

/** Who the checker is, and where it looks. */
export interface CheckIdentity {
  accountId: string;
  callerArn: string;
  region: string;
}

/** How to give `check` credentials or point it elsewhere, for every credential line. */
const HOW_TO_GIVE = 'labwright check looks at your own AWS account (--target aws): give it credentials with aws configure, aws sso login or AWS_PROFILE=NAME (or --profile NAME), or check an emulator with --endpoint URL or --target embedded';

const codeOf = (err: unknown): string => (err as { name?: string })?.name ?? '';
const causeCode = (err: unknown): string => {
  const e = err as { code?: string; cause?: { code?: string }; $metadata?: unknown };
  return e?.code ?? e?.cause?.code ?? '';
};

/**
 * The one-line problem for a failed STS call, or undefined when it is not a setup problem. `where`
 * names what was called ("AWS in us-east-1", "the endpoint http://…").
 */
export function connectionProblem(err: unknown, where: string, endpoint?: string): UsageError | undefined {
  const code = causeCode(err) || codeOf(err);
  const msg = errorMessage(err);
  if (/ENOTFOUND|EAI_AGAIN/.test(code) || /getaddrinfo/.test(msg)) {
    return new UsageError(`Cannot reach ${where}: the DNS lookup failed (${/EAI_AGAIN/.test(code + msg) ? 'EAI_AGAIN' : 'ENOTFOUND'}); check the network connection${endpoint ? ' and the host name in --endpoint' : ' (and any proxy or VPN)'}.`);
  }
  if (/ECONNREFUSED/.test(code + msg)) {
    return new UsageError(`Cannot reach ${where}: connection refused (nothing listens there); ${endpoint ? 'start the emulator or server first, or fix --endpoint' : 'check the network, proxy and firewall'}.`);
  }
  if (/ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|TimeoutError|RequestTimeout|socket hang up/i.test(code + ' ' + codeOf(err) + ' ' + msg)) {
    return new UsageError(`Cannot reach ${where}: the network connection failed (${code || codeOf(err) || 'timeout'}); check the network${endpoint ? ' and --endpoint' : ', proxy and firewall'}.`);
  }
  return undefined;
}

/** The one-line problem for credentials that did not resolve or were refused (undefined otherwise). */
export function credentialLine(err: unknown): UsageError | undefined {
  const code = codeOf(err);
  const msg = errorMessage(err);
  if (/ExpiredToken|RequestExpired/.test(code) || /expired/i.test(msg)) {
    return new UsageError(`Your AWS credentials have expired (${code || 'expired'}): run aws sso login (or refresh the session) and try again.`);
  }
  if (code === 'CredentialsProviderError' || /Could not load credentials|Unable to locate credentials/i.test(msg)) {
    return new UsageError(`No AWS credentials found: ${HOW_TO_GIVE}.`);
  }
  if (/InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|IncompleteSignature|InvalidAccessKeyId/.test(code)) {
    return new UsageError(`AWS rejected the credentials (${code}): check the access key of the profile in use, or run aws configure again.`);
  }
  return undefined;
}

/**
 * Whether an error comes from an answer that was not AWS's (an HTML page, a JSON API of something
 * else): the SDK could not parse it, or got a status with no AWS error code.
 */
function notAwsShaped(err: unknown): string | undefined {
  const e = err as { name?: string; message?: string; $response?: { statusCode?: number; headers?: Record<string, string> }; $metadata?: { httpStatusCode?: number; requestId?: string } };
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
  const type = e?.$response?.headers?.['content-type'];
  const desc = [status ? `HTTP ${status}` : '', type ?? ''].filter(Boolean).join(', ');
  if (/parse|Deserializ|Unexpected token|not valid JSON|Char /i.test(e?.message ?? '') || /SyntaxError/.test(e?.name ?? '')) return desc || 'an answer the AWS SDK cannot parse';
  // AWS answers errors in XML or JSON and always with a request id; a web page or a bare status is someone else.
  if (/html/i.test(type ?? '')) return desc;
  if (status && !e?.$metadata?.requestId) return desc || `an error without an AWS request id (${e?.name})`;
  return undefined;
}

/**
 * Runs the check preflight: credentials, region, STS GetCallerIdentity (on the endpoint when one
 * is given), each failure mapped to its one line. Returns who the checker is and the region.
 */
export async function checkPreflight(opts: CheckPreflightOptions): Promise<CheckIdentity> {
  const timeout = opts.timeoutMs ?? 5000;
  const base = { profile: opts.awsProfile, maxAttempts: 2, requestHandler: { connectionTimeout: timeout, requestTimeout: timeout } };
  let region = opts.region;
  if (!opts.endpoint) {
    const probe = new STSClient({ ...base, region: region ?? 'us-east-1' });
    try {
      await probe.config.credentials();
    } catch (err) {
      throw credentialLine(err) ?? new UsageError(`The AWS credentials could not be loaded (${errorMessage(err)}): ${HOW_TO_GIVE}.`);
    } finally {
      probe.destroy();
    }
    if (!region) {
      const sdk = new STSClient({ profile: opts.awsProfile });
      region = await sdk.config.region().catch(() => undefined);
      sdk.destroy();
      if (!region) throw new UsageError('No AWS region set: pass --region (the region your lab runs in, e.g. --region us-east-1), set AWS_REGION, or add region = … to your profile in ~/.aws/config.');
    }
  }
  const where = opts.endpoint ? `the endpoint ${opts.endpoint}` : `AWS STS in ${region}`;
  const notAws = (got: string) =>
    new UsageError(
      `${opts.endpoint ? `The endpoint ${opts.endpoint}` : `The server answering for AWS STS in ${region}`} does not answer like AWS (sts:GetCallerIdentity got ${got}); ${opts.endpoint ? 'check --endpoint: it should be an AWS-compatible endpoint such as a labwright emulator or LocalStack' : 'check the network, proxy and AWS_ENDPOINT_URL settings'}.`,
    );
  const sts = new STSClient({ ...base, region: region ?? 'us-east-1', ...(opts.endpoint ? { endpoint: opts.endpoint, credentials: opts.credentials } : {}) });
  try {
    const who = await sts.send(new GetCallerIdentityCommand({}));
    if (!who.Account) throw notAws(`HTTP ${who.$metadata.httpStatusCode ?? '?'} without an account in it`);
    return { accountId: who.Account, callerArn: who.Arn ?? '', region: region ?? 'us-east-1' };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const line = connectionProblem(err, where, opts.endpoint) ?? credentialLine(err);
    if (line) throw line;
    const shape = notAwsShaped(err);
    if (shape) throw notAws(shape);
    throw new UsageError(`The checker could not confirm who it is on ${where} (sts:GetCallerIdentity: ${codeOf(err) || errorMessage(err)}); check the credentials and ${opts.endpoint ? '--endpoint' : 'the region'}.`);
  } finally {
    sts.destroy();
  }
}
