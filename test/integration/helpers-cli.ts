// Runs the real CLI (`node bin/labwright.js …`) as a child process, the way a student or a CI job
// does, and lists what a lab leaves in an emulator account through the SDK. Used by the run-*
// acceptance tests and the secrets test.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListSubscriptionsCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import type { TestClients } from '../emulator/helpers';

/** The repository root: the CLI's working directory. */
export const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'labwright.js');

/** How a CLI child process ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of a CLI child process. */
export interface CliOptions {
  /** Extra environment (merged over this process's, NO_COLOR set). */
  env?: NodeJS.ProcessEnv;
  /** Kill the child with SIGKILL after this long (default 120 s) so a hung run fails the test. */
  timeoutMs?: number;
}

/** A running CLI child: its output so far, a way to wait for a line, and its end. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches `re`; rejects if the process ends first or after `timeoutMs`. */
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
}

/** Starts `node bin/labwright.js ARGS` in the repository root without waiting for it. */
export function startCli(args: string[], opts: CliOptions = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const watchers = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const w of watchers) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      for (const w of watchers) w();
      resolve({ code, signal, stdout: out, stderr: err });
    });
  });
  const waitForOutput = (re: RegExp, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`No output matching ${re} within ${timeoutMs} ms; stdout so far:\n${out.slice(-2000)}\nstderr:\n${err.slice(-2000)}`)), timeoutMs);
      const finish = (e?: Error) => {
        clearTimeout(timer);
        watchers.delete(check);
        if (e) reject(e);
        else resolve();
      };
      const check = () => {
        if (re.test(out)) finish();
        else if (child.exitCode !== null || child.signalCode !== null) finish(new Error(`The CLI ended (${child.exitCode ?? child.signalCode}) before printing ${re}; stdout:\n${out.slice(-2000)}\nstderr:\n${err.slice(-2000)}`));
      };
      watchers.add(check);
      check();
    });
  return { child, stdout: () => out, stderr: () => err, waitForOutput, done };
}

/** Runs `node bin/labwright.js ARGS` to its end. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}

/**
 * Everything an account holds of the kinds the lab creates, one `kind id` string per resource,
 * sorted: VPCs other than the default one, instances not terminated, security groups, subnets,
 * internet gateways, route tables, key pairs, flow logs, log groups, metric filters, buckets,
 * roles, alarms, SNS topics and subscriptions.
 */
export async function inventory(c: TestClients): Promise<string[]> {
  const [vpcs, reservations, groups, subnets, igws, rtbs, keys, flowLogs, logGroups, filters, buckets, roles, alarms, topics, subs] = await Promise.all([
    c.ec2.send(new DescribeVpcsCommand({})).then((r) => r.Vpcs ?? []),
    c.ec2.send(new DescribeInstancesCommand({})).then((r) => r.Reservations ?? []),
    c.ec2.send(new DescribeSecurityGroupsCommand({})).then((r) => r.SecurityGroups ?? []),
    c.ec2.send(new DescribeSubnetsCommand({})).then((r) => r.Subnets ?? []),
    c.ec2.send(new DescribeInternetGatewaysCommand({})).then((r) => r.InternetGateways ?? []),
    c.ec2.send(new DescribeRouteTablesCommand({})).then((r) => r.RouteTables ?? []),
    c.ec2.send(new DescribeKeyPairsCommand({})).then((r) => r.KeyPairs ?? []),
    c.ec2.send(new DescribeFlowLogsCommand({})).then((r) => r.FlowLogs ?? []),
    c.logs.send(new DescribeLogGroupsCommand({})).then((r) => r.logGroups ?? []),
    c.logs.send(new DescribeMetricFiltersCommand({})).then((r) => r.metricFilters ?? []),
    c.s3.send(new ListBucketsCommand({})).then((r) => r.Buckets ?? []),
    c.iam.send(new ListRolesCommand({})).then((r) => r.Roles ?? []),
    c.cloudwatch.send(new DescribeAlarmsCommand({})).then((r) => r.MetricAlarms ?? []),
    c.sns.send(new ListTopicsCommand({})).then((r) => r.Topics ?? []),
    c.sns.send(new ListSubscriptionsCommand({})).then((r) => r.Subscriptions ?? []),
  ]);
  const instances = reservations.flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name !== 'terminated');
  return [
    ...vpcs.filter((v) => !v.IsDefault).map((v) => `vpc ${v.VpcId}`),
    ...instances.map((i) => `instance ${i.InstanceId} ${i.State?.Name}`),
    ...groups.map((g) => `security-group ${g.GroupId} ${g.GroupName}`),
    ...subnets.map((s) => `subnet ${s.SubnetId}`),
    ...igws.map((g) => `internet-gateway ${g.InternetGatewayId}`),
    ...rtbs.map((t) => `route-table ${t.RouteTableId}`),
    ...keys.map((k) => `key-pair ${k.KeyName}`),
    ...flowLogs.map((f) => `flow-log ${f.FlowLogId}`),
    ...logGroups.map((g) => `log-group ${g.logGroupName}`),
    ...filters.map((f) => `metric-filter ${f.logGroupName}/${f.filterName}`),
    ...buckets.map((b) => `bucket ${b.Name}`),
    ...roles.map((r) => `role ${r.RoleName}`),
    ...alarms.map((a) => `alarm ${a.AlarmName}`),
    ...topics.map((t) => `topic ${t.TopicArn}`),
    ...subs.map((s) => `subscription ${s.SubscriptionArn}`),
  ].sort();
}

/** The entries of `after` that `before` did not have. */
export function added(before: string[], after: string[]): string[] {
  const had = new Set(before);
  return after.filter((x) => !had.has(x));
}

/** The kinds (first word) of inventory entries, deduplicated. */
export function kindsOf(entries: string[]): string[] {
  return [...new Set(entries.map((e) => e.split(' ')[0]))].sort();
}

/** Every kind the lab environment and its fourteen steps create. */
export const LAB_KINDS = [
  'alarm',
  'bucket',
  'flow-log',
  'instance',
  'internet-gateway',
  'key-pair',
  'log-group',
  'metric-filter',
  'role',
  'route-table',
  'security-group',
  'subnet',
  'subscription',
  'topic',
  'vpc',
];
