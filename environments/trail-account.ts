// Building block: an account environment for trail labs: a log bucket with the bucket policy the
// trail's service needs, the role that service assumes to write to CloudWatch Logs, and an IAM user
// with access keys and (by default) no permissions. Provisioned through the SDK and ledgered;
// discovered read-only by the template's names for `check`. The template's names are used as given:
// a run binds them to its own names first (runner/names.ts `bindNames`).
import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../aws/clients';
import * as iam from '../aws/iam';
import * as iamUsers from '../aws/iam-users';
import { visibilityFor, waitUntilVisible } from '../aws/idempotent';
import * as s3 from '../aws/s3';
import { RUN_TAG } from '../core/run-tag';
import type { LabEnvironment } from '../runner/context';
import type { EnvironmentDeps } from '../runner/lab';
import { DiscoveryError } from './vpc-instance-discover';
import { bucketNameFor } from './vpc-instance';

/** What a trail lab's platform pre-provisions, by the lab's names. */
export interface TrailAccountTemplate {
  /** The log bucket is named `<bucketPrefix>-<run id>`. */
  bucketPrefix: string;
  /** The trail the bucket admits (its policy's `aws:SourceArn`). */
  trail: string;
  /** The bucket policy that lets the trail write (AWS's documented statements). */
  bucketPolicy(bucket: string, accountId: string, region: string, trail: string): string;
  /**
   * The role the trail assumes to deliver to CloudWatch Logs, with its trust policy and one inline
   * policy, which lets it write to `logGroup` only.
   */
  role: { name: string; policyName: string; trustPolicy: string; logGroup: string; policy(accountId: string, region: string, logGroup: string): string };
  /** The IAM user whose calls the lab watches; gets one access key. */
  user: { name: string };
}

/** The environment record of a trail lab. */
export interface TrailAccountEnvironment extends LabEnvironment {
  bucket: string;
  /** The role CloudTrail assumes for CloudWatch Logs. */
  roleArn: string;
  userName: string;
  userArn: string;
  /** The user's key: known after provisioning only (discovery cannot read a secret back). */
  userAccessKeyId?: string;
  userSecretAccessKey?: string;
}

/** IAM actions discovering the environment needs. */
export const TRAIL_ACCOUNT_DISCOVERY_ACTIONS = ['s3:ListAllMyBuckets', 'iam:GetRole', 'iam:GetUser'];
/** IAM actions provisioning the environment needs, tags and read-backs included. */
export const TRAIL_ACCOUNT_PROVISION_ACTIONS = [
  's3:CreateBucket',
  's3:PutBucketTagging',
  's3:PutBucketPolicy',
  's3:ListBucket',
  'iam:CreateRole',
  'iam:TagRole',
  'iam:PutRolePolicy',
  'iam:GetRole',
  'iam:CreateUser',
  'iam:TagUser',
  'iam:CreateAccessKey',
  'iam:GetUser',
];

/** Creates the bucket (with its policy), the delivery role and the user with an access key; every create is ledgered before it returns. */
export async function provisionTrailAccount(t: TrailAccountTemplate, deps: EnvironmentDeps): Promise<TrailAccountEnvironment> {
  const { clients, ledger, runId, log, region } = deps;
  const tags = { [RUN_TAG]: runId };
  const visibility = visibilityFor(deps.target, deps.clock, deps.signal);
  const accountId = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account!;

  const bucket = bucketNameFor(t.bucketPrefix, runId);
  await s3.createBucket(clients.s3, bucket, region, log);
  ledger.add({ kind: 'bucket', id: bucket, region });
  await s3.putBucketTags(clients.s3, bucket, tags, log);
  log(`Putting the trail bucket policy on ${bucket}`);
  await clients.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: t.bucketPolicy(bucket, accountId, region, t.trail) }));

  const roleName = t.role.name;
  const roleArn = await iam.createRole(clients.iam, roleName, t.role.trustPolicy, tags, log, { visibility });
  ledger.add({ kind: 'role', id: roleName, region });
  await iam.putRolePolicy(clients.iam, roleName, t.role.policyName, t.role.policy(accountId, region, t.role.logGroup), log);
  ledger.add({ kind: 'role-policy', id: `${roleName}:${t.role.policyName}`, region, meta: { roleName, policyName: t.role.policyName } });

  const userName = t.user.name;
  const userArn = await iamUsers.createUser(clients.iam, userName, tags, log);
  ledger.add({ kind: 'user', id: userName, region });
  const key = await iamUsers.createAccessKey(clients.iam, userName, log);
  ledger.add({ kind: 'access-key', id: key.accessKeyId, region, meta: { userName } });

  // The lab platform hands the environment over once everything in it can be read.
  await waitUntilVisible(`The bucket ${bucket}`, async () => ((await s3.getBucketExists(clients.s3, bucket)) ? true : undefined), visibility);
  await waitUntilVisible(`The role ${roleName}`, () => iam.getRole(clients.iam, roleName), visibility);
  await waitUntilVisible(`The user ${userName}`, () => iamUsers.getUser(clients.iam, userName), visibility);
  return { accountId, region, bucket, roleArn, userName, userArn, userAccessKeyId: key.accessKeyId, userSecretAccessKey: key.secretAccessKey };
}

/**
 * Finds the environment read-only by the template's names; throws a DiscoveryError naming what is
 * missing. A user labwright provisioned carries its run's tag, which names that run's bucket.
 */
export async function discoverTrailAccount(t: TrailAccountTemplate, clients: Pick<AwsClients, 's3' | 'iam' | 'sts'>, region: string): Promise<TrailAccountEnvironment> {
  const accountId = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account!;
  const user = (await iamUsers.getUser(clients.iam, t.user.name));
  if (!user?.Arn) throw new DiscoveryError(`No IAM user named '${t.user.name}' was found in this account; the lab provides it. Has the lab environment finished starting?`);
  const runId = user.Tags?.find((tag) => tag.Key === RUN_TAG)?.Value;
  return { accountId, region, bucket: await findBucket(clients, t.bucketPrefix, runId), roleArn: await findRoleArn(clients, t.role.name), userName: t.user.name, userArn: user.Arn };
}

/** The lab bucket: the one of the user's run, else the only one named with the template's prefix, else the account's only bucket. */
async function findBucket(clients: Pick<AwsClients, 's3'>, prefix: string, runId: string | undefined): Promise<string> {
  const all = await s3.listBuckets(clients.s3);
  const named = all.filter((b) => b.startsWith(prefix));
  const own = runId ? bucketNameFor(prefix, runId) : undefined;
  if (own && named.includes(own)) return own;
  if (named.length === 1) return named[0];
  if (named.length > 1) {
    throw new DiscoveryError(`${named.length} buckets are named like the lab's trail bucket (${named.join(', ')}); the checker cannot tell which one belongs to this lab.`);
  }
  if (all.length === 1) return all[0];
  throw new DiscoveryError(all.length ? `The checker could not tell which of the ${all.length} buckets in this account is the lab's trail bucket.` : 'No S3 bucket was found in this account; the lab provides one for the trail.');
}

/** The delivery role's ARN, by the lab's exact name (the lab platform names it so). */
async function findRoleArn(clients: Pick<AwsClients, 'iam'>, name: string): Promise<string> {
  const exact = await iam.getRole(clients.iam, name);
  if (exact?.Arn) return exact.Arn;
  throw new DiscoveryError(`No IAM role named '${name}' was found in this account; the lab provides it for CloudTrail's delivery to CloudWatch Logs.`);
}
