// `labwright sweep`: what a crashed run left behind, found again by its `labwright:run-id` tag (or,
// for buckets, the run id in the name), aged by the UTC timestamp in the run id, and deleted in
// dependency order by the same teardown a run uses — the ledger is rebuilt from what was found.
import { ListTagsForResourceCommand as ListAlarmTagsCommand, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { ListTagsForResourceCommand as ListLogGroupTagsCommand, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeKeyPairsCommand,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
  type Filter,
  type Tag,
} from '@aws-sdk/client-ec2';
import { ListRoleTagsCommand, paginateListRoles } from '@aws-sdk/client-iam';
import { GetBucketLocationCommand } from '@aws-sdk/client-s3';
import { ListTagsForResourceCommand as ListTopicTagsCommand, paginateListTopics } from '@aws-sdk/client-sns';
import type { AwsClients } from '../aws/clients';
import { listBuckets, getBucketTags } from '../aws/s3';
import { errorMessage } from '../core/errors';
import { RUN_TAG } from '../core/run-tag';
import type { SweepHints } from './lab';
import { CleanupLedger, type LedgerEntry, type ResourceKind } from './ledger';
import { teardown, type TeardownOptions, type TeardownSummary } from './teardown';

type Clients = Pick<AwsClients, 'ec2' | 's3' | 'iam' | 'logs' | 'cloudwatch' | 'sns' | 'athena'>;

/** One resource a run left behind. */
export interface SweepItem {
  entry: LedgerEntry;
  runId: string;
  /** Age in ms (from the run id's timestamp, else the resource's creation time); undefined when neither is known. */
  ageMs?: number;
}

/** What to sweep. */
export interface SweepOptions {
  region: string;
  /** Only resources at least this old (0: everything tagged). */
  olderThanMs: number;
  /** List, delete nothing. */
  dryRun?: boolean;
  now?: number;
  log(line: string): void;
  teardown?: TeardownOptions;
  /** Name prefixes of untaggable-in-listing resources (roles, buckets), from the labs' `sweep`. */
  hints?: SweepHints;
  /** Look at IAM roles too (default true): they are global, so a sweep of several regions asks once. */
  roles?: boolean;
}

/** What a sweep could not look at (a listing or one resource): reported, never the end of the sweep. */
export interface SweepSkip {
  /** What was being read, e.g. `IAM roles` or `bucket labwright-flow-logs-lw-…`. */
  what: string;
  region: string;
  /** AWS's error code and message (AccessDenied, Throttling, PermanentRedirect…). */
  reason: string;
}

/** What a sweep found and, unless a dry run, what it deleted, and what it had to skip. */
export interface SweepResult {
  found: SweepItem[];
  summary?: TeardownSummary;
  skipped: SweepSkip[];
}

/**
 * The IAM actions a sweep needs: finding (below) plus deleting (the run's teardown). The emulator
 * test proves every call a sweep makes is covered; `labwright policy --run` can merge them in.
 */
export const SWEEP_ACTIONS: readonly string[] = [
  'ec2:DescribeInstances', 'ec2:DescribeFlowLogs', 'ec2:DescribeKeyPairs', 'ec2:DescribeSecurityGroups', 'ec2:DescribeRouteTables',
  'ec2:DescribeInternetGateways', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:DescribeRegions',
  'ec2:DeleteFlowLogs', 'ec2:TerminateInstances', 'ec2:DeleteKeyPair', 'ec2:DisassociateRouteTable', 'ec2:DetachInternetGateway',
  'ec2:DeleteSecurityGroup', 'ec2:DeleteInternetGateway', 'ec2:DeleteSubnet', 'ec2:DeleteRouteTable', 'ec2:DeleteVpc',
  'logs:DescribeLogGroups', 'logs:ListTagsForResource', 'logs:DeleteLogGroup',
  'cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource', 'cloudwatch:DeleteAlarms',
  'sns:ListTopics', 'sns:ListTagsForResource', 'sns:DeleteTopic',
  's3:ListAllMyBuckets', 's3:GetBucketTagging', 's3:GetBucketLocation', 's3:ListBucket', 's3:DeleteObject', 's3:DeleteBucket',
  'iam:ListRoles', 'iam:ListRoleTags', 'iam:ListRolePolicies', 'iam:DeleteRolePolicy', 'iam:DeleteRole',
];

/** The UTC start time a run id `lw-YYYYMMDDtHHMM-xxxxxx` carries (ms), or undefined for any other text. */
export function runIdTime(runId: string): number | undefined {
  const m = /^lw-(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})-[0-9a-f]+$/.exec(runId);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(t);
  // Reject impossible dates (month 13, 25 o'clock) rather than let Date.UTC roll them over.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi) return undefined;
  return t;
}

