// Acceptance (issue 6): Ctrl-C in the middle of `labwright run` stops the waits, tears down
// everything the run created and says so. A real SIGINT is sent to the CLI child process while it
// runs against a standalone emulator; the account is then listed through the SDK.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { added, inventory, kindsOf, startCli, type CliResult } from './helpers-cli';

jest.setTimeout(120_000);

let emu: TestEmulator;
let dir: string;
let before: string[];
let during: string[];
let run: CliResult;

beforeAll(async () => {
  emu = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'labwright-run-interrupt-'));
  before = await inventory(emu.clients);
  const cli = startCli(['run', '--endpoint', emu.endpoint, '--report-dir', dir]);
  // ssh-rejected comes after the environment and the first steps: the lab is fully standing.
  await cli.waitForOutput(/▶ ssh-rejected/);
  during = await inventory(emu.clients);
  cli.child.kill('SIGINT');
  run = await cli.done;
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGINT in the middle of labwright run', () => {
  it('interrupted a run whose lab was standing', () => {
    // Without this the test could pass on a run that never created anything.
    expect(kindsOf(added(before, during))).toEqual(expect.arrayContaining(['bucket', 'flow-log', 'instance', 'log-group', 'role', 'security-group', 'subnet', 'vpc']));
  });

  it('exits 1 and says it was interrupted and tore down', () => {
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SIGINT received: stopping and tearing down');
    expect(run.stdout).toContain('Interrupted: the run stopped early and tore down every resource it had created.');
    expect(run.stdout).toMatch(/Deleting VPC vpc-/);
  });

  it('leaves no resource of the run behind', async () => {
    expect(added(before, await inventory(emu.clients))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8'))).toEqual(expect.objectContaining({ entries: [] }));
  });

  it('reports the steps it did not finish as skipped because of the interruption', () => {
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const verdicts = Object.fromEntries(report.results.tests.map((t: any) => [t.extra.stepId, t.extra.verdict]));
    expect(verdicts).toMatchObject({ 'ssh-accepted': 'passed', 'ssh-rejected': 'skipped', 'ssh-restored': 'skipped', 'alarm-fires': 'skipped' });
    const rejected = report.results.tests.find((t: any) => t.extra.stepId === 'ssh-rejected');
    expect(rejected.extra.summary).toBe('Skipped: the run was interrupted.');
  });
});
