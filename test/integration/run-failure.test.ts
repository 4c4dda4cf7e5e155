// Acceptance (issue 6): a step that fails still ends in a full teardown. The failure is one that
// happens to students: the database already has a `vpc_flow_logs` table from an earlier attempt,
// pointing at that attempt's bucket. Query 1 (CREATE EXTERNAL TABLE IF NOT EXISTS) would silently
// keep it, so the run refuses to adopt a table that is not its own and the table step fails; the
// steps that need it are skipped naming it. A run
// works in a database of its own (run-scoped names), so the earlier attempt is planted there: the
// run id is given with --run-id.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { XMLParser } from 'fast-xml-parser';
import { poll } from '../../core/poll';
import { ATHENA_DATABASE, athenaCreateTable } from '../../fixtures/vpc-flow-logs/lab';
import { scopedName } from '../../runner/names';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { added, inventory, kindsOf, runCli, type CliResult } from './helpers-cli';

jest.setTimeout(120_000);

const EARLIER_BUCKET = 'labwright-flow-logs-earlier-attempt';
const RUN_ID = 'run-failure-test';
const RUN_DATABASE = scopedName(ATHENA_DATABASE, 'athena-database', RUN_ID);
const ATHENA_STEPS = ['athena-result-location', 'flow-log-s3', 'athena-table', 'athena-partition', 'athena-rejects-query'];

let emu: TestEmulator;
let dir: string;
let before: string[];
let run: CliResult;

/** Creates the table of an earlier attempt with the lab's own Query 1, for that attempt's bucket. */
async function createEarlierTable(): Promise<void> {
  await emu.clients.s3.send(new CreateBucketCommand({ Bucket: EARLIER_BUCKET }));
  for (const sql of [`CREATE DATABASE IF NOT EXISTS ${RUN_DATABASE}`, athenaCreateTable(EARLIER_BUCKET, '000000000000', 'us-east-1', RUN_DATABASE)]) await earlierQuery(sql);
}

/** Runs one of the earlier attempt's statements to its end. */
async function earlierQuery(sql: string): Promise<void> {
  const { QueryExecutionId } = await emu.clients.athena.send(
    new StartQueryExecutionCommand({ QueryString: sql, ResultConfiguration: { OutputLocation: `s3://${EARLIER_BUCKET}/athena-results/` } }),
  );
  await poll(
    async () => {
      const state = (await emu.clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution?.Status?.State;
      if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`The earlier attempt's Query 1 ended ${state}.`);
      return state === 'SUCCEEDED' ? { done: true, value: state } : { done: false, reason: state };
    },
    { description: "the earlier attempt's Query 1", budgetMs: 10_000, intervalsMs: [50] },
  );
}

beforeAll(async () => {
  emu = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'labwright-run-failure-'));
  await createEarlierTable();
  before = await inventory(emu.clients);
  run = await runCli(['run', '--endpoint', emu.endpoint, '--run-id', RUN_ID, '--only', ATHENA_STEPS.join(','), '--report-dir', dir]);
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a run whose Athena table step fails', () => {
  it('exits 1 and prints the failed step, naming the table it would not adopt', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`✘ athena-table +Solving the step failed: The table ${RUN_DATABASE}\\.vpc_flow_logs already exists and is not this run's`));
    expect(run.stdout).toMatch(/2 passed, 1 failed, 2 skipped in/);
  });

  it('reports the failure with its hint and the dependent steps skipped naming their blocker', () => {
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const byId = Object.fromEntries(report.results.tests.map((t: any) => [t.extra.stepId, t]));
    expect(Object.keys(byId)).toEqual(vpcFlowLogs.steps.map((st) => st.id).filter((id) => ATHENA_STEPS.includes(id)));
    expect(byId['athena-result-location'].status).toBe('passed');
    expect(byId['flow-log-s3'].status).toBe('passed');
    expect(byId['athena-table']).toMatchObject({
      status: 'failed',
      message: expect.stringContaining(`The table ${RUN_DATABASE}.vpc_flow_logs already exists and is not this run's`),
      extra: { verdict: 'failed' },
    });
    expect(byId['athena-partition'].extra).toMatchObject({ verdict: 'skipped', summary: "Skipped: it needs step 'athena-table', which ended failed." });
    expect(byId['athena-rejects-query'].extra).toMatchObject({ verdict: 'skipped', summary: "Skipped: it needs step 'athena-partition', which ended skipped." });
    expect(report.results.summary).toMatchObject({ tests: 5, passed: 2, failed: 1, skipped: 2 });

    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(dir, 'junit.xml'), 'utf8'));
    const failed = [junit.testsuites.testsuite.testcase].flat().filter((c: any) => c.failure !== undefined);
    expect(failed.map((c: any) => c.name)).toEqual(['athena-table: Create the Athena table vpc_flow_logs']);
  });

  it('still tears down every resource the run created', async () => {
    const after = await inventory(emu.clients);
    expect(added(before, after)).toEqual([]);
    // The earlier attempt's bucket is not the run's: it stays.
    expect(after).toContain(`bucket ${EARLIER_BUCKET}`);
    expect(run.stdout).toMatch(/Deleting VPC vpc-/);
    expect(JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8')).entries).toEqual([]);
  });

  it('had created the lab environment in the first place', () => {
    const created = [...run.stdout.matchAll(/Creating (VPC|bucket|IAM role|key pair|security group|flow log)/g)].map((m) => m[1]);
    expect(new Set(created)).toEqual(new Set(['VPC', 'bucket', 'IAM role', 'key pair', 'security group', 'flow log']));
    expect(kindsOf(before)).not.toContain('flow-log');
  });
});
