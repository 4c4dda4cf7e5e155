import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { CallRecorder, callQualifiers, isReadCall, ReadOnlyViolation } from './calls';
import { createdBy, type CreatedResource } from './created';
import { builtClients, lazyClients } from './lazy-clients';

/** The SDK clients a lab uses, all for one region and endpoint. */
export interface AwsClients {
  ec2: EC2Client;
  s3: S3Client;
  iam: IAMClient;
  sts: STSClient;
  sns: SNSClient;
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
  athena: AthenaClient;
  cloudtrail: CloudTrailClient;
}

/** How to reach AWS (or an AWS-compatible endpoint). */
export interface ClientConfig {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The AWS shared-config profile (aws target); the default credential chain is used otherwise. */
  awsProfile?: string;
  /** Attempts per call, retries included (the SDK's standard mode retries throttling, 5xx and dropped connections). */
  maxAttempts?: number;
  /**
   * First retry delay; each further retry doubles it (with jitter), capped at 20× the base. Unset: the
   * SDK's own backoff (50 ms, and 1 s for throttling), right for AWS; an emulator's faults clear in milliseconds.
   */
  retryBaseDelayMs?: number;
  recorder?: CallRecorder;
  readOnly?: boolean;
  /** S3: when a bucket is in another region, follow S3's redirect there (sweep, which lists every bucket of the account). */
  followRegionRedirects?: boolean;
  /** Told of every resource a successful create call made, before the call returns (a run's ledger). */
  onCreated?(resource: CreatedResource): void;
}

type AnyClient = { middlewareStack: { add: (mw: any, opts: any) => void }; config: { serviceId?: string } };

function instrument(client: AnyClient, service: string, cfg: ClientConfig): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      if (cfg.readOnly && !isReadCall(operation, (args as { input?: unknown })?.input)) throw new ReadOnlyViolation(service, operation);
      const started = Date.now();
      const qualifiers = cfg.recorder ? callQualifiers(operation, (args as { input?: unknown })?.input) : [];
      try {
        const out = (await next(args)) as { output?: { $metadata?: { attempts?: number } } };
        cfg.recorder?.record({ service, operation, ok: true, ms: Date.now() - started, attempts: out?.output?.$metadata?.attempts ?? 1, ...(qualifiers.length ? { qualifiers } : {}) });
        if (cfg.onCreated) {
          const resource = createdBy(service, operation, (args as { input?: unknown })?.input, out?.output);
          if (resource) cfg.onCreated(resource);
        }
        return out;
      } catch (err) {
        const attempts = (err as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 1;
        cfg.recorder?.record({ service, operation, ok: false, errorName: (err as Error)?.name, ms: Date.now() - started, attempts, ...(qualifiers.length ? { qualifiers } : {}) });
        throw err;
      }
    },
    { step: 'initialize', name: 'labwrightRecorder', priority: 'high' },
  );
}

/** A retry strategy per client (each keeps its own retry budget): exponential from the base, with full jitter. */
function retryStrategyFor(cfg: ClientConfig): ConfiguredRetryStrategy | undefined {
  if (cfg.retryBaseDelayMs === undefined) return undefined;
  const base = cfg.retryBaseDelayMs;
  return new ConfiguredRetryStrategy(cfg.maxAttempts ?? 3, (attempt) => Math.floor(Math.min(base * 2 ** (attempt - 1), base * 20) * (0.5 + Math.random() / 2)));
}

/** Creates the lab's SDK clients with the recording (and, for checks, read-only) middleware. */
export function createClients(cfg: ClientConfig): AwsClients {
  const common = () => ({
    region: cfg.region,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    // Without explicit credentials the SDK's default chain applies, reading `awsProfile` when given.
    ...(cfg.credentials ? { credentials: cfg.credentials } : {}),
    ...(cfg.awsProfile ? { profile: cfg.awsProfile } : {}),
    ...(cfg.maxAttempts ? { maxAttempts: cfg.maxAttempts } : {}),
    ...(cfg.retryBaseDelayMs !== undefined ? { retryStrategy: retryStrategyFor(cfg) } : {}),
  });
  const build = <K extends keyof AwsClients>(key: K, client: AwsClients[K]): AwsClients[K] => {
    instrument(client as unknown as AnyClient, key, cfg);
    return client;
  };
  return lazyClients<AwsClients>({
    ec2: () => build('ec2', new EC2Client(common())),
    s3: () => build('s3', new S3Client({ ...common(), forcePathStyle: Boolean(cfg.endpoint), ...(cfg.followRegionRedirects ? { followRegionRedirects: true } : {}) })),
    iam: () => build('iam', new IAMClient(common())),
    sts: () => build('sts', new STSClient(common())),
    sns: () => build('sns', new SNSClient(common())),
    logs: () => build('logs', new CloudWatchLogsClient(common())),
    cloudwatch: () => build('cloudwatch', new CloudWatchClient(common())),
    athena: () => build('athena', new AthenaClient(common())),
    cloudtrail: () => build('cloudtrail', new CloudTrailClient(common())),
  });
}

/** Closes the sockets of every client of the set that was used. */
export function destroyClients(clients: AwsClients): void {
  for (const c of builtClients(clients)) (c as { destroy(): void }).destroy();
}