/** Finds every resource tagged with a run id in the clients' region (IAM roles: account-wide), with its age. */
export async function findLeftovers(clients: Clients, region: string, now = Date.now(), hints: SweepHints = {}, skipped: SweepSkip[] = [], roles = true): Promise<SweepItem[]> {
  const items: SweepItem[] = [];
  const add = (kind: ResourceKind, id: string, runId: string, created?: Date | number, meta?: Record<string, string>) => {
    const createdMs = created instanceof Date ? created.getTime() : created;
    const start = runIdTime(runId) ?? createdMs;
    items.push({ entry: { kind, id, region, ...(meta ? { meta } : {}), createdAt: start ?? now }, runId, ageMs: start === undefined ? undefined : Math.max(0, now - start) });
  };
  // One listing or one resource that fails (throttled, AccessDenied, a redirect) is noted and
  // skipped: the rest of the sweep goes on.
  const guard: Guard = async (what, fn) => {
    try {
      await fn();
    } catch (err) {
      skipped.push({ what, region, reason: `${(err as Error)?.name ?? 'Error'}: ${errorMessage(err)}` });
    }
  };
  await findEc2(clients.ec2, add, guard);
  await guard('CloudWatch Logs log groups', () => findLogGroups(clients.logs, add, guard));
  await guard('CloudWatch alarms', () => findAlarms(clients.cloudwatch, add, guard));
  await guard('SNS topics', () => findTopics(clients.sns, add, guard));
  await guard('S3 buckets', () => findBuckets(clients.s3, region, hints.bucketPrefixes ?? [], add, guard));
  if (roles) await guard('IAM roles', () => findRoles(clients.iam, hints.rolePrefixes ?? [], add, guard));
  return items;
}

/**
 * Finds what crashed runs left behind (older than `olderThanMs`) and, unless `dryRun`, deletes it
 * in dependency order through `teardown`. Resources of unknown age are left alone unless the age
 * limit is 0. What could not be read is in `skipped`; what could not be deleted in `summary.failed`.
 */
export async function sweep(clients: Clients, opts: SweepOptions): Promise<SweepResult> {
  const skipped: SweepSkip[] = [];
  const all = await findLeftovers(clients, opts.region, opts.now ?? Date.now(), opts.hints, skipped, opts.roles ?? true);
  const found = all.filter((i) => (i.ageMs === undefined ? opts.olderThanMs === 0 : i.ageMs >= opts.olderThanMs));
  if (opts.dryRun || found.length === 0) return { found, skipped };
  const ledger = new CleanupLedger();
  for (const item of found) ledger.add(item.entry);
  const summary = await teardown(ledger, clients, opts.log, opts.teardown);
  return { found, summary, skipped };
}

type Guard = (what: string, fn: () => Promise<void>) => Promise<void>;
type Add = (kind: ResourceKind, id: string, runId: string, created?: Date | number, meta?: Record<string, string>) => void;

const TAGGED: Filter[] = [{ Name: 'tag-key', Values: [RUN_TAG] }];
const runTagOf = (tags: Tag[] | undefined) => tags?.find((t) => t.Key === RUN_TAG)?.Value;

