// `run --lab-names` preflight: the lab's literal names are the account's namespace, so before a run
// creates anything under them it makes sure none is taken, read-only, and names the first that is.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import type { AwsClients } from '../aws/clients';
import * as athena from '../aws/athena';
import * as cloudtrail from '../aws/cloudtrail';
import * as cloudwatch from '../aws/cloudwatch';
import * as iam from '../aws/iam';
import * as iamUsers from '../aws/iam-users';
import * as logs from '../aws/logs';
import * as s3 from '../aws/s3';
import * as sns from '../aws/sns';
import type { LabNames, NameKind, RunNames } from './names';

type Clients = Pick<AwsClients, 'ec2' | 's3' | 'iam' | 'logs' | 'cloudwatch' | 'sns' | 'athena' | 'sts' | 'cloudtrail'>;

/** One name that is already taken. */
export interface NameClash {
  kind: NameKind;
  name: string;
  /** What exists, in words ("the log group AppLogs"). */
  what: string;
}

const WORDS: Record<NameKind, string> = {
  's3-bucket': 'the bucket',
  'iam-role': 'the IAM role',
  'log-group': 'the log group',
  'metric-filter': 'the metric filter',
  'metric-namespace': 'the metric namespace',
  alarm: 'the alarm',
  'sns-topic': 'the SNS topic',
  'key-pair': 'the key pair',
  'security-group': 'the security group',
  'athena-database': 'the Athena database',
  'athena-table': 'the Athena table',
  'athena-workgroup': 'the Athena workgroup',
  'cloudtrail-trail': 'the trail',
  'iam-user': 'the IAM user',
};

/**
 * The names of a run that already exist in the account, in the lab's order (read-only). Security
 * groups and metric filters live inside the run's own VPC and log group, so they cannot clash; a
 * table clashes in any of the run's databases; the account's `primary` workgroup clashes once it
 * has a result location (the run would change it).
 */
export async function findNameClashes(names: RunNames, clients: Clients, region: string): Promise<NameClash[]> {
  const entries = names.entries();
  const databases = entries.filter(([, , k]) => k === 'athena-database').map(([, n]) => n);
  let account: string | undefined;
  const accountId = async () => (account ??= (await clients.sts.send(new GetCallerIdentityCommand({}))).Account!);
  const exists: Partial<Record<NameKind, (name: string) => Promise<string | false>>> = {
    's3-bucket': async (n) => (await s3.getBucketExists(clients.s3, n)) && n,
    'iam-role': async (n) => Boolean(await iam.getRole(clients.iam, n)) && n,
    'iam-user': async (n) => Boolean(await iamUsers.getUser(clients.iam, n)) && n,
    // The region's trails, with the shadows of other regions' multi-region trails (a new one would meet them).
    'cloudtrail-trail': async (n) => Boolean(await cloudtrail.getTrail(clients.cloudtrail, n)) && n,
    'log-group': async (n) => Boolean(await logs.getLogGroup(clients.logs, n)) && n,
    'metric-namespace': async (n) => Boolean((await clients.cloudwatch.send(new ListMetricsCommand({ Namespace: n }))).Metrics?.length) && n,
    alarm: async (n) => Boolean(await cloudwatch.getAlarm(clients.cloudwatch, n)) && n,
    'sns-topic': async (n) => Boolean(await sns.getTopicAttributes(clients.sns, `arn:aws:sns:${region}:${await accountId()}:${n}`)) && n,
    'key-pair': async (n) => {
      try {
        return Boolean((await clients.ec2.send(new DescribeKeyPairsCommand({ KeyNames: [n] }))).KeyPairs?.length) && n;
      } catch (err) {
        if (/NotFound/.test((err as Error).name)) return false;
        throw err;
      }
    },
    'athena-table': async (n) => {
      for (const db of databases) if (await athena.getTableMetadata(clients.athena, db, n)) return `${db}.${n}`;
      return false;
    },
    'athena-database': async (n) => n !== 'default' && (await athena.getDatabase(clients.athena, n)) && n,
    'athena-workgroup': async (n) => {
      const wg = await athena.getWorkGroup(clients.athena, n);
      if (!wg) return false;
      return n !== athena.DEFAULT_WORKGROUP || wg.Configuration?.ResultConfiguration?.OutputLocation ? `${n}${wg.Configuration?.ResultConfiguration?.OutputLocation ? ` (its result location is ${wg.Configuration.ResultConfiguration.OutputLocation})` : ''}` : false;
    },
  };
  const clashes: NameClash[] = [];
  for (const [, name, kind] of entries) {
    const found = await exists[kind]?.(name);
    if (found) clashes.push({ kind, name, what: `${WORDS[kind]} ${found}` });
  }
  return clashes;
}

/** The IAM actions the preflight reads with. */
const CLASH_ACTIONS: Readonly<Record<NameKind, readonly string[]>> = {
  's3-bucket': ['s3:ListBucket'],
  'iam-role': ['iam:GetRole'],
  'iam-user': ['iam:GetUser'],
  'cloudtrail-trail': ['cloudtrail:DescribeTrails'],
  'log-group': ['logs:DescribeLogGroups'],
  // Metric filters and security groups live inside the run's own log group and VPC: no clash to look for.
  'metric-filter': [],
  'security-group': [],
  'metric-namespace': ['cloudwatch:ListMetrics'],
  alarm: ['cloudwatch:DescribeAlarms'],
  'sns-topic': ['sns:GetTopicAttributes'],
  'key-pair': ['ec2:DescribeKeyPairs'],
  'athena-database': ['athena:GetDatabase'],
  'athena-table': ['athena:GetTableMetadata'],
  'athena-workgroup': ['athena:GetWorkGroup'],
};

/** The IAM actions the `--lab-names` preflight needs for a lab's declared names (part of the run policy). */
export function nameClashActions(names: LabNames = {}): string[] {
  return [...new Set(['sts:GetCallerIdentity', ...Object.values(names).flatMap((kind) => CLASH_ACTIONS[kind])])];
}
