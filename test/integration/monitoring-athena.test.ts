// Athena steps against the emulator. The checks run SQL (SHOW PARTITIONS, SELECT) through
// StartQueryExecution, which today's read-only client refuses (aws/calls.ts isReadOperation), so
// the partition and query checks get writable clients here; runReadOnlySql is their own guard.
import { athenaCreateTable, athenaAddPartition, utcDay } from '../../fixtures/vpc-flow-logs';
import * as athena from '../../aws/athena';
import { checkAthenaPartition, checkAthenaRejectsQuery, checkAthenaResultLocation, checkAthenaTable } from '../../checks/athena';
import { ATHENA_STATE, solveAthenaPartition, solveAthenaRejectsQuery, solveAthenaResultLocation, solveAthenaTable } from '../../steps/athena';
import { putFlowFile, startMonitoringFixture, stopMonitoringFixture, type MonitoringFixture } from './monitoring-helpers';

const WAIT = { budgetMs: 10_000, intervalsMs: [20, 50, 100] };

describe('Athena steps: solve and check through the SDK against the emulator', () => {
  let f: MonitoringFixture;
  beforeAll(async () => (f = await startMonitoringFixture()));
  afterAll(() => stopMonitoringFixture(f));
  beforeEach(() => f.reset());

  const checkCtx = () => f.ctx('check', { writable: true });
  const sql = async (text: string) => athena.waitForQueryExecution(f.clients.athena, await athena.startQueryExecution(f.clients.athena, text), WAIT);
  const labTable = () => athenaCreateTable(f.env.bucket, f.env.accountId, f.env.region);

  describe('athena-result-location', () => {
    test('fails before a location is set, passes after the solve (read-only check)', async () => {
      const before = await checkAthenaResultLocation(f.ctx('check'));
      expect(before.verdict).toBe('failed');
      expect(before.hint).toContain('Location of query result');
      await solveAthenaResultLocation(f.ctx('run'));
      const after = await checkAthenaResultLocation(f.ctx('check'));
      expect(after.verdict).toBe('passed');
      expect(after.summary).toContain(`s3://${f.env.bucket}/athena-results/`);
    });
  });

  describe('athena-table', () => {
    beforeEach(() => solveAthenaResultLocation(f.ctx('run')));

    test('the solve creates the table and records it; the read-only check passes', async () => {
      await solveAthenaTable(f.ctx('run'));
      expect(f.ledger.teardownOrder()).toContainEqual(expect.objectContaining({ kind: 'athena-table', id: 'default.vpc_flow_logs' }));
      const r = await checkAthenaTable(f.ctx('check'));
      expect(r.verdict).toBe('passed');
      expect(r.summary).toContain(`14 columns, partition key dt and reads s3://${f.env.bucket}/AWSLogs/${f.env.accountId}/vpcflowlogs/us-east-1/`);
    });

    test('a failing statement throws with Athena\'s message', async () => {
      await sql(labTable());
      await expect(athena.runQuery(f.clients.athena, 'SELECT nope FROM default.vpc_flow_logs', WAIT)).rejects.toThrow(/^Athena query \S+ FAILED: .+/);
    });

    test('no table fails', async () => {
      const r = await checkAthenaTable(f.ctx('check'));
      expect(r.verdict).toBe('failed');
      expect(r.hint).toContain('no table vpc_flow_logs in the database default');
    });

    test.each<[string, (ddl: string) => string, RegExp]>([
      ['a missing column', (d) => d.replace('  logstatus string\n', '').replace('action string,', 'action string'), /it has no column logstatus/],
      ['numbytes as int', (d) => d.replace('numbytes bigint', 'numbytes int'), /its column numbytes is of type int, but the lab's Query 1 declares bigint/],
      ['swapped columns', (d) => d.replace('  sourceport int,\n  destinationport int,', '  destinationport int,\n  sourceport int,'), /not in the order of the fields/],
      ['another region in the location', (d) => d.replace('/vpcflowlogs/us-east-1/', '/vpcflowlogs/us-west-2/'), /reads s3:\/\/\S+\/us-west-2\/, but the flow logs of account \d+ in us-east-1 are under/],
      ['no header skip', (d) => d.replace('TBLPROPERTIES ("skip.header.line.count"="1")', ''), /does not skip the header line/],
      ['no partitioning', (d) => d.replace('PARTITIONED BY (dt string)\n', ''), /it is not partitioned/],
    ])('%s fails with a hint', async (_what, change, hint) => {
      const ddl = change(labTable());
      expect(ddl).not.toBe(labTable());
      await sql(ddl);
      const r = await checkAthenaTable(f.ctx('check'));
      expect(r.verdict).toBe('failed');
      expect(r.hint).toMatch(hint);
    });
  });

  describe('athena-partition and athena-rejects-query', () => {
    const today = utcDay(Date.now());
    beforeEach(async () => {
      await solveAthenaResultLocation(f.ctx('run'));
      await solveAthenaTable(f.ctx('run'));
    });

    test('no partition fails, naming today\'s date; the solve\'s partition passes', async () => {
      const before = await checkAthenaPartition(checkCtx());
      expect(before.verdict).toBe('failed');
      expect(before.hint).toContain(`none for today, dt='${today}'`);
      await solveAthenaPartition(f.ctx('run'));
      const after = await checkAthenaPartition(checkCtx());
      expect(after.verdict).toBe('passed');
      expect(after.detail).toContain('location was not confirmed');
    });

    test('with today\'s files in the bucket, the partition reads them; one at the wrong folder fails', async () => {
      await putFlowFile(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }, { src: f.clientIp, dstPort: 22, action: 'ACCEPT' }]);
      await solveAthenaPartition(f.ctx('run'));
      const ok = await checkAthenaPartition(checkCtx());
      expect(ok.verdict).toBe('passed');
      expect(ok.summary).toContain('reads 2 record(s)');

      await sql(`ALTER TABLE default.vpc_flow_logs DROP PARTITION (dt='${today}')`);
      await sql(athenaAddPartition(f.env.bucket, f.env.accountId, f.env.region, '2001-02-03').replace("dt='2001-02-03'", `dt='${today}'`));
      const wrong = await checkAthenaPartition(checkCtx());
      expect(wrong.verdict).toBe('failed');
      expect(wrong.hint).toContain(`The partition dt='${today}' finds no records`);
      expect(wrong.hint).toContain('check the partition\'s location');
    });

    test('Query 3: pending without files; passed with the client\'s REJECT; the solve keeps the rows', async () => {
      await solveAthenaPartition(f.ctx('run'));
      const none = await checkAthenaRejectsQuery(checkCtx());
      expect(none.verdict).toBe('pending');
      expect(none.etaMs).toBeGreaterThan(0);

      await putFlowFile(f, [
        { src: f.clientIp, dstPort: 22, action: 'REJECT' },
        { src: f.clientIp, dstPort: 22, action: 'ACCEPT' },
        { src: '203.0.113.50', dstPort: 53, action: 'REJECT', protocol: 17 },
      ]);
      const r = await checkAthenaRejectsQuery(checkCtx());
      expect(r.verdict).toBe('passed');
      expect(r.evidence[0].data).toEqual([
        { day: expect.any(String), dt: today, interfaceid: f.env.eniId, sourceaddress: f.clientIp, destinationport: '22', action: 'REJECT', protocol: '6' },
      ]);

      await solveAthenaRejectsQuery(f.ctx('run'));
      expect(f.ctx().state.get(ATHENA_STATE.rejectsRows)).toEqual(r.evidence[0].data);
    });

    test('Query 3: today\'s files but no partition fails; other sources only stays pending', async () => {
      await putFlowFile(f, [{ src: '198.51.100.3', dstPort: 22, action: 'REJECT' }]);
      const noPartition = await checkAthenaRejectsQuery(checkCtx());
      expect(noPartition.verdict).toBe('failed');
      expect(noPartition.hint).toContain(`no partition dt='${today}'`);

      await solveAthenaPartition(f.ctx('run'));
      const others = await checkAthenaRejectsQuery(checkCtx());
      expect(others.verdict).toBe('pending');
      expect(others.hint).toContain(`none from your IP ${f.clientIp}`);
    });
  });
});
