// Issue 16, "broken runs are red everywhere": a run that could not provision, was interrupted, or
// left resources after teardown is an error in JUnit (what CI dashboards count), carries the cause
// in the CTRF report, and says so first in the console summary and at the top of the HTML page.
import { XMLParser } from 'fast-xml-parser';
import type { Output } from '../../core/log';
import { ConsoleReporter } from '../../reports/console';
import { toCtrf } from '../../reports/ctrf';
import { renderHtml } from '../../reports/html';
import { toJunit } from '../../reports/junit';
import { result, type RunProblem, type RunRecord } from '../../runner/model';
import { visibleText } from '../fixtures/visible-text';

const t0 = Date.UTC(2026, 10, 28, 23, 19, 0);
const PROVISIONING: RunProblem = { kind: 'provisioning', message: 'The lab environment could not be provisioned: ec2:RunInstances failed with InternalError after 8 attempts: We encountered an internal error. Please try again.' };

function run(steps: Array<[string, ReturnType<typeof result>]>, problems?: RunProblem[]): RunRecord {
  return {
    lab: 'vpc-flow-logs',
    labTitle: 'VPC Flow Logs',
    target: 'endpoint',
    runId: 'lw-20261128t2319-abcdef',
    region: 'us-east-1',
    capabilities: [],
    startedAt: t0,
    finishedAt: t0 + 4000,
    steps: steps.map(([stepId, r], i) => ({ stepId, title: `Title of ${stepId}`, result: r, startedAt: t0 + i, finishedAt: t0 + i + 10, waitedMs: 0, attempts: 0, apiCalls: 0 })),
    ...(problems ? { problems } : {}),
  };
}

const skippedAll = (why: string) => (['flow-log-s3', 'log-group', 'alarm'] as const).map((id): [string, ReturnType<typeof result>] => [id, result('skipped', why)]);

/** The testsuite of a JUnit file, its testcases as an array, and its counts as numbers. */
function junitOf(xml: string) {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  const suite = doc.testsuites.testsuite;
  const cases: any[] = [suite.testcase].flat();
  const count = (k: string) => Number(suite[k]);
  return { root: doc.testsuites, cases, failures: count('failures'), errors: count('errors'), skipped: count('skipped'), tests: count('tests') };
}

/** Everything a console reporter writes for onRunEnd. */
function consoleSummary(r: RunRecord): string {
  let text = '';
  const out: Output = { write: (s: string) => void (text += s) } as Output;
  new ConsoleReporter(out, { tty: false, colour: false }).onRunEnd(r);
  return text;
}

describe('a run whose environment could not be provisioned', () => {
  const record = run(skippedAll('Skipped: the lab environment could not be provisioned.'), [PROVISIONING]);
  const report = toCtrf(record, '0.1.0');

  test('JUnit has an error testcase for the environment, first, with the cause; the steps stay skipped', () => {
    const j = junitOf(toJunit(report));
    expect({ errors: j.errors, failures: j.failures, skipped: j.skipped, tests: j.tests }).toEqual({ errors: 1, failures: 0, skipped: 3, tests: 4 });
    expect(j.root.errors).toBe('1');
    expect(j.cases[0].name).toBe('environment: provision the lab environment');
    expect(j.cases[0].error).toMatchObject({ type: 'provisioning', message: PROVISIONING.message });
    expect(j.cases.slice(1).map((c) => c.skipped.message)).toEqual(Array(3).fill('Skipped: the lab environment could not be provisioned.'));
  });

  test('CTRF keeps one test per step, skipped, and carries the problem in results.extra', () => {
    expect(report.results.tests.map((t) => [t.extra.stepId, t.status])).toEqual([['flow-log-s3', 'skipped'], ['log-group', 'skipped'], ['alarm', 'skipped']]);
    expect(report.results.summary).toMatchObject({ tests: 3, skipped: 3 });
    expect(report.results.extra.problems).toEqual([PROVISIONING]);
  });

  test('the HTML page says it first, before anything else visible', () => {
    const text = visibleText(renderHtml(report));
    expect(text.startsWith(`✗ ${PROVISIONING.message}`)).toBe(true);
    expect(text).toContain('The run broke: 3 of 3 steps did not pass');
  });

  test('the console summary says it before the table', () => {
    const lines = consoleSummary(record).split('\n').filter(Boolean);
    expect(lines[0]).toBe(`  ✘ ${PROVISIONING.message}`);
    expect(lines[1]).toMatch(/^ +step +verdict/);
  });
});

