// verify-checks on a fresh emulator with the aws time profile (AWS's delays × 0.02, no flush, no
// auto-confirm): every check still fails before its solve, passes after it and catches its
// mutations. LONG (minutes: each mutation's restore waits AWS-sized delays), so it is opt-in:
// LABWRIGHT_SLOW_TESTS=1 npx jest test/e2e/verify-checks-aws-profile.test.ts
import { verifyOnFreshEmulator } from '../../session/verify';
import { labFor } from '../../session/labs';
import { runInProcess } from '../cli-in-process';

const slow = process.env.LABWRIGHT_SLOW_TESTS === '1' ? describe : describe.skip;

slow('verify-checks under the aws profile (opt-in: LABWRIGHT_SLOW_TESTS=1)', () => {
  jest.setTimeout(30 * 60_000);
  it('every check of the VPC Flow Logs lab is strong at AWS timing × 0.02', async () => {
    const report = await verifyOnFreshEmulator({ lab: labFor('vpc-flow-logs'), time: { profile: 'aws', timeScale: 0.02 } });
    expect(report.rows.filter((r) => r.problems.length).map((r) => `${r.stepId}: ${r.problems.join('; ')}`)).toEqual([]);
    expect(report.strong).toBe(true);
  });
});

describe('verify-checks time-profile flags', () => {
  it('--time-scale alone is a usage error naming --time-profile', async () => {
    const r = await runInProcess('verify-checks', '--time-scale', '0.02');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--time-scale goes with --time-profile');
  });
  it('--endpoint is refused, pointing at --time-profile aws', async () => {
    const r = await runInProcess('verify-checks', '--endpoint', 'http://127.0.0.1:1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--time-profile aws --time-scale F');
  });
});
