// labwright/jest: a lab as a jest `describe` with one `test` per step. Plain JavaScript so a course
// repository's jest loads it without transforming labwright's sources.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

/**
 * Turns a lab into a jest `describe` with one `test` per step, in lab order. The lab runs once,
 * through the real CLI (`labwright run <lab> --json`, in the current directory, so a course
 * repository's own `scenarios/` are found), while jest collects the file; each step's test then
 * reports its verdict. Jest times a test by its body, which only reads the report, so the names say
 * it honestly: the describe title says the run happened before the tests, and each test's name
 * carries the time its step took in the run. A step skipped after a failure is reported skipped, not as a cascade of
 * errors; `unsupported` and `pending` steps are skipped with their reason in the name. A run that
 * broke (provisioning, interruption, teardown) fails its suite, never a row of skips.
 */
function describeLab(labId, opts = {}) {
  const cli = join(__dirname, '..', 'bin', 'labwright.js');
  const started = Date.now();
  const proc = spawnSync(process.execPath, [cli, 'run', labId, '--json', ...(opts.args ?? [])], {
    encoding: 'utf8',
    cwd: opts.cwd ?? process.cwd(),
    timeout: opts.timeoutMs ?? 3_600_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...opts.env, NO_COLOR: '1' },
  });
  let tests;
  let broken = [];
  let problem;
  try {
    const results = JSON.parse(proc.stdout).results;
    tests = results.tests;
    broken = (results.extra && results.extra.problems) || [];
  } catch {
    problem = `labwright run ${labId} exited ${proc.status ?? proc.signal} without a report: ${(proc.stderr || (proc.error && proc.error.message) || '').trim().split('\n').slice(-5).join(' | ')}`;
  }
  describe(`${labId} (labwright run ran before these tests, ${seconds(Date.now() - started)}; each test names its step's time in the run)`, () => {
    if (!tests) {
      test('the lab produced a report', () => {
        throw new Error(problem);
      });
      return;
    }
    const cutShort = new Set(broken.flatMap((b) => b.steps ?? []));
    for (const b of broken.filter((b) => !(b.kind === 'interrupted' && b.steps && b.steps.length))) {
      test(`run: ${b.kind}`, () => {
        throw new Error(b.message);
      });
    }
    for (const t of tests) {
      const name = `${t.extra.stepId}: ${t.name} [${seconds(t.duration)} in the run]`;
      if (cutShort.has(t.extra.stepId)) {
        test(name, () => {
          throw new Error(broken.find((b) => b.steps && b.steps.includes(t.extra.stepId)).message);
        });
      } else if (t.status === 'passed') test(name, () => expect(t.extra.verdict).toBe('passed'));
      else if (t.status === 'failed') {
        test(name, () => {
          throw new Error([t.extra.summary, t.extra.hint && `hint: ${t.extra.hint}`, t.extra.detail && `detail: ${t.extra.detail}`].filter(Boolean).join('\n'));
        });
      } else {
        // "skipped: Skipped: …" says it twice: the verdict leads only when the summary does not already.
        const why = t.extra.summary.toLowerCase().startsWith(t.extra.verdict) ? t.extra.summary : `${t.extra.verdict}: ${t.extra.summary}`;
        test.skip(`${name} (${why})`, () => {});
      }
    }
  });
}

/** "12.3s" for a duration in ms. */
function seconds(ms) {
  return `${Math.round((Number(ms) || 0) / 100) / 10}s`;
}

module.exports = { describeLab };
