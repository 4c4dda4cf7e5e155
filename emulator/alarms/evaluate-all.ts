import type { MonitoringState } from '../services/monitoring/types';
import { alarmDatapoints, listAlarms } from '../services/monitoring/store';
import type { AlarmNotification } from './types';
import { evaluateAlarm } from './evaluate';
import { evaluationWindow } from './window';
import { applyTransition } from './transition';

/**
 * Evaluates every alarm of one account and region at `nowMs`, applies the transitions (state,
 * reason, StateUpdate history) and returns the SNS notifications to publish. Pure with respect to
 * time: the caller (the alarm engine's tick, a test) decides when, and hands the notifications to
 * `deliverAlarmNotifications`, which publishes them and records the Action history items.
 * `evaluateAtMs` is the moment the evaluation window is computed for (the fast profile passes the
 * end of the current minute, so a datapoint counts at once instead of when its minute completes);
 * state changes are still stamped `nowMs`.
 */
export function evaluateAllAlarms(state: MonitoringState, nowMs: number, evaluateAtMs = nowMs): AlarmNotification[] {
  const notes: AlarmNotification[] = [];
  for (const alarm of listAlarms(state)) {
    const w = evaluationWindow(alarm, evaluateAtMs);
    const result = evaluateAlarm(alarm, alarmDatapoints(state, alarm, w.startMs, w.endMs), nowMs, evaluateAtMs);
    if (!result.changed) continue;
    notes.push(...applyTransition(state, alarm, result.newState, result.reason, result.reasonData, nowMs));
  }
  return notes;
}
