import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { CallRecorder, isReadCall, ReadOnlyViolation } from './calls';

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
}

/** How to reach AWS (or an AWS-compatible endpoint). */
export interface ClientConfig {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** A shared-config profile (aws target); the default credential chain is used otherwise. */
  profile?: string;
  maxAttempts?: number;
  recorder?: CallRecorder;
  readOnly?: boolean;
}

type AnyClient = { middlewareStack: { add: (mw: any, opts: any) => void }; config: { serviceId?: string } };

function instrument(client: AnyClient, service: string, cfg: ClientConfig): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      if (cfg.readOnly && !isReadCall(operation, (args as { input?: unknown })?.input)) throw new ReadOnlyViolation(service, operation);
      const started = Date.now();
      try {
        const out = await next(args);
        cfg.recorder?.record({ service, operation, ok: true, ms: Date.now() - started });
        return out;
      } catch (err) {
        cfg.recorder?.record({ service, operation, ok: false, errorName: (err as Error)?.name, ms: Date.now() - started });
        throw err;
      }
    },
    { step: 'initialize', name: 'labwrightRecorder', priority: 'high' },
  );
}

/** Creates the lab's SDK clients with the recording (and, for checks, read-only) middleware. */
export function createClients(cfg: ClientConfig): AwsClients {
  const common = {
    region: cfg.region,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    // Without explicit credentials the SDK's default chain applies, reading `profile` when given.
    ...(cfg.credentials ? { credentials: cfg.credentials } : {}),
    ...(cfg.profile ? { profile: cfg.profile } : {}),
    ...(cfg.maxAttempts ? { maxAttempts: cfg.maxAttempts } : {}),
  };
  const clients: AwsClients = {
    ec2: new EC2Client(common),
    s3: new S3Client({ ...common, forcePathStyle: Boolean(cfg.endpoint) }),
    iam: new IAMClient(common),
    sts: new STSClient(common),
    sns: new SNSClient(common),
    logs: new CloudWatchLogsClient(common),
    cloudwatch: new CloudWatchClient(common),
    athena: new AthenaClient(common),
  };
  const names: Record<keyof AwsClients, string> = { ec2: 'ec2', s3: 's3', iam: 'iam', sts: 'sts', sns: 'sns', logs: 'logs', cloudwatch: 'cloudwatch', athena: 'athena' };
  for (const key of Object.keys(clients) as Array<keyof AwsClients>) instrument(clients[key] as unknown as AnyClient, names[key], cfg);
  return clients;
}

/** Closes every client's sockets. */
export function destroyClients(clients: AwsClients): void {
  for (const c of Object.values(clients)) c.destroy();
}