async function findEc2(ec2: Clients['ec2'], add: Add, guard: Guard): Promise<void> {
  await guard('EC2 instances', async () => {
    for await (const page of paginateDescribeInstances({ client: ec2 }, { Filters: [...TAGGED, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] }]})) {
      for (const inst of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
        const run = runTagOf(inst.Tags);
        if (run && inst.InstanceId) add('instance', inst.InstanceId, run, inst.LaunchTime, inst.VpcId ? { vpcId: inst.VpcId } : undefined);
      }
    }
  });
  await guard('EC2 flow logs', async () => {
    for await (const page of paginateDescribeFlowLogs({ client: ec2 }, { Filter: TAGGED})) {
      for (const fl of page.FlowLogs ?? []) {
        const run = runTagOf(fl.Tags);
        if (run && fl.FlowLogId) add('flow-log', fl.FlowLogId, run, fl.CreationTime, fl.ResourceId ? { vpcId: fl.ResourceId } : undefined);
      }
    }
  });
  await guard('EC2 key pairs', async () => {
    // DescribeKeyPairs does not page.
    for (const kp of (await ec2.send(new DescribeKeyPairsCommand({ Filters: TAGGED }))).KeyPairs ?? []) {
      const run = runTagOf(kp.Tags);
      if (run && kp.KeyName) add('key-pair', kp.KeyName, run, kp.CreateTime);
    }
  });
  await guard('EC2 security groups', async () => {
    for await (const page of paginateDescribeSecurityGroups({ client: ec2 }, { Filters: TAGGED})) {
      for (const sg of page.SecurityGroups ?? []) {
        const run = runTagOf(sg.Tags);
        // A VPC's default group goes with its VPC and cannot be deleted on its own.
        if (run && sg.GroupId && sg.GroupName !== 'default') add('security-group', sg.GroupId, run, undefined, sg.VpcId ? { vpcId: sg.VpcId } : undefined);
      }
    }
  });
  // A network that cannot be listed whole is left whole: its parts go only with the rest.
  await guard('EC2 networks (route tables, internet gateways, subnets, VPCs)', async () => {
    for await (const page of paginateDescribeRouteTables({ client: ec2 }, { Filters: TAGGED})) {
      for (const rt of page.RouteTables ?? []) {
        const run = runTagOf(rt.Tags);
        if (!run || !rt.RouteTableId) continue;
        // Only a route table the run created: a VPC's main table goes with the VPC.
        if (rt.Associations?.some((a) => a.Main)) continue;
        for (const a of rt.Associations ?? []) {
          if (a.RouteTableAssociationId && a.SubnetId) add('route-table-association', a.RouteTableAssociationId, run, undefined, { routeTableId: rt.RouteTableId, subnetId: a.SubnetId });
        }
        add('route-table', rt.RouteTableId, run, undefined, rt.VpcId ? { vpcId: rt.VpcId } : undefined);
      }
    }
    for await (const page of paginateDescribeInternetGateways({ client: ec2 }, { Filters: TAGGED})) {
      for (const igw of page.InternetGateways ?? []) {
        const run = runTagOf(igw.Tags);
        if (!run || !igw.InternetGatewayId) continue;
        for (const att of igw.Attachments ?? []) if (att.VpcId) add('internet-gateway-attachment', igw.InternetGatewayId, run, undefined, { vpcId: att.VpcId });
        add('internet-gateway', igw.InternetGatewayId, run);
      }
    }
    for await (const page of paginateDescribeSubnets({ client: ec2 }, { Filters: TAGGED})) {
      for (const s of page.Subnets ?? []) {
        const run = runTagOf(s.Tags);
        if (run && s.SubnetId) add('subnet', s.SubnetId, run, undefined, s.VpcId ? { vpcId: s.VpcId } : undefined);
      }
    }
    for await (const page of paginateDescribeVpcs({ client: ec2 }, { Filters: TAGGED})) {
      for (const v of page.Vpcs ?? []) {
        const run = runTagOf(v.Tags);
        if (run && v.VpcId) add('vpc', v.VpcId, run);
      }
    }
  });
}

/** Log groups carry tags only behind ListTagsForResource: every group of the region is asked. */
async function findLogGroups(logs: Clients['logs'], add: Add, guard: Guard): Promise<void> {
  for await (const page of paginateDescribeLogGroups({ client: logs }, {})) {
    for (const g of page.logGroups ?? []) {
      const arn = g.logGroupArn ?? g.arn?.replace(/:\*$/, '');
      if (!arn || !g.logGroupName) continue;
      await guard(`log group ${g.logGroupName}`, async () => {
        const tags = (await logs.send(new ListLogGroupTagsCommand({ resourceArn: arn }))).tags ?? {};
        if (tags[RUN_TAG]) add('log-group', g.logGroupName!, tags[RUN_TAG], g.creationTime);
      });
    }
  }
}

