// labwright/jest: a lab as a jest `describe` with one `test` per step. Plain JavaScript so a course
// repository's jest loads it without transforming labwright's sources.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

/**
 * Turns a lab into a jest `describe` with one `test` per step, in lab order. The lab runs once,
 * through the real CLI (`labwright run <lab> --json`, in the current directory, so a course
 * repository's own `scenarios/` are found), while jest collects the file; each step's test then
 * reports its verdict. A step skipped after a failure is reported skipped, not as a cascade of
 * errors; `unsupported` and `pending` steps are skipped with their reason in the name.
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
  let problem;
  try {
    tests = JSON.parse(proc.stdout).results.tests;
  } catch {
    problem = `labwright run ${labId} exited ${proc.status ?? proc.signal} without a report: ${(proc.stderr || (proc.error && proc.error.message) || '').trim().split('\n').slice(-5).join(' | ')}`;
  }
  describe(`${labId} (labwright run, ${Math.round((Date.now() - started) / 100) / 10}s)`, () => {
    if (!tests) {
      test('the lab produced a report', () => {
        throw new Error(problem);
      });
      return;
    }
    for (const t of tests) {
      const name = `${t.extra.stepId}: ${t.name}`;
      if (t.status === 'passed') test(name, () => expect(t.extra.verdict).toBe('passed'));
      else if (t.status === 'failed') {
        test(name, () => {
          throw new Error([t.extra.summary, t.extra.hint && `hint: ${t.extra.hint}`, t.extra.detail && `detail: ${t.extra.detail}`].filter(Boolean).join('\n'));
        });
      } else test.skip(`${name} (${t.extra.verdict}: ${t.extra.summary})`, () => {});
    }
  });
}

module.exports = { describeLab };
