// Athena steps against the emulator, the checks through read-only clients (which let read-only SQL
// through). Query 3's check reads the student's own run from the workgroup's query history.
import { checkAthenaPartition, checkAthenaRejectsQuery, checkAthenaResultLocation, checkAthenaTable, solveAthenaPartition, solveAthenaRejectsQuery, solveAthenaResultLocation, solveAthenaTable } from '../../scenarios/vpc-flow-logs/blocks';
import { ListQueryExecutionsCommand } from '@aws-sdk/client-athena';
import { ATHENA_REJECTS_QUERY, athenaCreateTable, athenaAddPartition } from '../../fixtures/vpc-flow-logs/lab';
import { systemClock, utcDay } from '../../core/clock';
import * as athena from '../../aws/athena';
import { CHECK_SQL_MARK, isCheckerSql, isRejectsQuery, runReadOnlySql } from '../../checks/athena';
import { ATHENA_STATE } from '../../steps/athena';
import { putFlowFile, startMonitoringFixture, stopMonitoringFixture, type MonitoringFixture } from './monitoring-helpers';

// Waits below have 30 s budgets (a loaded machine's SDK calls and queries are slow); tests get room for them.
jest.setTimeout(90_000);

const WAIT = { budgetMs: 30_000, intervalsMs: [20, 50, 100] };
const RUN_QUERY3 = 'Run Query 3 in the Athena query editor and check that it succeeds (step "Create Partitions and Analyze the Data", Query 3).';

describe('Query 3, as a student may type or paste it', () => {
  test.each([
    ["the lab's Query 3", ATHENA_REJECTS_QUERY],
    ['on one line, upper case, default. prefix, no LIMIT', "SELECT * FROM DEFAULT.VPC_FLOW_LOGS WHERE ACTION='REJECT' AND PROTOCOL=6"],
    ["with comments of the student's and quoted names", "-- query 3\nselect sourceaddress /* who */ from \"default\".\"vpc_flow_logs\" where action = 'REJECT' and protocol = 6 limit 100"],
  ])('%s is Query 3', (_what, q) => expect(isRejectsQuery(q, 'vpc_flow_logs')).toBe(true));

  test.each([
    ['ACCEPT', ATHENA_REJECTS_QUERY.replace("'REJECT'", "'ACCEPT'")],
    ['protocol 17', ATHENA_REJECTS_QUERY.replace('protocol = 6', 'protocol = 17')],
    ['another table', ATHENA_REJECTS_QUERY.replace('FROM vpc_flow_logs', 'FROM vpc_flow_logs_old')],
    ['the partition count', "SELECT count(*) FROM vpc_flow_logs WHERE dt = '2024-01-01'"],
    ['DDL', 'SHOW PARTITIONS vpc_flow_logs'],
  ])('%s is not', (_what, q) => expect(isRejectsQuery(q, 'vpc_flow_logs')).toBe(false));

  test("the checker's mark is its first line", () => {
    expect(isCheckerSql(`${CHECK_SQL_MARK}\n${ATHENA_REJECTS_QUERY}`)).toBe(true);
    expect(isCheckerSql(ATHENA_REJECTS_QUERY)).toBe(false);
    expect(isCheckerSql(`-- my notes\n${CHECK_SQL_MARK}\n${ATHENA_REJECTS_QUERY}`)).toBe(false);
  });
});

