// Deletes everything a run recorded in its cleanup ledger, in TEARDOWN_ORDER (independent lanes side by
// side, runner/ledger.ts teardownStages), and nothing else: an
// entry whose resource no longer carries the run's tag is left alone (runner/ownership.ts). AWS
// deletes are eventually consistent (a security group stays "in use" for a while after its
// instance is terminated), so each delete is retried through poll() while AWS says "not yet", and a
// resource that is already gone counts as deleted. The whole teardown has a time limit; what it
// could not get to is reported, never silently dropped.
import { GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { DeleteAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteTopicCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import type { AwsClients } from '../aws/clients';
import * as athena from '../aws/athena';
import * as ec2 from '../aws/ec2';
import * as cloudtrail from '../aws/cloudtrail';
import * as iam from '../aws/iam';
import * as iamUsers from '../aws/iam-users';
import * as logs from '../aws/logs';
import * as s3 from '../aws/s3';
import { systemClock, type Clock } from '../core/clock';
import { errorMessage } from '../core/errors';
import { FatalPollError, poll, type ProbeResult } from '../core/poll';
import { teardownStages, type CleanupLedger, type LedgerEntry, type ResourceKind } from './ledger';
import { OWNERSHIP_ACTIONS, ownershipOf, type Ownership } from './ownership';

/** What teardown did. */
export interface TeardownSummary {
  deleted: LedgerEntry[];
  failed: Array<{ entry: LedgerEntry; reason: string }>;
  /** In the ledger but no longer carrying the run's tag: someone else's, left as it is. */
  notOurs: LedgerEntry[];
}

/** Tuning for tests and slow accounts. */
export interface TeardownOptions {
  /** Budget of each resource's delete, retries included (default 5 minutes). */
  budgetMs?: number;
  /** Budget of the whole teardown (default 20 minutes); what is left after it is reported. */
  totalBudgetMs?: number;
  intervalsMs?: number[];
  clock?: Clock;
  /**
   * How long flow records already captured may still be delivered after their flow log is deleted
   * (default 0). The log groups wait until this long after the flow logs went, within the budget,
   * so delivery cannot re-create one after it is deleted. `flushDelivery` (an emulator that can
   * deliver at once) replaces the wait.
   */
  deliveryLagMs?: number;
  flushDelivery?(): Promise<void>;
}

/** AWS's worst case from a capture window to its delivery to CloudWatch Logs (10 min) plus one window. */
export const FLOW_LOG_DELIVERY_LAG_MS = 11 * 60_000;

/** The delivery-lag options of a target: its flush when it has one, else AWS's lag × the target's budget scale. */
export function deliveryLagOf(target: { budgetScale: number; capabilities?: ReadonlySet<string>; flushFlowLogs?(): Promise<void> }): Pick<TeardownOptions, 'deliveryLagMs' | 'flushDelivery'> {
  // A target that delivers no flow records (LocalStack, moto) has nothing in flight to wait for.
  const delivers = !target.capabilities || target.capabilities.has('flow-log-delivery');
  return { deliveryLagMs: delivers ? FLOW_LOG_DELIVERY_LAG_MS * target.budgetScale : 0, flushDelivery: target.flushFlowLogs && (() => target.flushFlowLogs!()) };
}

/** How long a just-launched instance may be unknown to EC2 (eventual consistency) before NotFound means gone. */
const INSTANCE_VISIBILITY_MS = 120_000;

type Log = (line: string) => void;
type Clients = Pick<AwsClients, 'ec2' | 's3' | 'iam' | 'logs' | 'cloudwatch' | 'sns' | 'athena'> & Partial<Pick<AwsClients, 'cloudtrail'>>;

// AWS's ways of saying "already gone".
const NOT_FOUND = /NotFound|NoSuch|ResourceNotFound|^NotFoundException$|InvalidAssociationID\.NotFound|Gateway\.NotAttached|EntityNotFound/;
// AWS's ways of saying "not yet: something still depends on it" (eventual consistency included).
// Throttling and 5xx the SDK's own retries did not get past count as "not yet" too.
const RETRYABLE = /DependencyViolation|InUse|BucketNotEmpty|DeleteConflict|ResourceInUse|IncorrectState|Throttl|RequestLimitExceeded|SlowDown|TooManyRequests|ConcurrentModification|OperationAborted|ServiceUnavailable|Unavailable|InternalError|InternalFailure|InternalServer/;

/** The AWS error code of anything thrown by an SDK call. */
function codeOf(err: unknown): string {
  return (err as { name?: string; Code?: string })?.name ?? (err as { Code?: string })?.Code ?? '';
}

/**
 * Deletes every ledger entry in teardown order, removing each from the ledger once it is gone.
 * With the ledger's run id, an entry is deleted only while its resource still carries that run's
 * tag. `clients` may be a function of the entry's region (env down of a ledger from elsewhere).
 */
export async function teardown(ledger: CleanupLedger, clients: Clients | ((region: string) => Clients), log: Log, opts: TeardownOptions = {}): Promise<TeardownSummary> {
  const summary: TeardownSummary = { deleted: [], failed: [], notOurs: [] };
  const clock = opts.clock ?? systemClock;
  const deadline = clock.now() + (opts.totalBudgetMs ?? 20 * 60_000);
  const clientsIn = typeof clients === 'function' ? clients : () => clients;
  let flowLogsGoneAt: number | undefined;
  let settled = false;
  const deleteEntry = async (entry: LedgerEntry): Promise<void> => {
    const del = DELETERS[entry.kind];
    const c = clientsIn(entry.region);
    if (entry.kind === 'log-group' && flowLogsGoneAt !== undefined && !settled) {
      settled = true;
      await settleDelivery(flowLogsGoneAt, deadline, clock, log, opts);
    }
    const left = deadline - clock.now();
    if (left <= 0) {
      summary.failed.push({ entry, reason: 'teardown reached its time limit before getting to it' });
      return;
    }
    try {
      // Whose it is is read first, within the same retries as the delete: a throttled or failed read
      // (AWS answers some with 5xx past the SDK's own retries) is "not yet", never a reason to give up.
      let owner: Ownership | undefined;
      await poll(
        async (): Promise<ProbeResult<true>> => {
          try {
            if (ledger.runId && owner === undefined) owner = await ownershipOf(entry, c, ledger.runId);
            if (owner === 'not-ours') return { done: true, value: true };
            const done = await del(entry, c, log, clock);
            return done ? { done: true, value: true } : { done: false, reason: `${entry.kind} ${entry.id} is still being deleted` };
          } catch (err) {
            if (err instanceof FatalPollError) throw err;
            const code = codeOf(err);
            // Right after launch EC2 may not know the instance yet: "not found" is "not visible yet".
            if (NOT_FOUND.test(code) && entry.kind === 'instance' && clock.now() - entry.createdAt < INSTANCE_VISIBILITY_MS) return { done: false, reason: `instance ${entry.id} is not visible yet` };
            if (NOT_FOUND.test(code)) return { done: true, value: true };
            if (RETRYABLE.test(code)) return { done: false, reason: `${code}: ${errorMessage(err)}` };
            throw new FatalPollError(`${code || 'Error'}: ${errorMessage(err)}`, err);
          }
        },
        { description: `deleting ${entry.kind} ${entry.id}`, budgetMs: Math.min(opts.budgetMs ?? 300_000, left), intervalsMs: opts.intervalsMs ?? [250, 500, 1000, 2000, 5000], clock },
      );
      if (owner === 'not-ours') {
        log(`Leaving ${entry.kind} ${entry.id} alone: it no longer carries this run's tag`);
        ledger.remove(entry.kind, entry.id);
        summary.notOurs.push(entry);
        return;
      }
      ledger.remove(entry.kind, entry.id);
      summary.deleted.push(entry);
      if (entry.kind === 'flow-log') flowLogsGoneAt = clock.now();
    } catch (err) {
      summary.failed.push({ entry, reason: errorMessage(err) });
    }
  };
  // Stage by stage; a stage's lanes side by side (nothing in one depends on another), each lane in order.
  const order = ledger.teardownOrder();
  for (const lanes of teardownStages(order)) {
    await Promise.all(
      lanes.map(async (lane) => {
        for (const entry of lane) await deleteEntry(entry);
      }),
    );
  }
  // Lanes finish in any order: the summary lists what they did in teardown order, as the deletes were planned.
  const planned = (e: LedgerEntry) => order.indexOf(e);
  for (const list of [summary.deleted, summary.notOurs]) list.sort((a, b) => planned(a) - planned(b));
  summary.failed.sort((a, b) => planned(a.entry) - planned(b.entry));
  // Delivery may have re-created a log group after all (AWS gives no bound): one of this run's exact
  // names is the run's own (run-scoped), so it goes again; anything else is left alone.
  if (ledger.runId) {
    for (const entry of summary.deleted.filter((e) => e.kind === 'log-group' && carriesRunId(e.id, ledger.runId!))) {
      const c = clientsIn(entry.region);
      let back;
      try {
        back = await logs.getLogGroup(c.logs, entry.id);
      } catch (err) {
        // It was deleted; whether late delivery brought it back cannot be seen now. Say so, claim nothing.
        log(`Could not re-check that the log group ${entry.id} stayed deleted (${errorMessage(err)}); labwright sweep finds it if late delivery re-created it`);
        continue;
      }
      if (!back) continue;
      try {
        log(`The log group ${entry.id} was re-created by flow records delivered late; deleting it again`);
        await logs.deleteLogGroup(c.logs, entry.id, log);
      } catch (err) {
        if (!NOT_FOUND.test(codeOf(err))) summary.failed.push({ entry, reason: `re-created by late delivery, and deleting it again failed: ${errorMessage(err)}` });
      }
    }
  }
  return summary;
}

/** Whether a name carries the run id as run-scoped names do (case and separators may differ). */
function carriesRunId(name: string, runId: string): boolean {
  const bare = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, '');
  return bare(name).includes(bare(runId));
}

/** Lets the flow records in flight arrive before log groups go: a flush, or a wait past the delivery lag (bounded by the budget). */
async function settleDelivery(goneAt: number, deadline: number, clock: Clock, log: Log, opts: TeardownOptions): Promise<void> {
  if (opts.flushDelivery) {
    try {
      return await opts.flushDelivery();
    } catch (err) {
      log(`Could not flush flow-log delivery (${errorMessage(err)}); waiting for it instead`);
    }
  }
  // Leave a quarter of what is left for the deletes themselves.
  const until = Math.min(goneAt + (opts.deliveryLagMs ?? 0), deadline - (deadline - clock.now()) / 4);
  const waitMs = until - clock.now();
  if (waitMs <= 0) return;
  log(`Waiting ${Math.ceil(waitMs / 1000)} s for flow records still in flight before deleting the log group (delivery could re-create it)`);
  await clock.sleep(waitMs);
}

/** A delete attempt: resolves true when the resource is gone, false when it is on its way out. */
type Deleter = (entry: LedgerEntry, clients: Clients, log: Log, clock: Clock) => Promise<boolean>;

const once = (fn: (entry: LedgerEntry, clients: Clients, log: Log) => Promise<unknown>): Deleter => async (entry, clients, log) => {
  await fn(entry, clients, log);
  return true;
};

const DELETERS: Record<ResourceKind, Deleter> = {
  trail: once((e, c, log) => {
    if (!c.cloudtrail) throw new FatalPollError(`Teardown has no CloudTrail client to delete the trail ${e.id}.`);
    return cloudtrail.deleteTrail(c.cloudtrail, e.id, log);
  }),
  'access-key': once((e, c, log) => {
    if (!e.meta?.userName) throw new FatalPollError(`The ledger entry of access key ${e.id} lacks meta.userName.`);
    return iamUsers.deleteAccessKey(c.iam, e.meta.userName, e.id, log);
  }),
  // Keys and inline policies someone added outside the ledger would make DeleteUser fail with DeleteConflict.
  user: once((e, c, log) => iamUsers.deleteUser(c.iam, e.id, log)),
  'athena-table': (entry, clients, log) => runAthenaDdl(entry, clients, log, `DROP TABLE IF EXISTS ${qualifiedTable(entry)}`),
  'athena-database': (entry, clients, log) => runAthenaDdl(entry, clients, log, `DROP DATABASE IF EXISTS ${entry.id}`),
  'athena-workgroup': once((e, c, log) => athena.deleteWorkGroup(c.athena, e.id, log)),
  'flow-log': once((e, c, log) => ec2.deleteFlowLog(c.ec2, e.id, log)),
  alarm: once((e, c, log) => {
    log(`Deleting alarm ${e.id}`);
    return c.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [e.id] }));
  }),
  'metric-filter': once((e, c, log) => {
    const group = e.meta?.logGroupName ?? e.meta?.logGroup;
    if (!group) throw new FatalPollError(`The ledger entry of metric filter ${e.id} lacks meta.logGroupName.`);
    log(`Deleting metric filter ${e.id} of ${group}`);
    return c.logs.send(new DeleteMetricFilterCommand({ logGroupName: group, filterName: e.id }));
  }),
  'sns-subscription': async (e, c, log) => {
    // A subscription still pending confirmation has no ARN yet; deleting its topic removes it.
    if (!e.id.startsWith('arn:')) return true;
    log(`Unsubscribing ${e.id}`);
    await c.sns.send(new UnsubscribeCommand({ SubscriptionArn: e.id }));
    return true;
  },
  'sns-topic': once((e, c, log) => {
    log(`Deleting SNS topic ${e.id}`);
    return c.sns.send(new DeleteTopicCommand({ TopicArn: e.id }));
  }),
  instance: async (e, c, log, clock) => {
    const inst = await ec2.getInstance(c.ec2, e.id);
    const state = inst?.State?.Name;
    // Unknown right after launch is "not visible yet" (eventual consistency), not "gone".
    if (!inst && clock.now() - e.createdAt < INSTANCE_VISIBILITY_MS) {
      await ec2.deleteInstance(c.ec2, e.id, log);
      return false;
    }
    if (!inst || state === 'terminated') return true;
    if (state !== 'shutting-down') await ec2.deleteInstance(c.ec2, e.id, log);
    // Groups, subnet and key pair can go only once the instance is terminated.
    return false;
  },
  'key-pair': once((e, c, log) => ec2.deleteKeyPair(c.ec2, e.id, log)),
  'route-table-association': once((e, c, log) => ec2.deleteRouteTableAssociation(c.ec2, e.id, log)),
  route: once((e, c, log) => ec2.deleteRoute(c.ec2, e.meta?.routeTableId ?? e.id.split(':')[0], e.meta?.destination ?? '0.0.0.0/0', log)),
  'internet-gateway-attachment': once((e, c, log) => {
    if (!e.meta?.vpcId) throw new FatalPollError(`The ledger entry of the attachment of ${e.id} lacks meta.vpcId.`);
    return ec2.deleteInternetGatewayAttachment(c.ec2, e.id, e.meta.vpcId, log);
  }),
  'security-group': once((e, c, log) => ec2.deleteSecurityGroup(c.ec2, e.id, log)),
  'internet-gateway': once((e, c, log) => ec2.deleteInternetGateway(c.ec2, e.id, log)),
  subnet: once((e, c, log) => ec2.deleteSubnet(c.ec2, e.id, log)),
  'route-table': once((e, c, log) => ec2.deleteRouteTable(c.ec2, e.id, log)),
  vpc: once((e, c, log) => ec2.deleteVpc(c.ec2, e.id, log)),
  'log-group': once((e, c, log) => logs.deleteLogGroup(c.logs, e.id, log)),
  bucket: async (e, c, log) => {
    // Flow-log delivery may still be writing: empty, delete, and if S3 says BucketNotEmpty, retry.
    await s3.deleteBucketObjects(c.s3, e.id, log);
    await s3.deleteBucket(c.s3, e.id, log);
    return true;
  },
  'role-policy': once((e, c, log) => {
    const [roleName, policyName] = e.meta?.roleName && e.meta?.policyName ? [e.meta.roleName, e.meta.policyName] : e.id.split(':');
    return iam.deleteRolePolicy(c.iam, roleName, policyName, log);
  }),
  role: async (e, c, log) => {
    // Inline policies someone added outside the ledger would make DeleteRole fail with DeleteConflict.
    for (const name of await iam.listRolePolicies(c.iam, e.id)) await iam.deleteRolePolicy(c.iam, e.id, name, log);
    await iam.deleteRole(c.iam, e.id, log);
    return true;
  },
};