async function findAlarms(cw: Clients['cloudwatch'], add: Add, guard: Guard): Promise<void> {
  for await (const page of paginateDescribeAlarms({ client: cw }, { AlarmTypes: ['MetricAlarm'] })) {
    for (const a of page.MetricAlarms ?? []) {
      if (!a.AlarmArn || !a.AlarmName) continue;
      await guard(`alarm ${a.AlarmName}`, async () => {
        const run = runTagOf((await cw.send(new ListAlarmTagsCommand({ ResourceARN: a.AlarmArn }))).Tags);
        if (run) add('alarm', a.AlarmName!, run, a.AlarmConfigurationUpdatedTimestamp);
      });
    }
  }
}

async function findTopics(sns: Clients['sns'], add: Add, guard: Guard): Promise<void> {
  for await (const page of paginateListTopics({ client: sns }, {})) {
    for (const t of page.Topics ?? []) {
      if (!t.TopicArn) continue;
      await guard(`SNS topic ${t.TopicArn}`, async () => {
        const run = runTagOf((await sns.send(new ListTopicTagsCommand({ ResourceArn: t.TopicArn }))).Tags);
        // Deleting the topic removes its subscriptions too.
        if (run) add('sns-topic', t.TopicArn!, run);
      });
    }
  }
}

/**
 * Lab buckets are named `<prefix>-<run id>` (a prefix a lab declares): only those are asked where
 * they are and, when in this region, for their tags (an emulator without bucket tagging still gives
 * the run id through the name). A bucket of another region is left to a sweep of that region
 * (`--all-regions`); asked first where it is, it never answers this region's client with a redirect.
 */
async function findBuckets(s3: Clients['s3'], region: string, prefixes: string[], add: Add, guard: Guard): Promise<void> {
  for (const name of await listBuckets(s3)) {
    const prefix = prefixes.map((p) => `${p}-`).find((p) => name.startsWith(p));
    if (!prefix) continue;
    await guard(`bucket ${name}`, async () => {
      const where = (await s3.send(new GetBucketLocationCommand({ Bucket: name }))).LocationConstraint as string | undefined;
      const bucketRegion = !where ? 'us-east-1' : where === 'EU' ? 'eu-west-1' : where;
      if (bucketRegion !== region) return;
      const tagged = (await getBucketTags(s3, name))[RUN_TAG];
      const run = tagged ?? name.slice(prefix.length);
      // An untagged bucket counts only when its name ends in a well-formed run id.
      if (!tagged && runIdTime(run) === undefined) return;
      add('bucket', name, run);
    });
  }
}

/**
 * IAM roles are account-wide and ListRoles does not return tags, so only roles named like a
 * lab's role (a prefix a lab declares, `<name>[-<run id>]`) are asked for their tags.
 */
async function findRoles(iam: Clients['iam'], prefixes: string[], add: Add, guard: Guard): Promise<void> {
  if (!prefixes.length) return;
  for await (const page of paginateListRoles({ client: iam }, {})) {
    for (const r of page.Roles ?? []) {
      if (!r.RoleName || !prefixes.some((p) => r.RoleName!.startsWith(p))) continue;
      await guard(`role ${r.RoleName}`, async () => {
        const run = runTagOf((await iam.send(new ListRoleTagsCommand({ RoleName: r.RoleName }))).Tags);
        if (run) add('role', r.RoleName!, run, r.CreateDate);
      });
    }
  }
}

/** A short age: `45s`, `12m`, `7h05m`, `2d03h`, or `?` when unknown. */
export function formatAge(ms: number | undefined): string {
  if (ms === undefined) return '?';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** The dry-run table: kind, id, run id, age — one line per resource, in teardown order. */
export function sweepTable(items: SweepItem[]): string {
  const ledger = new CleanupLedger();
  const byKey = new Map(items.map((i) => [`${i.entry.kind}\u0000${i.entry.id}`, i]));
  for (const i of items) ledger.add(i.entry);
  const rows = ledger.teardownOrder().map((e) => {
    const i = byKey.get(`${e.kind}\u0000${e.id}`)!;
    return [e.kind, e.id, i.runId, formatAge(i.ageMs)];
  });
  const header = ['KIND', 'ID', 'RUN ID', 'AGE'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
