// Harness pieces the aws profile exposed: region resolution order, the time a run takes on AWS,
// the critical path, the budget scale per time profile, and the checker's DDL mark placement.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRegion } from '../../aws/region';
import { isCheckerSql, markCheckerSql } from '../../checks/athena';
import { awsEquivalentMs, criticalPath, formatAwsEquivalent, runAwsEquivalentMs } from '../../runner/aws-equivalent';
import type { StepRecord } from '../../runner/model';
import { budgetScaleFor } from '../../runner/targets/capability-sets';

describe('resolveRegion', () => {
  const config = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-region-'));
    writeFileSync(join(dir, 'config'), '[default]\nregion = eu-west-3\n[profile course]\nregion = ap-southeast-2\n');
    return join(dir, 'config');
  };
  it('takes --region first, then AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    expect(await resolveRegion({ flag: 'eu-west-1', readProfile: true }, { AWS_REGION: 'us-west-2' })).toEqual({ region: 'eu-west-1', source: 'flag' });
    expect(await resolveRegion({ readProfile: true }, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ca-central-1' })).toEqual({ region: 'us-west-2', source: 'env' });
    expect(await resolveRegion({ readProfile: true }, { AWS_DEFAULT_REGION: 'ca-central-1' })).toEqual({ region: 'ca-central-1', source: 'env' });
  });
  it("then the AWS profile's region (real accounts only), then us-east-1", async () => {
    const saved = { ...process.env };
    try {
      delete process.env.AWS_REGION;
      delete process.env.AWS_DEFAULT_REGION;
      process.env.AWS_CONFIG_FILE = config();
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(tmpdir(), 'lw-no-credentials');
      expect(await resolveRegion({ awsProfile: 'course', readProfile: true }, {})).toEqual({ region: 'ap-southeast-2', source: 'profile' });
      expect(await resolveRegion({ awsProfile: 'course', readProfile: false }, {})).toEqual({ region: 'us-east-1', source: 'default' });
    } finally {
      process.env = saved;
    }
  });
});

describe('time on AWS', () => {
  const profile = { name: 'aws', timeScale: 0.02 };
  it('is wall time ÷ F under the aws profile, and unknown elsewhere', () => {
    expect(awsEquivalentMs(12_000, profile)).toBe(600_000);
    expect(awsEquivalentMs(12_000, { name: 'fast', timeScale: 1 })).toBeUndefined();
    expect(runAwsEquivalentMs({ startedAt: 0, finishedAt: 41_000, timeProfile: profile })).toBe(2_050_000);
    expect(formatAwsEquivalent(2_050_000)).toBe('≈ 34 min on AWS');
  });
  it('the critical path follows the need each step waited for', () => {
    const rec = (stepId: string, startedAt: number, finishedAt: number) => ({ stepId, startedAt, finishedAt }) as StepRecord;
    const steps = [rec('a', 0, 1), rec('b', 0, 5), rec('c', 5, 9), rec('d', 1, 3)];
    const needs: Record<string, string[]> = { c: ['a', 'b'], d: ['a'] };
    expect(criticalPath(steps, (id) => needs[id] ?? []).map((s) => s.stepId)).toEqual(['b', 'c']);
  });
  it('budgets scale by the profile: fast ×0.03, aws and realtime × F', () => {
    expect(budgetScaleFor('fast', 1)).toBe(0.03);
    expect(budgetScaleFor('aws', 0.02)).toBe(0.02);
    expect(budgetScaleFor('realtime', 1)).toBe(1);
  });
});

describe("the checker's Athena statements", () => {
  it('carry no leading comment on DDL (SHOW PARTITIONS), and are still recognised as the checker\'s', () => {
    const ddl = markCheckerSql('SHOW PARTITIONS default.vpc_flow_logs');
    expect(ddl.startsWith('SHOW PARTITIONS')).toBe(true);
    expect(isCheckerSql(ddl)).toBe(true);
    const query = markCheckerSql('SELECT 1');
    expect(query.startsWith('-- labwright check\n')).toBe(true);
    expect(isCheckerSql(query)).toBe(true);
    expect(isCheckerSql('SHOW PARTITIONS default.vpc_flow_logs')).toBe(false);
  });
});