/** `db.table` of an athena-table entry: its id may already be qualified, or name the database in meta. */
function qualifiedTable(entry: LedgerEntry): string {
  if (entry.id.includes('.')) return entry.id;
  return `${entry.meta?.database ?? 'default'}.${entry.id}`;
}

// The execution id of a DDL statement started for an entry, so a retry polls it instead of re-running it.
const athenaRuns = new WeakMap<LedgerEntry, string>();

/**
 * Runs one Athena DDL statement as a probe: the first call starts it, later calls poll it by
 * execution id; QUEUED and RUNNING are "not yet", FAILED ends the wait.
 */
async function runAthenaDdl(entry: LedgerEntry, clients: Clients, log: Log, sql: string): Promise<boolean> {
  const meta = entry.meta ?? {};
  let id = athenaRuns.get(entry);
  if (!id) {
    log(`Running Athena: ${sql}`);
    const out = await clients.athena.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: meta.workGroup,
        ...(meta.outputLocation ? { ResultConfiguration: { OutputLocation: meta.outputLocation } } : {}),
      }),
    );
    id = out.QueryExecutionId!;
    athenaRuns.set(entry, id);
  }
  const exec = await clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
  const state = exec.QueryExecution?.Status?.State;
  if (state === 'SUCCEEDED') return true;
  if (state === 'FAILED' || state === 'CANCELLED') {
    athenaRuns.delete(entry);
    throw new FatalPollError(`Athena ${sql} ended ${state}: ${exec.QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`);
  }
  return false;
}

