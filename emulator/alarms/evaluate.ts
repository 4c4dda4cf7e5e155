import type { AlarmEvaluation, PeriodDatapoint, StoredAlarm, TreatMissingData } from './types';
import { evaluationWindow, type EvaluationWindow } from './window';
import { insufficientReason, reasonData, thresholdReason, type Slot } from './reason';

/** The breach test, statistic value on the left (spec §6); undefined for operators that need metric math. */
export function breaches(operator: string, value: number, threshold: number): boolean | undefined {
  switch (operator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
    default:
      return undefined;
  }
}

/** The outcome before it is put into words. */
type Decision =
  | { kind: 'threshold'; state: 'ALARM' | 'OK'; evaluated: Slot[]; filled: Slot[]; fillAs?: 'Breaching' | 'NonBreaching' }
  | { kind: 'insufficient'; unknown: number; filled: Slot[] }
  | { kind: 'keep' };

/**
 * Evaluates an alarm at `nowMs` from its per-period datapoints (spec §6): M of N over an
 * evaluation range of N + 2 periods, the missing-data treatments of AWS's two tables and the
 * premature-alarm rule. Pure: the caller stores the result. `windowAtMs` (default `nowMs`) is the
 * moment the window is computed for; the fast profile closes the current minute early with it,
 * while StateReasonData's queryDate stays `nowMs`.
 */
export function evaluateAlarm(alarm: StoredAlarm, datapoints: PeriodDatapoint[], nowMs: number, windowAtMs = nowMs): AlarmEvaluation {
  const keep = (): AlarmEvaluation => ({ newState: alarm.StateValue, reason: alarm.StateReason, reasonData: alarm.StateReasonData ?? '', changed: false });
  if (alarm.Threshold === undefined || breaches(alarm.ComparisonOperator, 0, alarm.Threshold) === undefined) return keep();
  const window = evaluationWindow(alarm, windowAtMs);
  const slots = buildSlots(alarm, window, datapoints);
  const decision = decide(alarm, slots);
  if (decision.kind === 'keep') return keep();
  const data = reasonData(alarm, window, nowMs, slots, decision.kind === 'threshold' ? decision.evaluated : [], decision.filled);
  if (decision.kind === 'insufficient') {
    return { newState: 'INSUFFICIENT_DATA', reason: insufficientReason(decision.unknown), reasonData: data, changed: alarm.StateValue !== 'INSUFFICIENT_DATA' };
  }
  const reason = thresholdReason(alarm, decision.state, decision.evaluated, decision.filled.length, decision.fillAs);
  return { newState: decision.state, reason, reasonData: data, changed: alarm.StateValue !== decision.state };
}

// One slot per period of the range, oldest first; a datapoint outside the range is ignored.
function buildSlots(alarm: StoredAlarm, w: EvaluationWindow, datapoints: PeriodDatapoint[]): Slot[] {
  const slots: Slot[] = [];
  for (let k = 0; k < w.periods; k++) slots.push({ timestampMs: w.startMs + k * w.periodMs, age: w.periods - k });
  for (const dp of datapoints) {
    const k = Math.floor((dp.timestampMs - w.startMs) / w.periodMs);
    if (k < 0 || k >= w.periods || !Number.isFinite(dp.value)) continue;
    slots[k].value = dp.value;
    slots[k].sampleCount = dp.sampleCount;
    slots[k].breaching = breaches(alarm.ComparisonOperator, dp.value, alarm.Threshold as number) === true;
  }
  return slots;
}

function decide(alarm: StoredAlarm, slots: Slot[]): Decision {
  const n = alarm.EvaluationPeriods;
  const m = alarm.DatapointsToAlarm ?? n;
  const treat = (alarm.TreatMissingData ?? 'missing') as TreatMissingData;
  const real = slots.filter((s) => s.value !== undefined).reverse(); // newest first
  const missingSlots = slots.filter((s) => s.value === undefined).reverse();

  // Enough real datapoints: the newest N decide and TreatMissingData plays no part.
  if (real.length >= n) {
    const evaluated = real.slice(0, n);
    const breaching = evaluated.filter((s) => s.breaching).length;
    return { kind: 'threshold', state: breaching >= m ? 'ALARM' : 'OK', evaluated, filled: [] };
  }

  // Too few: every real point counts, and as few filled points as possible make up N.
  const filled = missingSlots.slice(0, n - real.length);
  const realBreaching = real.filter((s) => s.breaching).length;
  if (treat === 'breaching' || treat === 'notBreaching') {
    const breaching = realBreaching + (treat === 'breaching' ? filled.length : 0);
    const fillAs = treat === 'breaching' ? 'Breaching' : 'NonBreaching';
    return { kind: 'threshold', state: breaching >= m ? 'ALARM' : 'OK', evaluated: real, filled, fillAs };
  }

  // 'missing' and 'ignore': filled points are unknown. 'ignore' behaves like 'missing' except that
  // whatever only missing data would decide (INSUFFICIENT_DATA, the premature alarm) keeps the state.
  if (real.length === 0) return treat === 'ignore' ? { kind: 'keep' } : { kind: 'insufficient', unknown: n, filled };
  if (realBreaching >= m) return { kind: 'threshold', state: 'ALARM', evaluated: real, filled: [] };
  if (real.some((s) => !s.breaching)) return { kind: 'threshold', state: 'OK', evaluated: real, filled: [] };
  // Only breaching points, fewer than M. Premature-alarm rule: ALARM once the oldest of them is at
  // least M periods old (every newer point is breaching or missing by construction here).
  const oldest = real[real.length - 1];
  if (oldest.age >= m) return treat === 'ignore' ? { kind: 'keep' } : { kind: 'threshold', state: 'ALARM', evaluated: real, filled: [] };
  // Not established by AWS: a breach too recent for the rule. We wait (keep the state) until it
  // ages to M periods or a non-breaching point arrives, which is the rule's stated intent.
  return { kind: 'keep' };
}

