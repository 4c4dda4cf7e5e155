// Acceptance of `labwright check` (issue 7) through the CLI entry point against standalone
// emulators: after `env up` nothing passes and every step says why; after `run --keep` everything
// passes; the whole check issues only read calls (the emulator's request log says so).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isReadOperation } from '../../aws/calls';
import { clearSecrets } from '../../core/redact';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { runInProcess } from '../cli-in-process';

jest.setTimeout(180_000);

const STEP_IDS = vpcFlowLogs.steps.map((s) => s.id);

interface LoggedRequest {
  service: string;
  operation: string;
  status: number;
}
async function requestLog(endpoint: string): Promise<LoggedRequest[]> {
  return (await (await fetch(`${endpoint}/_emulator/requests`)).json()) as LoggedRequest[];
}

/**
 * A call a student's checker may make: a read operation by the client guard's own rule, or an
 * Athena statement (the checks' SQL gate lets only SELECT/SHOW/DESCRIBE through).
 */
const readCall = (r: LoggedRequest) => isReadOperation(r.operation) || (r.service === 'athena' && r.operation === 'StartQueryExecution');

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'labwright-check-'));
});
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  clearSecrets();
});

describe('check on a lab environment where the student did nothing yet', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    const up = await runInProcess('env', 'up', '--lab-names', '--endpoint', emu.endpoint);
    expect(up.code).toBe(0);
  });
  afterAll(async () => emu?.stop());

  it('reports every step as not passed, each with a hint, and exits 1', async () => {
    const r = await runInProcess('check', '--endpoint', emu.endpoint, '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.results.tests.map((t: any) => t.extra.stepId)).toEqual(STEP_IDS);
    for (const t of report.results.tests) {
      expect([t.extra.stepId, t.extra.verdict]).not.toEqual([t.extra.stepId, 'passed']);
      expect([t.extra.stepId, typeof t.extra.hint === 'string' && t.extra.hint.length > 20]).toEqual([t.extra.stepId, true]);
    }
    // The checklist goes to stderr with --json, so stdout stays parseable.
    expect(r.stderr).toMatch(/✘ +2\. Create the CloudWatch log group VPCFlowLogs/);
  });

  it('prints a checklist with the hint under each failed step', async () => {
    const r = await runInProcess('check', '--endpoint', emu.endpoint, 'log-group', 'metric-filter');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => /✘ +2\. Create the CloudWatch log group VPCFlowLogs +\[log-group\]/.test(l));
    expect(at).toBeGreaterThan(-1);
    expect(lines[at + 1]).toMatch(/^ +hint: .*VPCFlowLogs/);
    expect(r.stdout).toMatch(/0 of 2 steps done/);
    expect(r.stdout).not.toMatch(/flow-log-s3/);
  });
});

describe('check on a lab that `run --keep` completed', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    const run = await runInProcess('run', '--endpoint', emu.endpoint, '--keep', '--lab-names', '--report-dir', join(workDir, 'run'));
    expect(run.code).toBe(0);
  });
  afterAll(async () => emu?.stop());

  it('reports every step as passed and exits 0, issuing only read calls', async () => {
    const before = (await requestLog(emu.endpoint)).length;
    const r = await runInProcess('check', '--endpoint', emu.endpoint, '--json');
    const calls = (await requestLog(emu.endpoint)).slice(before);
    const report = JSON.parse(r.stdout);
    expect(report.results.tests.map((t: any) => [t.extra.stepId, t.extra.verdict])).toEqual(STEP_IDS.map((id) => [id, 'passed']));
    expect(r.code).toBe(0);
    expect(calls.length).toBeGreaterThan(STEP_IDS.length);
    expect(calls.filter((c) => !readCall(c)).map((c) => `${c.service}:${c.operation}`)).toEqual([]);
  });

  it('checks only the steps named, the lab id being optional', async () => {
    const r = await runInProcess('check', 'vpc-flow-logs', 'alarm', 'athena-table', '--endpoint', emu.endpoint, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results.tests.map((t: any) => t.extra.stepId)).toEqual(['alarm', 'athena-table']);
    const short = await runInProcess('check', 'log-group', '--endpoint', emu.endpoint);
    expect(short.code).toBe(0);
    expect(short.stdout).toMatch(/✔ +2\. Create the CloudWatch log group VPCFlowLogs/);
    expect(short.stdout).toMatch(/1 of 1 steps done/);
  });
});

describe('check usage errors', () => {
  it('names the lab step ids when a step id is unknown, and exits 2', async () => {
    const r = await runInProcess('check', 'vpc-flow-logs', 'log-grop', '--endpoint', 'http://127.0.0.1:1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown step id 'log-grop' (did you mean log-group?) for lab vpc-flow-logs; its steps are: flow-log-s3, log-group, flow-log-cloudwatch,");
  });

  it('refuses an interval under two seconds', async () => {
    const r = await runInProcess('check', '--watch', '--interval', '1s', '--endpoint', 'http://127.0.0.1:1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--interval 1s is too short; the minimum is 2s.');
  });
});