describe('an interrupted run', () => {
  const problem: RunProblem = { kind: 'interrupted', message: 'Interrupted by SIGINT while ssh-rejected was running; the steps not yet started were skipped.', steps: ['ssh-rejected'] };
  const record = run(
    [
      ['ssh-accepted', result('passed', 'ACCEPT record found.')],
      ['ssh-rejected', result('cant-verify', 'Interrupted while it ran: the run stopped before this step could be verified.')],
      ['alarm-fires', result('skipped', 'Skipped: the run was interrupted.')],
    ],
    [problem],
  );
  const report = toCtrf(record, '0.1.0');

  test('the step that was running is a JUnit error naming the signal; the ones not started are skipped', () => {
    const j = junitOf(toJunit(report));
    expect({ errors: j.errors, failures: j.failures, skipped: j.skipped, tests: j.tests }).toEqual({ errors: 1, failures: 0, skipped: 1, tests: 3 });
    const rejected = j.cases.find((c) => c.name.startsWith('ssh-rejected'));
    expect(rejected.error).toMatchObject({ type: 'interrupted', message: problem.message });
    expect(rejected.skipped).toBeUndefined();
  });

  test('CTRF reports the cut-short step as other with the reason, and the problem names the signal', () => {
    const rejected = report.results.tests.find((t) => t.extra.stepId === 'ssh-rejected')!;
    expect(rejected).toMatchObject({ status: 'other', message: 'Interrupted while it ran: the run stopped before this step could be verified.' });
    expect(report.results.extra.problems).toEqual([problem]);
  });

  test('an interruption before any step ran is an error testcase of its own', () => {
    const early: RunProblem = { kind: 'interrupted', message: 'Interrupted by SIGTERM while the lab environment was being provisioned; no step was run.' };
    const j = junitOf(toJunit(toCtrf(run(skippedAll('Skipped: the run was interrupted.'), [early]), '0.1.0')));
    expect({ errors: j.errors, tests: j.tests }).toEqual({ errors: 1, tests: 4 });
    expect(j.cases[0]).toMatchObject({ name: 'run: interrupted', error: { type: 'interrupted', message: early.message } });
  });

  test('the HTML page and the console summary start with it and link the step it cut short', () => {
    const html = renderHtml(report);
    expect(visibleText(html).startsWith(`✗ ${problem.message}`)).toBe(true);
    expect(html).toContain('Cut short: <a href="#step-ssh-rejected">');
    expect(consoleSummary(record).split('\n').filter(Boolean)[0]).toBe(`  ✘ ${problem.message}`);
  });
});

describe('a run whose teardown left resources', () => {
  const problem: RunProblem = { kind: 'teardown', message: 'Teardown left 1 resource standing: bucket labwright-flow-logs-x (InternalError). The ledger lists them.', left: ['bucket labwright-flow-logs-x'] };
  const report = toCtrf(run([['log-group', result('passed', 'VPCFlowLogs exists.')]], [problem]), '0.1.0');

  test('JUnit has a teardown error testcase, last, listing what was left; the passed step stays passed', () => {
    const j = junitOf(toJunit(report));
    expect({ errors: j.errors, failures: j.failures, skipped: j.skipped, tests: j.tests }).toEqual({ errors: 1, failures: 0, skipped: 0, tests: 2 });
    expect(j.cases[1]).toMatchObject({ name: 'teardown: delete what the run created', error: { type: 'teardown', message: problem.message } });
    expect(j.cases[1].error['#text']).toContain('left standing:\nbucket labwright-flow-logs-x');
    expect(report.results.tests[0].status).toBe('passed');
  });

  test('the page does not claim that all went well', () => {
    const text = visibleText(renderHtml(report));
    expect(text.startsWith(`✗ ${problem.message}`)).toBe(true);
    expect(text).not.toContain('All 1 steps passed');
  });
});

describe('messages are not repeated', () => {
  test('a skipped step is not "skipped: Skipped: …" in JUnit, while other verdicts keep their word', () => {
    const j = junitOf(toJunit(toCtrf(run([
      ['alarm', result('skipped', "Skipped: it needs step 'metric-filter', which ended failed.")],
      ['athena-table', result('unsupported', 'Not verifiable on this target: it lacks athena.')],
    ]), '0.1.0')));
    expect(j.cases.map((c) => c.skipped.message)).toEqual([
      "Skipped: it needs step 'metric-filter', which ended failed.",
      'unsupported: Not verifiable on this target: it lacks athena.',
    ]);
  });

  test('a run without problems has none in its report, and its JUnit counts no error', () => {
    const report = toCtrf(run([['log-group', result('passed', 'ok')]]), '0.1.0');
    expect(report.results.extra).not.toHaveProperty('problems');
    expect(junitOf(toJunit(report)).errors).toBe(0);
    expect(visibleText(renderHtml(report))).toMatch(/^labwright report/);
  });
});
