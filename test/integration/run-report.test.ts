// Acceptance of `npm start` (issue 6): `labwright run` on a fresh embedded emulator passes all
// fourteen steps and writes a valid CTRF report.json, a JUnit file and the HTML page; `--json`
// prints exactly the report on stdout while progress goes to stderr.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { runCli, type CliResult } from './helpers-cli';

jest.setTimeout(180_000);

const STEPS = vpcFlowLogs.steps;
const STATUSES = ['passed', 'failed', 'skipped', 'pending', 'other'];
const VERDICTS = ['passed', 'failed', 'pending', 'cant-verify', 'unsupported', 'skipped'];

/**
 * The rules of the CTRF JSON schema (ctrf-io/ctrf schema/ctrf.schema.json) that a report can
 * break: required fields, `const`/enum values, integer fields, the SemVer specVersion, the
 * date-time timestamp, and `additionalProperties: false` at every level labwright fills in.
 * Returns one sentence per violation.
 */
function ctrfProblems(doc: any): string[] {
  const problems: string[] = [];
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const only = (where: string, value: any, allowed: string[]) => {
    for (const key of Object.keys(value ?? {})) if (!allowed.includes(key)) problems.push(`${where} has the property ${key}, which the schema does not allow.`);
  };
  const need = (where: string, value: any, keys: string[]) => {
    for (const key of keys) if (value?.[key] === undefined) problems.push(`${where} lacks the required ${key}.`);
  };
  const integer = (where: string, value: unknown) => {
    if (value !== undefined && !Number.isInteger(value)) problems.push(`${where} is ${JSON.stringify(value)}, not an integer.`);
  };
  const string = (where: string, value: unknown, minLength = 0) => {
    if (value !== undefined && (typeof value !== 'string' || value.length < minLength)) problems.push(`${where} is ${JSON.stringify(value)}, not a string of at least ${minLength} characters.`);
  };
  const object = (where: string, value: unknown) => {
    if (value !== undefined && !isObject(value)) problems.push(`${where} is not an object.`);
  };

  if (!isObject(doc)) return ['The report is not a JSON object.'];
  need('The report', doc, ['results', 'reportFormat', 'specVersion']);
  only('The report', doc, ['reportFormat', 'specVersion', 'reportId', 'timestamp', 'generatedBy', 'extra', 'results', 'insights', 'baseline']);
  if (doc.reportFormat !== 'CTRF') problems.push(`reportFormat is ${JSON.stringify(doc.reportFormat)}, not "CTRF".`);
  if (typeof doc.specVersion !== 'string' || !/^[0-9]+\.[0-9]+\.[0-9]+$/.test(doc.specVersion)) problems.push(`specVersion ${JSON.stringify(doc.specVersion)} is not MAJOR.MINOR.PATCH.`);
  if (doc.timestamp !== undefined && (typeof doc.timestamp !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(doc.timestamp))) problems.push(`timestamp ${JSON.stringify(doc.timestamp)} is not an RFC 3339 date-time.`);
  string('generatedBy', doc.generatedBy);
  object('extra', doc.extra);

  const results = doc.results;
  if (!isObject(results)) return [...problems, 'results is not an object.'];
  need('results', results, ['tool', 'summary', 'tests']);
  only('results', results, ['tool', 'summary', 'tests', 'environment', 'extra']);
  object('results.extra', results.extra);

  need('results.tool', results.tool, ['name']);
  only('results.tool', results.tool, ['name', 'version', 'extra']);
  string('results.tool.name', results.tool?.name, 1);
  string('results.tool.version', results.tool?.version);

  const summaryInts = ['tests', 'passed', 'failed', 'skipped', 'pending', 'other', 'start', 'stop'];
  need('results.summary', results.summary, summaryInts);
  only('results.summary', results.summary, [...summaryInts, 'flaky', 'suites', 'duration', 'extra']);
  for (const key of [...summaryInts, 'flaky', 'suites', 'duration']) integer(`results.summary.${key}`, results.summary?.[key]);

  if (!Array.isArray(results.tests)) return [...problems, 'results.tests is not an array.'];
  results.tests.forEach((t: any, i: number) => {
    const where = `results.tests[${i}]`;
    if (!isObject(t)) return problems.push(`${where} is not an object.`);
    need(where, t, ['name', 'status', 'duration']);
    only(where, t, [
      'id', 'name', 'status', 'duration', 'start', 'stop', 'suite', 'message', 'trace', 'snippet', 'ai', 'line', 'rawStatus', 'tags', 'labels', 'type', 'filePath',
      'retries', 'retryAttempts', 'flaky', 'stdout', 'stderr', 'threadId', 'browser', 'device', 'screenshot', 'attachments', 'parameters', 'steps', 'insights', 'extra',
    ]);
    string(`${where}.name`, t.name, 1);
    if (!STATUSES.includes(t.status)) problems.push(`${where}.status ${JSON.stringify(t.status)} is not one of ${STATUSES.join(', ')}.`);
    for (const key of ['duration', 'start', 'stop', 'line', 'retries']) integer(`${where}.${key}`, t[key]);
    for (const key of ['message', 'trace', 'snippet', 'rawStatus', 'type', 'filePath']) string(`${where}.${key}`, t[key]);
    object(`${where}.extra`, t.extra);
    return undefined;
  });
  return problems;
}

