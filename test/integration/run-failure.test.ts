// Acceptance (issue 6): a step that fails still ends in a full teardown. The failure is one that
// happens to students: the account already has a `vpc_flow_logs` table from an earlier attempt,
// pointing at that attempt's bucket, so the lab's Query 1 (CREATE EXTERNAL TABLE IF NOT EXISTS)
// silently keeps it and the table step fails; the steps that need it are skipped naming it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { XMLParser } from 'fast-xml-parser';
import { poll } from '../../core/poll';
import { athenaCreateTable } from '../../fixtures/vpc-flow-logs/lab';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { added, inventory, kindsOf, runCli, type CliResult } from './helpers-cli';

jest.setTimeout(120_000);

const EARLIER_BUCKET = 'labwright-flow-logs-earlier-attempt';
const ATHENA_STEPS = ['athena-result-location', 'flow-log-s3', 'athena-table', 'athena-partition', 'athena-rejects-query'];

let emu: TestEmulator;
let dir: string;
let before: string[];
let run: CliResult;

/** Creates the table of an earlier attempt with the lab's own Query 1, for that attempt's bucket. */
async function createEarlierTable(): Promise<void> {
  await emu.clients.s3.send(new CreateBucketCommand({ Bucket: EARLIER_BUCKET }));
  const { QueryExecutionId } = await emu.clients.athena.send(
    new StartQueryExecutionCommand({ QueryString: athenaCreateTable(EARLIER_BUCKET, '000000000000', 'us-east-1'), ResultConfiguration: { OutputLocation: `s3://${EARLIER_BUCKET}/athena-results/` } }),
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
  run = await runCli(['run', '--endpoint', emu.endpoint, '--only', ATHENA_STEPS.join(','), '--report-dir', dir]);
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a run whose Athena table step fails', () => {
  it('exits 1 and prints the failed step with a hint for the student', () => {
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    const at = lines.findIndex((l) => /✘ athena-table +Table default\.vpc_flow_logs does not match/.test(l));
    expect(at).toBeGreaterThan(-1);
    expect(lines[at + 1]).toMatch(/^ +hint: Your table vpc_flow_logs: .*reads s3:\/\/labwright-flow-logs-earlier-attempt\/AWSLogs\/000000000000\/vpcflowlogs\/us-east-1\//);
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
      message: expect.stringContaining('Your table vpc_flow_logs'),
      extra: { verdict: 'failed', hint: expect.stringMatching(/\(step "Create Partitions and Analyze the Data", Query 1\)\.$/) },
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
