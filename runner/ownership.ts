// Whether a ledger entry is still the run's own, read from AWS right before teardown deletes it: a
// resource the ledger names but that no longer carries the run's `labwright:run-id` tag (someone
// replaced it, or a create found it already there) is left alone. Services without tags (Athena
// tables and databases, routes, associations) count as the run's when the ledger has them: only a
// create call of the run puts them there.
import { DescribeTagsCommand, DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import { DescribeAlarmsCommand, ListTagsForResourceCommand as CwTags } from '@aws-sdk/client-cloudwatch';
import { ListTagsLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListTagsForResourceCommand as SnsTags } from '@aws-sdk/client-sns';
import { ListTagsCommand as TrailTags } from '@aws-sdk/client-cloudtrail';
import type { AwsClients } from '../aws/clients';
import * as athena from '../aws/athena';
import * as cloudtrail from '../aws/cloudtrail';
import * as iamUsers from '../aws/iam-users';
import * as iam from '../aws/iam';
import * as s3 from '../aws/s3';
import { RUN_TAG } from '../core/run-tag';
import type { LedgerEntry, ResourceKind } from './ledger';

/** What AWS says of a ledger entry: the run's own, someone else's, or already gone. */
export type Ownership = 'ours' | 'not-ours' | 'gone';

type Clients = Pick<AwsClients, 'ec2' | 's3' | 'iam' | 'logs' | 'cloudwatch' | 'sns' | 'athena'> & Partial<Pick<AwsClients, 'cloudtrail'>>;
type Tags = Record<string, string> | undefined;

const NOT_FOUND = /NotFound|NoSuch|ResourceNotFound|EntityNotFound/;

const mine = (tags: Tags, runId: string): Ownership => (tags === undefined ? 'gone' : tags[RUN_TAG] === runId ? 'ours' : 'not-ours');
const tagMap = (list: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> => Object.fromEntries((list ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

async function orGone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (NOT_FOUND.test((err as Error).name ?? '')) return undefined;
    throw err;
  }
}

/** EC2 resources by id: ids are unique, so one that answers no tags at all is gone (or not visible any more). */
async function ec2Tags(c: Clients, id: string): Promise<Tags> {
  const out = await c.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }));
  return out.Tags?.length ? tagMap(out.Tags) : undefined;
}

const logGroupTags = (c: Clients, name: string) => orGone(async () => (await c.logs.send(new ListTagsLogGroupCommand({ logGroupName: name }))).tags ?? {});
const roleTags = async (c: Clients, name: string): Promise<Tags> => {
  const role = await iam.getRole(c.iam, name);
  return role ? tagMap(role.Tags) : undefined;
};
const userTags = async (c: Clients, name: string): Promise<Tags> => {
  const user = await iamUsers.getUser(c.iam, name);
  return user ? tagMap(user.Tags) : undefined;
};
const topicTags = (c: Clients, arn: string) => orGone(async () => tagMap((await c.sns.send(new SnsTags({ ResourceArn: arn }))).Tags));

type Reader = (e: LedgerEntry, c: Clients, runId: string) => Promise<Ownership>;
const byEc2Id = (id: (e: LedgerEntry) => string | undefined): Reader => async (e, c, runId) => {
  const resource = id(e);
  return resource ? mine(await ec2Tags(c, resource), runId) : 'ours';
};
const untagged: Reader = async () => 'ours';

const READERS: Record<ResourceKind, Reader> = {
  'athena-table': untagged,
  // The account's `default` database is never a run's, whatever a ledger says.
  'athena-database': async (e) => (e.id === 'default' ? 'not-ours' : 'ours'),
  'athena-workgroup': async (e, c, runId) => {
    const wg = await athena.getWorkGroup(c.athena, e.id);
    if (!wg) return 'gone';
    return wg.Description === athena.runWorkGroupDescription(runId) ? 'ours' : 'not-ours';
  },
  'flow-log': byEc2Id((e) => e.id),
  alarm: async (e, c, runId) => {
    const alarm = (await c.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [e.id] }))).MetricAlarms?.find((a) => a.AlarmName === e.id);
    if (!alarm?.AlarmArn) return 'gone';
    return mine(tagMap((await c.cloudwatch.send(new CwTags({ ResourceARN: alarm.AlarmArn }))).Tags), runId);
  },
  // A metric filter has no tags: it is the run's when its log group is.
  'metric-filter': async (e, c, runId) => mine(await logGroupTags(c, e.meta?.logGroupName ?? e.meta?.logGroup ?? ''), runId),
  'sns-subscription': async (e, c, runId) => mine(await topicTags(c, e.meta?.topicArn ?? e.id.replace(/^pending confirmation /, '')), runId),
  'sns-topic': async (e, c, runId) => mine(await topicTags(c, e.id), runId),
  instance: byEc2Id((e) => e.id),
  'key-pair': async (e, c, runId) => {
    const pair = await orGone(async () => (await c.ec2.send(new DescribeKeyPairsCommand({ KeyNames: [e.id] }))).KeyPairs?.[0]);
    return mine(pair ? tagMap(pair.Tags) : undefined, runId);
  },
  'route-table-association': byEc2Id((e) => e.meta?.routeTableId),
  route: byEc2Id((e) => e.meta?.routeTableId ?? e.id.split(':')[0]),
  'internet-gateway-attachment': byEc2Id((e) => e.id),
  'security-group': byEc2Id((e) => e.id),
  'internet-gateway': byEc2Id((e) => e.id),
  subnet: byEc2Id((e) => e.id),
  'route-table': byEc2Id((e) => e.id),
  vpc: byEc2Id((e) => e.id),
  'log-group': async (e, c, runId) => mine(await logGroupTags(c, e.id), runId),
  bucket: async (e, c, runId) => ((await s3.getBucketExists(c.s3, e.id)) ? mine(await s3.getBucketTags(c.s3, e.id), runId) : 'gone'),
  'role-policy': async (e, c, runId) => mine(await roleTags(c, e.meta?.roleName ?? e.id.split(':')[0]), runId),
  role: async (e, c, runId) => mine(await roleTags(c, e.id), runId),
  trail: async (e, c, runId) => {
    if (!c.cloudtrail) return 'ours';
    const trail = await cloudtrail.getTrail(c.cloudtrail, e.id);
    if (!trail?.TrailARN) return 'gone';
    const out = await c.cloudtrail.send(new TrailTags({ ResourceIdList: [trail.TrailARN] }));
    return mine(tagMap(out.ResourceTagList?.[0]?.TagsList), runId);
  },
  user: async (e, c, runId) => mine(await userTags(c, e.id), runId),
  // An access key has no tags: it is the run's when its user is.
  'access-key': async (e, c, runId) => mine(await userTags(c, e.meta?.userName ?? ''), runId),
};

/** Whether the entry's resource still carries the run's tag (read from AWS now). */
export function ownershipOf(entry: LedgerEntry, clients: Clients, runId: string): Promise<Ownership> {
  return READERS[entry.kind](entry, clients, runId);
}

/** The IAM actions reading ownership needs (part of teardown's permissions; trails and users: teardownActionsFor). */
export const OWNERSHIP_ACTIONS: readonly string[] = [
  'ec2:DescribeTags',
  'ec2:DescribeKeyPairs',
  'cloudwatch:DescribeAlarms',
  'cloudwatch:ListTagsForResource',
  'logs:ListTagsLogGroup',
  'sns:ListTagsForResource',
  'iam:GetRole',
  's3:ListBucket',
  's3:GetBucketTagging',
  'athena:GetWorkGroup',
];
