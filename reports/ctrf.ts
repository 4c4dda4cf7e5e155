import { redactDeep } from '../core/redact';
import { runAwsEquivalentMs, stepAwsEquivalent } from '../runner/aws-equivalent';
import type { RunProblem, RunRecord, StepRecord, Verdict } from '../runner/model';

/** CTRF test status for a verdict (architecture §4): unsupported and cant-verify map to `other`. */
export function statusOf(verdict: Verdict): 'passed' | 'failed' | 'skipped' | 'pending' | 'other' {
  switch (verdict) {
    case 'passed':
    case 'failed':
    case 'skipped':
    case 'pending':
      return verdict;
    default:
      return 'other';
  }
}

/** One CTRF test, as the report contract shapes it. */
export interface CtrfTest {
  name: string;
  status: ReturnType<typeof statusOf>;
  duration: number;
  start: number;
  stop: number;
  message?: string;
  extra: {
    stepId: string;
    verdict: Verdict;
    summary: string;
    hint?: string;
    detail?: string;
    evidence: unknown[];
    waitedMs: number;
    attempts: number;
    apiCalls: number;
    /** Under the aws profile: the step's duration and wait ÷ timeScale, as they would be on AWS. */
    awsEquivalentMs?: number;
    awsEquivalentWaitedMs?: number;
  };
}

/** The report document: valid CTRF with labwright's detail in `extra`. */
export interface CtrfReport {
  reportFormat: 'CTRF';
  specVersion: string;
  generatedBy: string;
  timestamp: string;
  results: {
    tool: { name: 'labwright'; version: string };
    summary: { tests: number; passed: number; failed: number; skipped: number; pending: number; other: number; start: number; stop: number; duration: number };
    tests: CtrfTest[];
    extra: {
      lab: string;
      target: string;
      runId: string;
      region: string;
      endpoint?: string;
      capabilities: string[];
      startedAt: string;
      finishedAt: string;
      /** What broke the run as a whole (provisioning, interruption, teardown); absent when nothing did. */
      problems?: RunProblem[];
      /** The emulator's time profile and scale, when the target has one. */
      timeProfile?: string;
      timeScale?: number;
      /** Under the aws profile: the run's wall time ÷ timeScale, what the same run takes on AWS. */
      awsEquivalentMs?: number;
    };
  };
}

function testOf(step: StepRecord, profile: RunRecord['timeProfile']): CtrfTest {
  const onAws = stepAwsEquivalent(step, profile);
  const r = step.result;
  const test: CtrfTest = {
    name: step.title,
    status: statusOf(r.verdict),
    duration: Math.max(0, Math.round(step.finishedAt - step.startedAt)),
    start: Math.round(step.startedAt),
    stop: Math.round(step.finishedAt),
    extra: {
      stepId: step.stepId,
      verdict: r.verdict,
      summary: r.summary,
      ...(r.hint !== undefined ? { hint: r.hint } : {}),
      ...(r.detail !== undefined ? { detail: r.detail } : {}),
      evidence: r.evidence,
      waitedMs: Math.round(step.waitedMs),
      attempts: step.attempts,
      apiCalls: step.apiCalls,
      ...(onAws ? { awsEquivalentMs: onAws.durationMs, awsEquivalentWaitedMs: onAws.waitedMs } : {}),
    },
  };
  if (r.verdict !== 'passed') test.message = r.hint ? `${r.summary} ${r.hint}` : r.summary;
  return test;
}

/** Renders the run record as the report JSON of the contract; every string is redacted. */
export function toCtrf(run: RunRecord, version: string): CtrfReport {
  const tests = run.steps.map((s) => testOf(s, run.timeProfile));
  const awsMs = runAwsEquivalentMs(run);
  const count = (s: CtrfTest['status']) => tests.filter((t) => t.status === s).length;
  const report: CtrfReport = {
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    generatedBy: `labwright ${version}`,
    timestamp: new Date(run.finishedAt).toISOString(),
    results: {
      tool: { name: 'labwright', version },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: count('pending'),
        other: count('other'),
        start: Math.round(run.startedAt),
        stop: Math.round(run.finishedAt),
        duration: Math.max(0, Math.round(run.finishedAt - run.startedAt)),
      },
      tests,
      extra: {
        lab: run.lab,
        target: run.target,
        runId: run.runId,
        region: run.region,
        ...(run.endpoint ? { endpoint: run.endpoint } : {}),
        capabilities: [...run.capabilities],
        startedAt: new Date(run.startedAt).toISOString(),
        finishedAt: new Date(run.finishedAt).toISOString(),
        ...(run.problems?.length ? { problems: run.problems.map((p) => ({ ...p })) } : {}),
        ...(run.timeProfile ? { timeProfile: run.timeProfile.name, timeScale: run.timeProfile.timeScale } : {}),
        ...(awsMs !== undefined ? { awsEquivalentMs: awsMs } : {}),
      },
    },
  };
  return redactDeep(report);
}

/** The problems of a report's run (empty when the run itself went through). */
export function problemsOf(report: CtrfReport): RunProblem[] {
  return report.results.extra.problems ?? [];
}
