import { DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { checkInsightsTopRejects } from '../../checks/insights';
import { LOG_GROUP } from '../../fixtures/vpc-flow-logs';
import { INSIGHTS_STATE, solveInsightsTopRejects } from '../../steps/insights';
import { putFlowEvents, startMonitoringFixture, stopMonitoringFixture, type MonitoringFixture, type RecordSpec } from './monitoring-helpers';

const times = (n: number, r: RecordSpec): RecordSpec[] => Array.from({ length: n }, (_, i) => ({ ...r, start: Math.floor(Date.now() / 1000) - 60 * i }));

describe('insights-top-rejects: solve and check through the SDK against the emulator', () => {
  let f: MonitoringFixture;
  beforeAll(async () => (f = await startMonitoringFixture()));
  afterAll(() => stopMonitoringFixture(f));
  beforeEach(() => f.reset());

  test('pending while the group holds no rejected traffic', async () => {
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'ACCEPT' }]);
    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('pending');
    expect(r.etaMs).toBeGreaterThan(0);
  });

  test('the solve runs the sample and keeps the query id; the read-only check lists the client with its rejects', async () => {
    await putFlowEvents(f, [
      ...times(3, { src: f.clientIp, dstPort: 22, action: 'REJECT' }),
      ...times(5, { src: '203.0.113.9', dstPort: 23, action: 'REJECT' }),
      { src: f.clientIp, dstPort: 22, action: 'ACCEPT' },
    ]);
    await solveInsightsTopRejects(f.ctx('run'));
    expect(f.ctx().state.get(INSIGHTS_STATE.queryId)).toEqual(expect.any(String));
    expect(f.ctx().state.get(INSIGHTS_STATE.rows)).toEqual([
      expect.objectContaining({ srcAddr: '203.0.113.9', numRejections: '5' }),
      expect.objectContaining({ srcAddr: f.clientIp, numRejections: '3' }),
    ]);

    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toBe(`Logs Insights lists your IP ${f.clientIp} with 3 rejected request(s).`);
    expect(r.evidence[0]).toMatchObject({ kind: 'insights-rows', data: expect.arrayContaining([expect.objectContaining({ srcAddr: f.clientIp })]) });
  });

  test('fails when only other sources were rejected (the client\'s SSH was accepted)', async () => {
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'ACCEPT' }, ...times(2, { src: '198.51.100.7', dstPort: 22, action: 'REJECT' })]);
    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('198.51.100.7 (2)');
    expect(r.hint).toContain(`not from your IP ${f.clientIp}`);
  });

  test('passes when scanners push the client out of the top 20 but its rejects are there', async () => {
    const scanners = Array.from({ length: 22 }, (_, i) => times(2, { src: `198.51.100.${i + 1}`, dstPort: 3389, action: 'REJECT' })).flat();
    await putFlowEvents(f, [...scanners, { src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toContain('below the top 20');
    expect((r.evidence[0].data as unknown[]).length).toBe(20);
  });

  test('fails when the log group does not exist', async () => {
    await f.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: LOG_GROUP }));
    const r = await checkInsightsTopRejects(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('VPCFlowLogs, which was not found');
  });
});
