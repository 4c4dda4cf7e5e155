import type { StoredAlarm } from './types';

/** The periods an evaluation looks at, oldest first. */
export interface EvaluationWindow {
  periodMs: number;
  /** How many periods the range holds (see `evaluationRange`). */
  periods: number;
  startMs: number;
  /** Exclusive end: the start of the current, still incomplete, minute (or period when < 60 s). */
  endMs: number;
}

/**
 * How many periods an evaluation retrieves. AWS only says the range is larger than N ("5 when
 * N = 3", spec §6); we take N + 2 for every N, which reproduces both documented tables and, for
 * N = 1 (the lab), keeps a sparse metric's last datapoint visible for three periods as AWS does.
 */
export function evaluationRange(evaluationPeriods: number): number {
  return evaluationPeriods + 2;
}

/**
 * The evaluation window at `nowMs`. AWS evaluates completed minutes only: a query at 17:04:40 of a
 * 300 s alarm covers 16:59:00–17:04:00 (the observed StateReasonData), so the window ends at the
 * current minute (or high-resolution period) boundary, not at a multiple of the period.
 */
export function evaluationWindow(alarm: Pick<StoredAlarm, 'Period' | 'EvaluationPeriods'>, nowMs: number): EvaluationWindow {
  const periodMs = (alarm.Period ?? 60) * 1000;
  const align = Math.min(periodMs, 60_000);
  const endMs = Math.floor(nowMs / align) * align;
  const periods = evaluationRange(alarm.EvaluationPeriods);
  return { periodMs, periods, startMs: endMs - periods * periodMs, endMs };
}