let dir: string;
let plain: CliResult;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'labwright-run-report-'));
  // Exactly `npm start`, plus a report folder of the test's own.
  plain = await runCli(['run', '--report-dir', join(dir, 'full')], { timeoutMs: 150_000 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('labwright run on a fresh embedded emulator', () => {
  it('passes all fourteen steps and exits 0', () => {
    expect({ code: plain.code, tail: plain.stdout.split('\n').slice(-5).join('\n') }).toEqual({ code: 0, tail: expect.stringMatching(/14 passed in \d/) });
    for (const s of STEPS) expect(plain.stdout).toMatch(new RegExp(`✔ ${s.id} `));
  });

  it('writes report.json as valid CTRF with one test per step in contract order', () => {
    const report = JSON.parse(readFileSync(join(dir, 'full', 'report.json'), 'utf8'));
    expect(ctrfProblems(report)).toEqual([]);
    expect(report.results.tool.name).toBe('labwright');
    expect(report.results.summary).toMatchObject({ tests: 14, passed: 14, failed: 0, skipped: 0, pending: 0, other: 0 });
    expect(report.results.summary.stop).toBeGreaterThanOrEqual(report.results.summary.start);
    expect(report.results.extra).toMatchObject({ lab: 'vpc-flow-logs', target: 'embedded', region: 'us-east-1', runId: expect.stringMatching(/^lw-/) });
    expect(report.results.tests.map((t: any) => [t.extra.stepId, t.name])).toEqual(STEPS.map((s) => [s.id, s.title]));
    for (const t of report.results.tests) {
      expect(t.status).toBe('passed');
      expect(t.extra).toEqual(
        expect.objectContaining({
          verdict: 'passed',
          summary: expect.any(String),
          evidence: expect.any(Array),
          waitedMs: expect.any(Number),
          attempts: expect.any(Number),
          apiCalls: expect.any(Number),
        }),
      );
      expect(VERDICTS).toContain(t.extra.verdict);
      // Every step did something on the account, and the calls were counted against it.
      expect([t.extra.stepId, t.extra.apiCalls > 0]).toEqual([t.extra.stepId, true]);
    }
  });

  it('writes junit.xml with fourteen test cases and index.html', () => {
    const junit = readFileSync(join(dir, 'full', 'junit.xml'), 'utf8');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit);
    const cases = [doc.testsuites.testsuite.testcase].flat();
    expect(cases.map((c: any) => c.name)).toEqual(STEPS.map((s) => `${s.id}: ${s.title}`));
    expect(cases.filter((c: any) => c.failure !== undefined || c.skipped !== undefined)).toEqual([]);
    expect(junit.match(/<testcase\b/g)).toHaveLength(14);
    expect(existsSync(join(dir, 'full', 'index.html'))).toBe(true);
    expect(readFileSync(join(dir, 'full', 'index.html'), 'utf8')).toContain('</html>');
  });

  it('with --json prints exactly the report on stdout and the progress on stderr', async () => {
    const r = await runCli(['run', '--json', '--only', 'log-group,metric-filter', '--report-dir', join(dir, 'json')]);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed).toEqual(JSON.parse(readFileSync(join(dir, 'json', 'report.json'), 'utf8')));
    expect(ctrfProblems(printed)).toEqual([]);
    expect(printed.results.tests.map((t: any) => [t.extra.stepId, t.status])).toEqual([
      ['log-group', 'passed'],
      ['metric-filter', 'passed'],
    ]);
    expect(r.stderr).toMatch(/▶ log-group/);
    expect(r.stderr).toMatch(/Creating metric filter dest-port-22-rejects/);
    expect(r.stderr).toMatch(/2 passed in/);
  });
});

describe('the CTRF validator of this test', () => {
  it('rejects what the schema rejects', () => {
    const good = JSON.parse(readFileSync(join(dir, 'full', 'report.json'), 'utf8'));
    const broken = structuredClone(good);
    broken.specVersion = '1.0';
    broken.results.summary.duration = 1.5;
    broken.results.tests[0].status = 'unsupported';
    broken.results.tests[1].verdict = 'passed';
    delete broken.results.tests[2].name;
    expect(ctrfProblems(broken)).toEqual([
      'specVersion "1.0" is not MAJOR.MINOR.PATCH.',
      'results.summary.duration is 1.5, not an integer.',
      'results.tests[0].status "unsupported" is not one of passed, failed, skipped, pending, other.',
      'results.tests[1] has the property verdict, which the schema does not allow.',
      'results.tests[2] lacks the required name.',
    ]);
  });
});
