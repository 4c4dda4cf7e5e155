import { checkInsightsTopRejects, solveInsightsTopRejects } from '../../scenarios/vpc-flow-logs/blocks';
import { DeleteLogGroupCommand, DescribeQueriesCommand } from '@aws-sdk/client-cloudwatch-logs';
import { runQuery } from '../../aws/logs-insights';
import { CHECK_MARK, isCheckerQuery, isTopRejectsSample } from '../../checks/insights';
import { INSIGHTS_TOP_REJECTS, LOG_GROUP } from '../../fixtures/vpc-flow-logs/lab';
import { INSIGHTS_STATE } from '../../steps/insights';
import { putFlowEvents, startMonitoringFixture, stopMonitoringFixture, type MonitoringFixture, type RecordSpec } from './monitoring-helpers';

// Waits below have 30 s budgets (a loaded machine's SDK calls and queries are slow); tests get room for them.
jest.setTimeout(90_000);

const times = (n: number, r: RecordSpec): RecordSpec[] => Array.from({ length: n }, (_, i) => ({ ...r, start: Math.floor(Date.now() / 1000) - 60 * i }));
const SAMPLE_HINT = 'Run the sample query "Top 20 source IP addresses with highest number of rejected requests" in Logs Insights on VPCFlowLogs (step "Use CloudWatch Logs Insights").';

describe('the sample query, as a student may type or paste it', () => {
  test.each([
    ['the console sample with its fields line', INSIGHTS_TOP_REJECTS],
    ['without the fields line, on one line', 'filter action="REJECT" | stats count(*) as numRejections by srcAddr | sort numRejections desc | limit 20'],
    ['single quotes, spaces around =, other case, CRLF and blank lines', "FILTER action = 'REJECT'\r\n\r\n|  Stats COUNT( * ) AS n BY srcaddr\r\n| sort n DESC\n| limit 20\n"],
    ['with a comment of the student\'s', '# my query\nfilter action="REJECT"\n| stats count(*) by srcAddr\n| sort `count(*)` desc\n| limit 20'],
  ])('%s is the sample', (_what, q) => expect(isTopRejectsSample(q)).toBe(true));

  test.each([
    ['ACCEPT instead of REJECT', INSIGHTS_TOP_REJECTS.replace('REJECT', 'ACCEPT')],
    ['limit 10', INSIGHTS_TOP_REJECTS.replace('limit 20', 'limit 10')],
    ['ascending', INSIGHTS_TOP_REJECTS.replace('desc', 'asc')],
    ['counted by destination', INSIGHTS_TOP_REJECTS.replace('by srcAddr', 'by dstAddr')],
    ['an extra filter on one address', INSIGHTS_TOP_REJECTS.replace('| filter action="REJECT"', '| filter action="REJECT" and srcAddr="192.0.2.1"')],
    ['another sample', 'stats sum(bytes) as bytesTransferred by srcAddr, dstAddr | sort bytesTransferred desc | limit 10'],
  ])('%s is not', (_what, q) => expect(isTopRejectsSample(q)).toBe(false));

  test('the checker\'s mark is its first line; the sample with the mark is still the sample, but the checker\'s', () => {
    const marked = `${CHECK_MARK}\n${INSIGHTS_TOP_REJECTS}`;
    expect(isTopRejectsSample(marked)).toBe(true);
    expect(isCheckerQuery(marked)).toBe(true);
    expect(isCheckerQuery(`\n  ${CHECK_MARK.toUpperCase()}  \nfilter x=1`)).toBe(true);
    expect(isCheckerQuery(INSIGHTS_TOP_REJECTS)).toBe(false);
    expect(isCheckerQuery(`# my notes\n${CHECK_MARK}\n${INSIGHTS_TOP_REJECTS}`)).toBe(false);
  });
});

