import { checkMetricFilter, solveMetricFilter } from '../../scenarios/vpc-flow-logs/blocks';
import { DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { putMetricFilter, type MetricFilterSpec } from '../../aws/logs-metric-filters';
import { FILTER_PATTERN, LOG_GROUP, METRIC_FILTER_NAME } from '../../fixtures/vpc-flow-logs/lab';
import { startMonitoringFixture, stopMonitoringFixture, type MonitoringFixture } from './monitoring-helpers';

const LAB: MetricFilterSpec = { logGroup: LOG_GROUP, name: METRIC_FILTER_NAME, pattern: FILTER_PATTERN, namespace: 'vpcflowlogs', metricName: 'SSH Rejects', metricValue: '1' };

describe('metric-filter: solve and check through the SDK against the emulator', () => {
  let f: MonitoringFixture;
  beforeAll(async () => (f = await startMonitoringFixture()));
  afterAll(() => stopMonitoringFixture(f));
  beforeEach(() => f.reset());

  const put = (changes: Partial<MetricFilterSpec>) => putMetricFilter(f.clients.logs, { ...LAB, ...changes }, () => {});

  test('the solve creates the filter, records it in the ledger, and the read-only check passes', async () => {
    await solveMetricFilter(f.ctx('run'));
    expect(f.ledger.teardownOrder()).toContainEqual(expect.objectContaining({ kind: 'metric-filter', id: METRIC_FILTER_NAME, meta: expect.objectContaining({ logGroup: LOG_GROUP }) }));
    expect(f.lines).toContainEqual(expect.stringMatching(/^Creating metric filter dest-port-22-rejects on VPCFlowLogs/));
    const r = await checkMetricFilter(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toContain('vpcflowlogs/SSH Rejects');
    expect(r.evidence.find((e) => e.kind === 'text')?.data).toMatchObject({ matchedLines: [1, 2] });
  });

  test('any namespace is accepted (the lab says "e.g. vpcflowlogs") and reported', async () => {
    await put({ namespace: 'student-metrics' });
    const r = await checkMetricFilter(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toContain('student-metrics/SSH Rejects');
    expect(r.detail).toContain('student-metrics/SSH Rejects');
  });

  test('port 80 in the pattern fails, naming the test lines in the student\'s terms without the pattern', async () => {
    await put({ pattern: FILTER_PATTERN.replace('destport="22"', 'destport="80"') });
    const r = await checkMetricFilter(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('also matches a record to port 80 (test line 4)');
    expect(r.hint).toContain('does not match a REJECT record to port 22 (test line 1)');
    expect(r.hint).toContain('(test line 2)');
    expect(r.hint).not.toContain('destport');
    expect(r.detail).toContain('matched lines [4]');
  });

  test('a pattern without action="REJECT" fails: it also matches the ACCEPT record of test line 3', async () => {
    await put({ pattern: FILTER_PATTERN.replace('action="REJECT"', 'action') });
    const r = await checkMetricFilter(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('your pattern also matches an ACCEPT record (test line 3)');
    expect(r.hint).not.toMatch(/test line [124]/);
  });

  test('a metric value of 2 fails with a hint about the value', async () => {
    await put({ metricValue: '2' });
    const r = await checkMetricFilter(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(/metric value is '2'.*metric value of 1/);
  });

  test('a different metric name fails, quoting both names', async () => {
    await put({ metricName: 'SSHRejects' });
    const r = await checkMetricFilter(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain("publishes the metric 'SSHRejects', but the lab names the metric 'SSH Rejects'");
  });

  test('a filter under another name fails and points at the near miss', async () => {
    await put({ name: 'dest-port-22-reject' });
    const r = await checkMetricFilter(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain("a metric filter named 'dest-port-22-reject', but the lab names it 'dest-port-22-rejects'");
  });

  test('no filter at all fails; no log group fails with a hint about the group', async () => {
    expect((await checkMetricFilter(f.ctx('check'))).hint).toContain("no metric filter named 'dest-port-22-rejects'");
    await f.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: LOG_GROUP }));
    const r = await checkMetricFilter(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('log group VPCFlowLogs, which was not found');
  });
});
