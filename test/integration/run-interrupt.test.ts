// Acceptance (issues 6 and 16): Ctrl-C in the middle of `labwright run` stops the waits, tears down
// everything the run created and says so; the reports show the run as broken (a JUnit error naming
// the signal, never a row of skipped tests). A real SIGINT is sent to the CLI child process while it
// runs against a standalone emulator; the account is then listed through the SDK.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { visibleText } from '../fixtures/visible-text';
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
    expect(run.stderr).toContain('labwright: SIGINT received: stopping and tearing down');
    expect(run.stdout).toContain('Interrupted: the run stopped early and tore down every resource it had created.');
    expect(run.stdout).toMatch(/Deleting VPC vpc-/);
  });

  it('leaves no resource of the run behind', async () => {
    expect(added(before, await inventory(emu.clients))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8'))).toEqual(expect.objectContaining({ entries: [] }));
  });

  it('reports the step it cut short as not verified, and the steps it kept from starting as skipped', () => {
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const verdicts = Object.fromEntries(report.results.tests.map((t: any) => [t.extra.stepId, t.extra.verdict]));
    expect(verdicts).toMatchObject({ 'ssh-accepted': 'passed', 'ssh-rejected': 'cant-verify', 'ssh-restored': 'skipped', 'alarm-fires': 'skipped' });
    const byId = (id: string) => report.results.tests.find((t: any) => t.extra.stepId === id);
    expect(byId('ssh-rejected')).toMatchObject({ status: 'other', message: 'Interrupted while it ran: the run stopped before this step could be verified.' });
    expect(byId('ssh-restored').extra.summary).toBe('Skipped: the run was interrupted.');
    expect(report.results.extra.problems).toEqual([
      { kind: 'interrupted', message: expect.stringMatching(/^Interrupted by SIGINT while .*ssh-rejected.* running; the steps not yet started were skipped\.$/), steps: expect.arrayContaining(['ssh-rejected']) },
    ]);
  });

  it('makes the interruption a JUnit error, so CI does not show the run green', () => {
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(dir, 'junit.xml'), 'utf8'));
    const suite = junit.testsuites.testsuite;
    expect(Number(suite.errors)).toBeGreaterThanOrEqual(1);
    const rejected = [suite.testcase].flat().find((c: any) => c.name.startsWith('ssh-rejected:'));
    expect(rejected.error).toMatchObject({ type: 'interrupted', message: expect.stringContaining('Interrupted by SIGINT') });
  });

  it('says so first in the console summary and at the top of the HTML report', () => {
    // The summary opens with the problem, right above the table of steps.
    const lines = run.stdout.split('\n');
    const table = lines.findIndex((l) => /^ +step +verdict/.test(l));
    expect(lines.slice(0, table).filter(Boolean).at(-1)).toMatch(/^ {2}✘ Interrupted by SIGINT while .*ssh-rejected/);
    expect(visibleText(readFileSync(join(dir, 'index.html'), 'utf8'))).toMatch(/^✗ Interrupted by SIGINT while .*ssh-rejected/);
  });
});
