// What a run on the emulator's aws profile predicts for a real account: every delay of that profile
// is AWS's × the time scale F, so wall time ÷ F ≈ the time the same run takes on AWS.
import type { RunRecord, StepRecord } from './model';

/** The time profile a run ran under (absent: the target has none, e.g. a real account). */
export interface RunTimeProfile {
  name: string;
  timeScale: number;
}

/** Whether a run's wall time says something about AWS: only the aws profile models AWS's delays. */
export function predictsAws(profile: RunTimeProfile | undefined): profile is RunTimeProfile {
  return profile?.name === 'aws' && profile.timeScale > 0;
}

/** A duration measured on the aws profile, as it would be on AWS (ms ÷ F); undefined off that profile. */
export function awsEquivalentMs(ms: number, profile: RunTimeProfile | undefined): number | undefined {
  return predictsAws(profile) ? Math.round(ms / profile.timeScale) : undefined;
}

/** The run's wall time as it would be on AWS, or undefined when the run did not use the aws profile. */
export function runAwsEquivalentMs(run: Pick<RunRecord, 'startedAt' | 'finishedAt' | 'timeProfile'>): number | undefined {
  return awsEquivalentMs(run.finishedAt - run.startedAt, run.timeProfile);
}

/** A step's duration and wait as they would be on AWS. */
export function stepAwsEquivalent(step: StepRecord, profile: RunTimeProfile | undefined): { durationMs: number; waitedMs: number } | undefined {
  if (!predictsAws(profile)) return undefined;
  return { durationMs: awsEquivalentMs(step.finishedAt - step.startedAt, profile)!, waitedMs: awsEquivalentMs(step.waitedMs, profile)! };
}

/** "≈ 23 min on AWS" (minutes, or seconds under two minutes). */
export function formatAwsEquivalent(ms: number): string {
  return ms < 120_000 ? `≈ ${Math.round(ms / 1000)} s on AWS` : `≈ ${Math.round(ms / 60_000)} min on AWS`;
}

/**
 * The critical path of a run: from the step that finished last, back through the need that finished
 * last each time (the one it actually waited for). Steps in run order.
 */
export function criticalPath(steps: StepRecord[], needsOf: (stepId: string) => string[]): StepRecord[] {
  const byId = new Map(steps.map((s) => [s.stepId, s]));
  const path: StepRecord[] = [];
  let current = [...steps].sort((a, b) => b.finishedAt - a.finishedAt)[0];
  while (current) {
    path.unshift(current);
    const needs = needsOf(current.stepId).map((id) => byId.get(id)).filter((s): s is StepRecord => Boolean(s));
    current = needs.sort((a, b) => b.finishedAt - a.finishedAt)[0];
  }
  return path;
}
