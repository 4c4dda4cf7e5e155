// The whole lab against the emulator's aws profile (AWS's delays, eventual consistency, no flush,
// no auto-confirm) at time scale 0.02: what passes here leans on no emulator shortcut.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import type { CtrfReport } from '../../reports/ctrf';
import { runInProcess } from '../cli-in-process';

const F = 0.02;
const MINUTE = 60_000;

jest.setTimeout(170_000);

describe('labwright run against an aws-profile emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, host: '127.0.0.1', profile: 'aws', timeScale: F });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('passes all 14 steps, waits AWS-sized delays and reports the time on AWS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-aws-profile-'));
    const run = await runInProcess('run', '--endpoint', emulator.endpoint, '--report-dir', dir);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as CtrfReport;
    const byStep = Object.fromEntries(report.results.tests.map((t) => [t.extra.stepId, t]));
    const notPassed = report.results.tests.filter((t) => t.status !== 'passed').map((t) => `${t.extra.stepId}: ${t.extra.summary}`);
    expect(notPassed).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.results.summary.passed).toBe(14);

    // The harness read the profile: budgets are AWS's × F, and the report says what AWS would take.
    expect(report.results.extra).toMatchObject({ timeProfile: 'aws', timeScale: F });
    expect(report.results.extra.awsEquivalentMs).toBe(Math.round(report.results.summary.duration / F));
    expect(run.stdout).toMatch(/14 passed in [\d.]+s \(≈ \d+ (min|s) on AWS, aws profile × 0\.02\)/);

    // No flush: the SSH record arrives only after the profile's delivery lag (≥ 5 AWS-minutes after
    // the capture window), so the wait for it, seen from AWS, lasts minutes.
    expect(byStep['ssh-accepted'].extra.awsEquivalentWaitedMs).toBeGreaterThanOrEqual(4 * MINUTE);
    expect(byStep['ssh-rejected'].extra.awsEquivalentWaitedMs).toBeGreaterThanOrEqual(4 * MINUTE);
  });
});
