import { clearSecrets, registerSecret } from '../../core/redact';
import { result, RunRecord } from '../../runner/model';
import { toCtrf } from '../../reports/ctrf';
import { toJunit } from '../../reports/junit';

function sampleRun(): RunRecord {
  const t0 = Date.UTC(2026, 10, 28, 12, 0, 0);
  const step = (stepId: string, title: string, r: ReturnType<typeof result>, i: number) => ({ stepId, title, result: r, startedAt: t0 + i * 1000, finishedAt: t0 + i * 1000 + 500.4, waitedMs: 200.2, attempts: 2, apiCalls: 3 });
  return {
    lab: 'vpc-flow-logs',
    labTitle: 'VPC Flow Logs',
    target: 'embedded',
    runId: 'lw-20261128t1200-abcdef',
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4566',
    capabilities: ['athena', 'instance-ssh'],
    startedAt: t0,
    finishedAt: t0 + 5000,
    steps: [
      step('log-group', 'Create the log group', result('passed', 'VPCFlowLogs exists'), 0),
      step('metric-filter', 'Metric filter <&>', result('failed', 'The pattern misses port 22.', { hint: 'Look at the destport field.', detail: 'pattern=[...]' }), 1),
      step('alarm', 'Alarm', result('skipped', "Skipped: it needs step 'metric-filter', which ended failed."), 2),
      step('athena-table', 'Athena table', result('unsupported', 'Not verifiable on this target: it lacks athena.'), 3),
      step('insights-top-rejects', 'Insights', result('cant-verify', 'AccessDenied'), 4),
    ],
  };
}

describe('report JSON (CTRF)', () => {
  afterEach(() => clearSecrets());

  test('is a valid CTRF document with labwright detail in extra, one test per step in lab order', () => {
    const report = toCtrf(sampleRun(), '0.1.0');
    expect(report.reportFormat).toBe('CTRF');
    expect(report.specVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(report.results.summary).sort()).toEqual(['duration', 'failed', 'other', 'passed', 'pending', 'skipped', 'start', 'stop', 'tests']);
    expect(report.results.summary).toMatchObject({ tests: 5, passed: 1, failed: 1, skipped: 1, pending: 0, other: 2 });
    expect(report.results.tests.map((t) => [t.extra.stepId, t.status, t.extra.verdict])).toEqual([
      ['log-group', 'passed', 'passed'],
      ['metric-filter', 'failed', 'failed'],
      ['alarm', 'skipped', 'skipped'],
      ['athena-table', 'other', 'unsupported'],
      ['insights-top-rejects', 'other', 'cant-verify'],
    ]);
    for (const t of report.results.tests) {
      expect(Number.isInteger(t.duration)).toBe(true);
      expect(Number.isInteger(t.extra.waitedMs)).toBe(true);
    }
    expect(report.results.extra).toEqual({
      lab: 'vpc-flow-logs', target: 'embedded', runId: 'lw-20261128t1200-abcdef', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566',
      capabilities: ['athena', 'instance-ssh'], startedAt: '2026-11-28T12:00:00.000Z', finishedAt: '2026-11-28T12:00:05.000Z',
    });
    expect(report.results.tests[1].extra).toMatchObject({ hint: 'Look at the destport field.', detail: 'pattern=[...]', apiCalls: 3, attempts: 2 });
  });

  test('never carries a registered secret', () => {
    registerSecret('Sup3r-Secret-Pw');
    const run = sampleRun();
    run.steps[0].result.detail = 'ssh with password Sup3r-Secret-Pw';
    expect(JSON.stringify(toCtrf(run, '0.1.0'))).not.toContain('Sup3r-Secret-Pw');
  });
});

describe('JUnit rendering', () => {
  test('has one testcase per step; a failure carries summary plus hint; XML is escaped', () => {
    const xml = toJunit(toCtrf(sampleRun(), '0.1.0'));
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toContain('<failure message="The pattern misses port 22. Look at the destport field." type="failed">');
    expect(xml).toContain('name="metric-filter: Metric filter &lt;&amp;&gt;"');
    expect(xml).toContain('tests="5" failures="1" errors="0" skipped="3"');
    expect(xml).toContain('<skipped message="unsupported: Not verifiable on this target: it lacks athena."/>');
  });
});