/** The IAM actions tearing down by the ledger needs, for every resource kind it deletes. */
export const TEARDOWN_ACTIONS: readonly string[] = [
  ...OWNERSHIP_ACTIONS,
  'athena:DeleteWorkGroup',
  'cloudwatch:DeleteAlarms',
  'logs:DeleteMetricFilter',
  'logs:DeleteLogGroup',
  'sns:Unsubscribe',
  'sns:DeleteTopic',
  'ec2:DeleteFlowLogs',
  'ec2:TerminateInstances',
  'ec2:DescribeInstances',
  'ec2:DeleteKeyPair',
  'ec2:DisassociateRouteTable',
  'ec2:DeleteRoute',
  'ec2:DeleteRouteTable',
  'ec2:DetachInternetGateway',
  'ec2:DeleteInternetGateway',
  'ec2:DeleteSecurityGroup',
  'ec2:DeleteSubnet',
  'ec2:DeleteVpc',
  'iam:ListRolePolicies',
  'iam:DeleteRolePolicy',
  'iam:DeleteRole',
  's3:ListBucket',
  's3:DeleteObject',
  's3:DeleteBucket',
  // DROP TABLE through Athena.
  'athena:StartQueryExecution',
  'athena:GetQueryExecution',
  'glue:DeleteTable',
];

/**
 * Teardown's actions for kinds only some labs create, keyed by the create action that makes them:
 * a lab's run policy holds them only when its runs can make such a resource.
 */
const TEARDOWN_ACTIONS_WITH: Readonly<Record<string, readonly string[]>> = {
  'cloudtrail:CreateTrail': ['cloudtrail:GetTrail', 'cloudtrail:ListTags', 'cloudtrail:DeleteTrail'],
  'iam:CreateUser': ['iam:GetUser', 'iam:ListUserPolicies', 'iam:DeleteUserPolicy', 'iam:DeleteUser'],
  'iam:CreateAccessKey': ['iam:GetUser', 'iam:ListAccessKeys', 'iam:DeleteAccessKey'],
};

/** Every IAM action teardown may call for a lab whose run needs `runActions`. */
export function teardownActionsFor(runActions: readonly string[]): string[] {
  const extra = Object.entries(TEARDOWN_ACTIONS_WITH).filter(([create]) => runActions.includes(create)).flatMap(([, actions]) => actions);
  return [...new Set([...TEARDOWN_ACTIONS, ...extra])];
}