describe('insights-top-rejects: solve and check through the SDK against the emulator', () => {
  let f: MonitoringFixture;
  beforeAll(async () => (f = await startMonitoringFixture()));
  afterAll(() => stopMonitoringFixture(f));
  beforeEach(() => f.reset());

  /** The student runs a query in the console (writable clients, the console's last hour by default). */
  const studentRuns = (query = INSIGHTS_TOP_REJECTS, startMs = Date.now() - 3_600_000) =>
    runQuery(f.clients.logs, { logGroup: LOG_GROUP, query, startMs, endMs: Date.now() }, { budgetMs: 30_000, intervalsMs: [20, 50, 100] });

  test('fails until the student runs the sample, although the rejects are there; the checker\'s own queries do not count', async () => {
    await putFlowEvents(f, times(3, { src: f.clientIp, dstPort: 22, action: 'REJECT' }));
    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.summary).toBe('You have not run the sample query "Top 20 source IP addresses with highest number of rejected requests" on VPCFlowLogs.');
    expect(r.hint).toBe(SAMPLE_HINT);

    // A sample run marked as the checker's (as a check of any version might have left) is not the student's.
    await studentRuns(`${CHECK_MARK}\n${INSIGHTS_TOP_REJECTS}`);
    // Nor is another query of the student's.
    await studentRuns('fields @timestamp, @message | sort @timestamp desc | limit 20');
    const again = await checkInsightsTopRejects(f.ctx('check'));
    expect(again.verdict).toBe('failed');
    expect(again.hint).toBe(SAMPLE_HINT);
    expect(again.detail).toMatch(/→ 2 query\(ies\), 1 of them the checker's/);
  });

  test('every query the check runs carries the mark', async () => {
    await putFlowEvents(f, times(2, { src: '198.51.100.7', dstPort: 22, action: 'REJECT' }));
    await studentRuns();
    const before = (await f.clients.logs.send(new DescribeQueriesCommand({ logGroupName: LOG_GROUP }))).queries!.length;
    await checkInsightsTopRejects(f.ctx('check'));
    const all = (await f.clients.logs.send(new DescribeQueriesCommand({ logGroupName: LOG_GROUP }))).queries!;
    const added = all.slice(0, all.length - before);
    expect(added.length).toBeGreaterThan(0);
    for (const q of added) expect(q.queryString!.startsWith(`${CHECK_MARK}\n`)).toBe(true);
  });

  test('pending while the student\'s run found no rejected traffic and none of the client\'s is there yet', async () => {
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'ACCEPT' }]);
    await studentRuns();
    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('pending');
    expect(r.etaMs).toBeGreaterThan(0);
    expect(r.hint).toContain('Then run the sample query again');
  });

  test('the solve runs the sample and keeps the query id; the read-only check reads that run\'s rows as a table', async () => {
    await putFlowEvents(f, [
      ...times(3, { src: f.clientIp, dstPort: 22, action: 'REJECT' }),
      ...times(5, { src: '203.0.113.9', dstPort: 23, action: 'REJECT' }),
      { src: f.clientIp, dstPort: 22, action: 'ACCEPT' },
    ]);
    await solveInsightsTopRejects(f.ctx('run'));
    const queryId = f.ctx().state.get(INSIGHTS_STATE.queryId);
    expect(queryId).toEqual(expect.any(String));
    expect(f.ctx().state.get(INSIGHTS_STATE.rows)).toEqual([
      expect.objectContaining({ srcAddr: '203.0.113.9', numRejections: '5' }),
      expect.objectContaining({ srcAddr: f.clientIp, numRejections: '3' }),
    ]);

    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toBe(`Your run of the sample query lists your IP ${f.clientIp} with 3 rejected request(s).`);
    expect(r.detail).toContain(`the student's query ${queryId}`);
    expect(r.evidence[0]).toMatchObject({
      kind: 'insights-rows',
      data: { columns: ['srcAddr', 'numRejections'], rows: [['203.0.113.9', '5'], [f.clientIp, '3']] },
    });
  });

  test('a run made before the client\'s rejects arrived fails, asking to run it again; running it again passes', async () => {
    await putFlowEvents(f, times(2, { src: '198.51.100.7', dstPort: 22, action: 'REJECT' }));
    await studentRuns();
    await putFlowEvents(f, times(2, { src: f.clientIp, dstPort: 22, action: 'REJECT' }));
    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain(`does not list your IP ${f.clientIp}, but VPCFlowLogs now has 2 rejected request(s) from it`);
    expect(r.hint).toContain('Run it again after the rejected SSH attempt (step "Use CloudWatch Logs Insights")');

    // Written another way, the newest run is the one that counts.
    await studentRuns('filter action = \'REJECT\'\n| stats count(*) as numRejections by srcAddr\n| sort numRejections desc\n| limit 20');
    const after = await checkInsightsTopRejects(f.ctx('check'));
    expect(after.verdict).toBe('passed');
  });

  test('fails when only other sources were rejected (the client\'s SSH was accepted)', async () => {
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'ACCEPT' }, ...times(2, { src: '198.51.100.7', dstPort: 22, action: 'REJECT' })]);
    await studentRuns();
    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('198.51.100.7 (2)');
    expect(r.hint).toContain(`not from your IP ${f.clientIp}`);
  });

  test('passes when scanners push the client out of the student\'s top 20 but its rejects are there', async () => {
    const scanners = Array.from({ length: 22 }, (_, i) => times(2, { src: `198.51.100.${i + 1}`, dstPort: 3389, action: 'REJECT' })).flat();
    await putFlowEvents(f, [...scanners, { src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
    await studentRuns();
    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toContain('below the top 20');
    const table = r.evidence[0].data as { columns: string[]; rows: string[][] };
    expect(table.rows).toHaveLength(20);
    expect(r.evidence[1].data).toEqual({ columns: ['srcAddr', 'numRejections'], rows: [[f.clientIp, '1']] });
  });

  test('fails when the log group does not exist', async () => {
    await f.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: LOG_GROUP }));
    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('VPCFlowLogs, which was not found');
  });
});
