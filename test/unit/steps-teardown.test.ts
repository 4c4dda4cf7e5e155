// Teardown against stub clients: the order, retries on "not yet", tolerance of "already gone",
// the failure report, and the kinds other steps write (alarm, metric filter, SNS, Athena table).
import type { AwsClients } from '../../aws/clients';
import { CleanupLedger, type ResourceKind } from '../../runner/ledger';
import { teardown } from '../../runner/teardown';

interface Call {
  service: string;
  op: string;
  input: any;
}

function awsError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Stub clients: `answer(service, op, input, n)` returns the output or throws; every call is recorded. */
function stubClients(answer: (service: string, op: string, input: any, n: number) => unknown) {
  const calls: Call[] = [];
  const counts = new Map<string, number>();
  const client = (service: string) => ({
    send: async (cmd: { constructor: { name: string }; input: unknown }) => {
      const op = cmd.constructor.name.replace(/Command$/, '');
      const key = `${service}:${op}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      calls.push({ service, op, input: cmd.input });
      return answer(service, op, cmd.input, n);
    },
  });
  const clients = Object.fromEntries(['ec2', 's3', 'iam', 'logs', 'cloudwatch', 'sns', 'athena'].map((s) => [s, client(s)])) as unknown as AwsClients;
  return { clients, calls };
}

const opts = { intervalsMs: [1], budgetMs: 2_000 };

function ledgerWith(...entries: Array<[ResourceKind, string, Record<string, string>?]>): CleanupLedger {
  const ledger = new CleanupLedger();
  entries.forEach(([kind, id, meta], i) => ledger.add({ kind, id, region: 'us-east-1', meta, createdAt: i }));
  return ledger;
}

describe('teardown', () => {
  it('deletes in dependency order and empties the ledger', async () => {
    const { clients, calls } = stubClients((s, op) => (op === 'DescribeInstances' ? { Reservations: [{ Instances: [{ State: { Name: 'terminated' } }] }] } : op === 'ListRolePolicies' ? { PolicyNames: [] } : op === 'ListObjectsV2' ? {} : {}));
    const ledger = ledgerWith(['vpc', 'vpc-1'], ['role', 'R'], ['security-group', 'sg-1'], ['flow-log', 'fl-1'], ['bucket', 'b'], ['log-group', 'VPCFlowLogs']);
    const summary = await teardown(ledger, clients, () => undefined, opts);
    expect(summary.failed).toEqual([]);
    expect(summary.deleted.map((e) => e.kind)).toEqual(['flow-log', 'security-group', 'vpc', 'log-group', 'bucket', 'role']);
    expect(ledger.size).toBe(0);
    // What depends on what goes first: the flow log before its log group and bucket, the group before its VPC.
    const deletes = calls.filter((c) => c.op.startsWith('Delete')).map((c) => c.op);
    expect([...deletes].sort()).toEqual(['DeleteBucket', 'DeleteFlowLogs', 'DeleteLogGroup', 'DeleteRole', 'DeleteSecurityGroup', 'DeleteVpc']);
    const before = (a: string, b: string) => expect(deletes.indexOf(a)).toBeLessThan(deletes.indexOf(b));
    before('DeleteFlowLogs', 'DeleteLogGroup');
    before('DeleteFlowLogs', 'DeleteBucket');
    before('DeleteFlowLogs', 'DeleteRole');
    before('DeleteSecurityGroup', 'DeleteVpc');
    before('DeleteVpc', 'DeleteBucket');
    before('DeleteLogGroup', 'DeleteRole');
  });

  it('deletes independent lanes side by side: a slow instance holds back its network, not the alarm or the log group', async () => {
    let terminated = false;
    const { clients, calls } = stubClients((s, op, _i, n) => {
      if (op === 'DescribeInstances') {
        terminated = n >= 4;
        return { Reservations: [{ Instances: [{ State: { Name: terminated ? 'terminated' : 'shutting-down' } }] }] };
      }
      if (op === 'DeleteSecurityGroup' && !terminated) throw awsError('DependencyViolation', 'resource sg-1 has a dependent object');
      return { PolicyNames: [] };
    });
    const ledger = ledgerWith(['instance', 'i-1'], ['security-group', 'sg-1'], ['alarm', 'a'], ['flow-log', 'fl-1'], ['log-group', 'g'], ['role', 'R']);
    const summary = await teardown(ledger, clients, () => undefined, opts);
    expect(summary.failed).toEqual([]);
    const ops = calls.map((c) => c.op);
    const terminatedAt = ops.lastIndexOf('DescribeInstances');
    // The alarm and the log group went while the instance was still shutting down…
    expect(ops.indexOf('DeleteAlarms')).toBeLessThan(terminatedAt);
    expect(ops.indexOf('DeleteLogGroup')).toBeLessThan(terminatedAt);
    // …its security group only after it was gone, and the role (every lane's) last of all.
    expect(ops.indexOf('DeleteSecurityGroup')).toBeGreaterThan(terminatedAt);
    expect(ops.indexOf('DeleteRole')).toBeGreaterThan(ops.indexOf('DeleteSecurityGroup'));
    // The summary lists the deletes in teardown order, whichever lane finished first.
    expect(summary.deleted.map((e) => e.kind)).toEqual(['flow-log', 'alarm', 'instance', 'security-group', 'log-group', 'role']);
  });

  it("retries reading whose a resource is when AWS throttles or fails that read, then deletes it; leaves another run's alone", async () => {
    const { clients, calls } = stubClients((s, op, input, n) => {
      if (op === 'DescribeTags' && input.Filters[0].Values[0] === 'sg-1') {
        if (n === 1) throw awsError('RequestLimitExceeded', 'Request limit exceeded.');
        if (n === 2) throw awsError('InternalError', 'An internal error has occurred');
        return { Tags: [{ Key: 'labwright:run-id', Value: 'lw-run' }] };
      }
      if (op === 'DescribeTags') return { Tags: [{ Key: 'labwright:run-id', Value: 'lw-other-run' }] };
      return {};
    });
    const ledger = new CleanupLedger(undefined, 'lw-run');
    ledger.add({ kind: 'security-group', id: 'sg-1', region: 'us-east-1', createdAt: 0 });
    ledger.add({ kind: 'security-group', id: 'sg-2', region: 'us-east-1', createdAt: 1 });
    const summary = await teardown(ledger, clients, () => undefined, opts);
    expect(summary.failed).toEqual([]);
    expect(summary.deleted.map((e) => e.id)).toEqual(['sg-1']);
    expect(summary.notOurs.map((e) => e.id)).toEqual(['sg-2']);
    expect(calls.filter((c) => c.op === 'DeleteSecurityGroup').map((c) => c.input.GroupId)).toEqual(['sg-1']);
    expect(ledger.size).toBe(0);
  });

  it('retries a security group that is still in use until AWS lets it go', async () => {
    const { clients, calls } = stubClients((s, op, _i, n) => {
      if (op === 'DeleteSecurityGroup' && n < 3) throw awsError('DependencyViolation', 'resource sg-1 has a dependent object');
      return {};
    });
    const summary = await teardown(ledgerWith(['security-group', 'sg-1']), clients, () => undefined, opts);
    expect(summary.deleted).toHaveLength(1);
    expect(calls.filter((c) => c.op === 'DeleteSecurityGroup')).toHaveLength(3);
  });

  it('terminates an instance and waits for terminated before deleting what it uses', async () => {
    const states = ['running', 'shutting-down', 'shutting-down', 'terminated'];
    const { clients, calls } = stubClients((s, op, _i, n) => (op === 'DescribeInstances' ? { Reservations: [{ Instances: [{ State: { Name: states[n - 1] } }] }] } : {}));
    const summary = await teardown(ledgerWith(['security-group', 'sg-1'], ['instance', 'i-1']), clients, () => undefined, opts);
    expect(summary.failed).toEqual([]);
    const ops = calls.map((c) => c.op);
    expect(ops.filter((o) => o === 'TerminateInstances')).toHaveLength(1);
    expect(ops.lastIndexOf('DescribeInstances')).toBeLessThan(ops.indexOf('DeleteSecurityGroup'));
  });

  it('counts a resource that is already gone as deleted', async () => {
    const { clients } = stubClients((s, op) => {
      if (op === 'DeleteVpc') throw awsError('InvalidVpcID.NotFound');
      if (op === 'DeleteTopic') throw awsError('NotFoundException');
      return {};
    });
    const ledger = ledgerWith(['vpc', 'vpc-1'], ['sns-topic', 'arn:aws:sns:us-east-1:1:t']);
    const summary = await teardown(ledger, clients, () => undefined, opts);
    expect(summary.deleted).toHaveLength(2);
    expect(ledger.size).toBe(0);
  });

  it('reports a fatal error with its reason, keeps the entry, and goes on with the rest', async () => {
    const { clients } = stubClients((s, op) => {
      if (op === 'DeleteVpc') throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
      return { PolicyNames: [] };
    });
    const ledger = ledgerWith(['vpc', 'vpc-1'], ['role', 'R']);
    const summary = await teardown(ledger, clients, () => undefined, opts);
    expect(summary.failed).toEqual([{ entry: expect.objectContaining({ kind: 'vpc' }), reason: expect.stringMatching(/UnauthorizedOperation: You are not authorized/) }]);
    expect(summary.deleted.map((e) => e.kind)).toEqual(['role']);
    expect(ledger.teardownOrder().map((e) => e.id)).toEqual(['vpc-1']);
  });

  it('empties a bucket page by page before deleting it', async () => {
    let listed = 0;
    const { clients, calls } = stubClients((s, op) => {
      if (op === 'ListObjectsV2') return ++listed <= 2 ? { Contents: [{ Key: `k${listed}` }] } : {};
      return {};
    });
    await teardown(ledgerWith(['bucket', 'b']), clients, () => undefined, opts);
    expect(calls.filter((c) => c.op === 'DeleteObjects').map((c) => c.input.Delete.Objects)).toEqual([[{ Key: 'k1' }], [{ Key: 'k2' }]]);
    expect(calls.at(-1)!.op).toBe('DeleteBucket');
  });

  it('drops an Athena table with DROP TABLE IF EXISTS and polls the query to SUCCEEDED', async () => {
    const states = ['QUEUED', 'RUNNING', 'SUCCEEDED'];
    const { clients, calls } = stubClients((s, op, _i, n) => {
      if (op === 'StartQueryExecution') return { QueryExecutionId: 'q-1' };
      if (op === 'GetQueryExecution') return { QueryExecution: { Status: { State: states[n - 1] } } };
      return {};
    });
    const summary = await teardown(ledgerWith(['athena-table', 'vpc_flow_logs', { outputLocation: 's3://b/results/' }]), clients, () => undefined, opts);
    expect(summary.failed).toEqual([]);
    const starts = calls.filter((c) => c.op === 'StartQueryExecution');
    expect(starts).toHaveLength(1);
    expect(starts[0].input).toMatchObject({ QueryString: 'DROP TABLE IF EXISTS default.vpc_flow_logs', ResultConfiguration: { OutputLocation: 's3://b/results/' } });
    expect(calls.filter((c) => c.op === 'GetQueryExecution')).toHaveLength(3);
  });

  it('reports a failed DROP TABLE with Athena\'s reason', async () => {
    const { clients } = stubClients((s, op) =>
      op === 'StartQueryExecution' ? { QueryExecutionId: 'q-1' } : { QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'No output location provided.' } } },
    );
    const summary = await teardown(ledgerWith(['athena-table', 'default.vpc_flow_logs']), clients, () => undefined, opts);
    expect(summary.failed[0].reason).toMatch(/FAILED: No output location provided/);
  });

  it('deletes alarms, metric filters (of their log group), subscriptions and topics', async () => {
    const { clients, calls } = stubClients(() => ({}));
    const ledger = ledgerWith(
      ['sns-topic', 'arn:aws:sns:us-east-1:1:t'],
      ['sns-subscription', 'arn:aws:sns:us-east-1:1:t:abc'],
      ['sns-subscription', 'pending confirmation'],
      ['metric-filter', 'dest-port-22-rejects', { logGroupName: 'VPCFlowLogs' }],
      ['alarm', 'SSH rejects'],
    );
    const summary = await teardown(ledger, clients, () => undefined, opts);
    expect(summary.failed).toEqual([]);
    expect(calls.map((c) => [c.op, c.input])).toEqual([
      ['DeleteAlarms', { AlarmNames: ['SSH rejects'] }],
      ['DeleteMetricFilter', { logGroupName: 'VPCFlowLogs', filterName: 'dest-port-22-rejects' }],
      ['Unsubscribe', { SubscriptionArn: 'arn:aws:sns:us-east-1:1:t:abc' }],
      ['DeleteTopic', { TopicArn: 'arn:aws:sns:us-east-1:1:t' }],
    ]);
  });

  it('gives up on a resource that stays busy past the budget, quoting the last reason', async () => {
    const { clients } = stubClients(() => {
      throw awsError('DependencyViolation', 'The vpc has dependencies and cannot be deleted.');
    });
    const summary = await teardown(ledgerWith(['vpc', 'vpc-1']), clients, () => undefined, { intervalsMs: [5], budgetMs: 30 });
    expect(summary.failed[0].reason).toMatch(/Timed out .* last seen: DependencyViolation: The vpc has dependencies/);
  });
});

describe('deliveryLagOf', () => {
  it('waits past the delivery lag only on targets that deliver flow records', () => {
    const { deliveryLagOf, FLOW_LOG_DELIVERY_LAG_MS } = require('../../runner/teardown') as typeof import('../../runner/teardown');
    expect(deliveryLagOf({ budgetScale: 0.1, capabilities: new Set(['alarm-eval']) }).deliveryLagMs).toBe(0);
    expect(deliveryLagOf({ budgetScale: 0.1, capabilities: new Set(['flow-log-delivery']) }).deliveryLagMs).toBe(FLOW_LOG_DELIVERY_LAG_MS * 0.1);
  });
});
