import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { RunProblem } from './model';

/** What `describeLab` runs. */
export interface LabSuiteOptions {
  /** Extra CLI flags for `labwright run` (target, endpoint, region, --only, --report-dir…). */
  args?: string[];
  /** Kill the run after this long (default 60 minutes: a real account takes ~30). */
  timeoutMs?: number;
  /** Environment for the run (credentials, LABWRIGHT_CLIENT_IP…). */
  env?: NodeJS.ProcessEnv;
}

interface ReportTest {
  name: string;
  status: string;
  message?: string;
  extra: { stepId: string; verdict: string; summary: string; hint?: string; detail?: string };
}

/**
 * Turns a lab into a jest `describe` with one `test` per step, in lab order. The lab runs once,
 * through the real CLI (`labwright run --json`), while jest collects the file; each step's test
 * then reports its verdict. A step skipped after a failure is reported skipped, not as a cascade
 * of errors; `unsupported` and `pending` steps are skipped with their reason in the name.
 */
export function describeLab(labId: string, opts: LabSuiteOptions = {}): void {
  const cli = join(__dirname, '..', 'bin', 'labwright.js');
  const started = Date.now();
  const proc = spawnSync(process.execPath, [cli, 'run', labId, '--json', ...(opts.args ?? [])], {
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 3_600_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...opts.env, NO_COLOR: '1' },
  });
  let tests: ReportTest[] | undefined;
  let broken: RunProblem[] = [];
  let problem: string | undefined;
  try {
    const results = JSON.parse(proc.stdout).results;
    tests = results.tests as ReportTest[];
    broken = (results.extra?.problems ?? []) as RunProblem[];
  } catch {
    problem = `labwright run ${labId} exited ${proc.status ?? proc.signal} without a report: ${(proc.stderr || proc.error?.message || '').trim().split('\n').slice(-5).join(' | ')}`;
  }
  describe(`${labId} (labwright run, ${Math.round((Date.now() - started) / 100) / 10}s)`, () => {
    if (!tests) {
      test('the lab produced a report', () => {
        throw new Error(problem);
      });
      return;
    }
    // A run that broke (provisioning, interruption, teardown) fails its suite, never a row of skips.
    const cutShort = new Set(broken.flatMap((b) => b.steps ?? []));
    for (const b of broken.filter((b) => !(b.kind === 'interrupted' && b.steps?.length))) {
      test(`run: ${b.kind}`, () => {
        throw new Error(b.message);
      });
    }
    for (const t of tests) {
      const name = `${t.extra.stepId}: ${t.name}`;
      if (cutShort.has(t.extra.stepId)) {
        test(name, () => {
          throw new Error(broken.find((b) => b.steps?.includes(t.extra.stepId))!.message);
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
