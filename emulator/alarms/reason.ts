import type { StoredAlarm } from './types';
import type { EvaluationWindow } from './window';
import { JavaDouble, javaDouble, javaIsoDate, javaJson, reasonDate } from './java-format';

/** One period of the evaluation range; `age` is 1 for the newest period. */
export interface Slot {
  timestampMs: number;
  age: number;
  value?: number;
  sampleCount?: number;
  breaching?: boolean;
}

const OPERATOR_PHRASE: Record<string, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const wasWere = (n: number) => (n === 1 ? 'was' : 'were');

/**
 * AWS's `Threshold Crossed: …` text (spec §6): `1 out of the last 1 datapoints [1.0 (28/11/26
 * 21:54:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM
 * transition).` It lists the datapoints that voted for the new state, newest first; filled missing
 * points are named as `treated as [Breaching]` / `[NonBreaching]`. The combined real-plus-filled
 * wording is our choice (AWS only shows the all-missing form).
 */
export function thresholdReason(
  alarm: StoredAlarm,
  to: 'ALARM' | 'OK',
  evaluated: Slot[],
  filled: number,
  fillAs?: 'Breaching' | 'NonBreaching',
): string {
  const n = alarm.EvaluationPeriods;
  const m = alarm.DatapointsToAlarm ?? n;
  const minimum = to === 'ALARM' ? m : n - m + 1;
  const tail = ` (minimum ${plural(minimum, 'datapoint')} for ${alarm.StateValue} -> ${to} transition).`;
  const fillCounts = filled > 0 && fillAs === (to === 'ALARM' ? 'Breaching' : 'NonBreaching');
  const fillText = `${plural(filled, 'missing datapoint')} ${wasWere(filled)} treated as [${fillAs}]`;
  if (evaluated.length === 0 && fillCounts) {
    return `Threshold Crossed: no datapoints were received for ${plural(filled, 'period')} and ${fillText}.`;
  }
  const voters = evaluated.filter((s) => (to === 'ALARM' ? s.breaching : !s.breaching));
  if (voters.length === 0 && fillCounts) return `Threshold Crossed: ${fillText}${tail}`;
  const list = voters.map((s) => `${javaDouble(s.value as number)} (${reasonDate(s.timestampMs)})`).join(', ');
  const phrase = `${to === 'OK' ? 'not ' : ''}${OPERATOR_PHRASE[alarm.ComparisonOperator]}`;
  const head = `Threshold Crossed: ${voters.length} out of the last ${evaluated.length} datapoints [${list}] ${wasWere(voters.length)} ${phrase} the threshold (${javaDouble(alarm.Threshold as number)})`;
  return `${head}${fillCounts ? ` and ${fillText}` : ''}${tail}`;
}

/** `Insufficient Data: 1 datapoint was unknown.` */
export function insufficientReason(unknown: number): string {
  return `Insufficient Data: ${plural(unknown, 'datapoint')} ${wasWere(unknown)} unknown.`;
}

/**
 * StateReasonData JSON: version, queryDate, startDate, (unit), statistic, period,
 * recentDatapoints (oldest first), threshold, evaluatedDatapoints (newest first; a filled missing
 * point has only its timestamp).
 */
export function reasonData(alarm: StoredAlarm, w: EvaluationWindow, nowMs: number, slots: Slot[], evaluated: Slot[], filled: Slot[]): string {
  const evaluatedPoints = [
    ...evaluated.map((s) => ({ timestamp: s.timestampMs, sampleCount: new JavaDouble(s.sampleCount ?? 0), value: new JavaDouble(s.value as number) })),
    ...filled.map((s) => ({ timestamp: s.timestampMs })),
  ]
    .sort((a, b) => b.timestamp - a.timestamp)
    .map((p) => ({ ...p, timestamp: javaIsoDate(p.timestamp) }));
  return javaJson({
    version: '1.0',
    queryDate: javaIsoDate(nowMs),
    startDate: javaIsoDate(w.startMs),
    unit: alarm.Unit,
    statistic: alarm.Statistic ?? alarm.ExtendedStatistic,
    period: alarm.Period,
    recentDatapoints: slots.filter((s) => s.value !== undefined).map((s) => new JavaDouble(s.value as number)),
    threshold: new JavaDouble(alarm.Threshold as number),
    evaluatedDatapoints: evaluatedPoints,
  });
}