describe('Athena steps: solve and check through the SDK against the emulator', () => {
  let f: MonitoringFixture;
  beforeAll(async () => (f = await startMonitoringFixture()));
  afterAll(() => stopMonitoringFixture(f));
  beforeEach(() => f.reset());

  const checkCtx = () => f.ctx('check');
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

    /** The student runs a statement in the query editor. */
    const studentRuns = (text = ATHENA_REJECTS_QUERY) => athena.runQuery(f.clients.athena, text, WAIT);
    const executionIds = async () => (await f.clients.athena.send(new ListQueryExecutionsCommand({ WorkGroup: 'primary' }))).QueryExecutionIds ?? [];

    test("Query 3: pending without files; failed until the student runs it; the solve's run passes and its rows are the evidence", async () => {
      await solveAthenaPartition(f.ctx('run'));
      const none = await checkAthenaRejectsQuery(checkCtx());
      expect(none.verdict).toBe('pending');
      expect(none.etaMs).toBeGreaterThan(0);

      await putFlowFile(f, [
        { src: f.clientIp, dstPort: 22, action: 'REJECT' },
        { src: f.clientIp, dstPort: 22, action: 'ACCEPT' },
        { src: '203.0.113.50', dstPort: 53, action: 'REJECT', protocol: 17 },
      ]);
      const notRun = await checkAthenaRejectsQuery(checkCtx());
      expect(notRun.verdict).toBe('failed');
      expect(notRun.summary).toBe('You have not run Query 3 successfully.');
      expect(notRun.hint).toBe(RUN_QUERY3);

      await solveAthenaRejectsQuery(f.ctx('run'));
      const r = await checkAthenaRejectsQuery(checkCtx());
      expect(r.verdict).toBe('passed');
      expect(r.summary).toBe(`Your run of Query 3 lists 1 rejected SSH record(s) from your IP ${f.clientIp}.`);
      expect(r.detail).toContain(`the student's execution ${f.ctx().state.get(ATHENA_STATE.rejectsExecutionId)}`);
      expect(r.evidence[0].data).toEqual({
        columns: ['day', 'dt', 'interfaceid', 'sourceaddress', 'destinationport', 'action', 'protocol'],
        rows: [[expect.stringMatching(/^[1-7]$/), today, f.env.eniId, f.clientIp, '22', 'REJECT', '6']],
      });
      expect(f.ctx().state.get(ATHENA_STATE.rejectsRows)).toEqual([
        { day: expect.any(String), dt: today, interfaceid: f.env.eniId, sourceaddress: f.clientIp, destinationport: '22', action: 'REJECT', protocol: '6' },
      ]);
    });

    test("Query 3: the checker's own runs of Query 3 are not the student's, and every statement the check runs is marked", async () => {
      await solveAthenaPartition(f.ctx('run'));
      await putFlowFile(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
      await runReadOnlySql(checkCtx(), ATHENA_REJECTS_QUERY);
      const before = new Set(await executionIds());
      const r = await checkAthenaRejectsQuery(checkCtx());
      expect(r.verdict).toBe('failed');
      expect(r.hint).toBe(RUN_QUERY3);
      expect(r.detail).toMatch(/of them the checker's; runs of Query 3: none$/);
      const added = (await executionIds()).filter((id) => !before.has(id));
      expect(added.length).toBeGreaterThan(0);
      for (const id of added) {
        const exec = await athena.waitForQueryExecution(f.clients.athena, id, WAIT);
        // Queries carry the mark first; DDL (SHOW PARTITIONS) last, as Athena's DDL parser rejects a leading comment.
        expect(isCheckerSql(exec.Query!)).toBe(true);
        if (/^SHOW\b/i.test(exec.Query!)) expect(exec.Query!.endsWith(`\n${CHECK_SQL_MARK}`)).toBe(true);
        else expect(exec.Query!.startsWith(`${CHECK_SQL_MARK}\n`)).toBe(true);
      }
    });

    test("Query 3: the student's run is found behind more than a page of the checker's statements (a long check --watch)", async () => {
      await solveAthenaPartition(f.ctx('run'));
      await putFlowFile(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
      await studentRuns();
      for (let i = 0; i < 55; i++) await runReadOnlySql(checkCtx(), `SELECT ${i} AS n`);
      const r = await checkAthenaRejectsQuery(checkCtx());
      expect(r.verdict).toBe('passed');
    });

    test("Query 3: a failed last run is named with Athena's error", async () => {
      await solveAthenaPartition(f.ctx('run'));
      await putFlowFile(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
      await expect(studentRuns(ATHENA_REJECTS_QUERY.replace('sourceaddress,', 'sourceadress,'))).rejects.toThrow(/FAILED/);
      const r = await checkAthenaRejectsQuery(checkCtx());
      expect(r.verdict).toBe('failed');
      expect(r.hint).toMatch(/^Your last run of Query 3 ended FAILED: COLUMN_NOT_FOUND: .*sourceadress.*\. Run Query 3 again and check that it succeeds \(step "Create Partitions and Analyze the Data", Query 3\)\.$/);
    });

    test("Query 3: a run made before the client's records arrived fails, asking to run it again; running it again passes", async () => {
      await solveAthenaPartition(f.ctx('run'));
      await putFlowFile(f, [{ src: '198.51.100.3', dstPort: 22, action: 'REJECT' }]);
      await studentRuns();
      await putFlowFile(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }], Date.now() + 1000);
      const r = await checkAthenaRejectsQuery(checkCtx());
      expect(r.verdict).toBe('failed');
      expect(r.hint).toContain(`does not list your IP ${f.clientIp}, but the table now has 1 rejected SSH record(s) from it: run Query 3 again, your last run was before the records arrived`);
      expect(r.evidence.map((e) => e.title)).toEqual([expect.stringMatching(/^Query 3: rejected TCP traffic \(your run at /), `Query 3 for ${f.clientIp} only (the checker's query)`]);

      await studentRuns(ATHENA_REJECTS_QUERY.replace('FROM vpc_flow_logs', 'FROM default.vpc_flow_logs').toLowerCase().replace("'reject'", "'REJECT'"));
      expect((await checkAthenaRejectsQuery(checkCtx())).verdict).toBe('passed');
    });

    test("Query 3: passes when a hundred rejected scanners fill the rows before the client's address", async () => {
      await solveAthenaPartition(f.ctx('run'));
      const scanners = Array.from({ length: 100 }, (_, i) => ({ src: `10.9.${Math.floor(i / 50)}.${i % 50}`, dstPort: 3389, action: 'REJECT' as const }));
      await putFlowFile(f, [...scanners, { src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
      await studentRuns();
      const r = await checkAthenaRejectsQuery(checkCtx());
      expect(r.verdict).toBe('passed');
      expect(r.summary).toBe(`Your IP ${f.clientIp} has 1 rejected SSH record(s), past the 100 rows Query 3 shows.`);
    });

    test("Query 3: today's files but no partition fails; other sources only stays pending", async () => {
      await putFlowFile(f, [{ src: '198.51.100.3', dstPort: 22, action: 'REJECT' }]);
      const noPartition = await checkAthenaRejectsQuery(checkCtx());
      expect(noPartition.verdict).toBe('failed');
      expect(noPartition.hint).toContain(`no partition dt='${today}'`);

      await solveAthenaPartition(f.ctx('run'));
      await studentRuns();
      const others = await checkAthenaRejectsQuery(checkCtx());
      expect(others.verdict).toBe('pending');
      expect(others.hint).toContain(`none from your IP ${f.clientIp}`);
    });
  });

  describe('a run that starts at 23:59:30 UTC', () => {
    // The run's clock: the wall clock moved to 23:59:30 UTC; `jump` moves it on (the emulator keeps its own time).
    let offset = 0;
    const clock = { now: () => Date.now() + offset, sleep: systemClock.sleep };
    const jump = (to: number) => void (offset = to - Date.now());
    const at = (ctx: ReturnType<MonitoringFixture['ctx']>) => ({ ...ctx, clock });
    const D = Date.UTC(2026, 2, 14);
    const day1 = '2026-03-14';
    const day2 = '2026-03-15';

    beforeEach(async () => {
      await solveAthenaResultLocation(f.ctx('run'));
      await solveAthenaTable(f.ctx('run'));
      jump(D + 86_400_000 - 30_000);
    });

    test("the partition added before midnight passes; the records filed under the next day get their partition, and Query 3 and both checks pass after midnight", async () => {
      await solveAthenaPartition(at(f.ctx('run')));
      expect((await checkAthenaPartition(at(checkCtx()))).verdict).toBe('passed');

      // Just after midnight, before any file: the partition of the day the run started still counts.
      jump(D + 86_400_000 + 20_000);
      expect((await checkAthenaPartition(at(checkCtx()))).verdict).toBe('passed');

      // The S3 copy of the SSH records of 23:59:40 comes in the file of 00:00, under the new date.
      await putFlowFile(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT', start: Math.floor((D + 86_400_000 - 20_000) / 1000) }], D + 86_400_000 + 60_000);
      jump(D + 86_400_000 + 11 * 60_000);
      await solveAthenaRejectsQuery(at(f.ctx('run')));
      const query = await checkAthenaRejectsQuery(at(checkCtx()));
      expect(query.verdict).toBe('passed');
      expect(query.summary).toBe(`Your run of Query 3 lists 1 rejected SSH record(s) from your IP ${f.clientIp}.`);
      const partition = await checkAthenaPartition(at(checkCtx()));
      expect(partition.verdict).toBe('passed');
      expect(partition.summary).toBe(`Table vpc_flow_logs has a partition for today (${day2}) that reads 1 record(s).`);
      const shown = await runReadOnlySql(checkCtx(), 'SHOW PARTITIONS default.vpc_flow_logs');
      expect(shown.rows.map((r) => Object.values(r)[0]).sort()).toEqual([`dt=${day1}`, `dt=${day2}`]);
    });

    test("after midnight, the records filed under the day before count with that day's partition; a partition for a day without files does not", async () => {
      await putFlowFile(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }], D + 86_400_000 - 4 * 60_000);
      await solveAthenaPartition(at(f.ctx('run')));
      jump(D + 2 * 86_400_000 + 3 * 3_600_000);
      // Two dates later: the files are out of reach and none is today's; the partition no longer counts.
      expect((await checkAthenaPartition(at(checkCtx()))).verdict).toBe('failed');
      jump(D + 86_400_000 + 2 * 3_600_000);
      const r = await checkAthenaPartition(at(checkCtx()));
      expect(r.verdict).toBe('passed');
      expect(r.summary).toBe(`Table vpc_flow_logs has a partition for ${day1} that reads 1 record(s).`);
    });
  });
});

