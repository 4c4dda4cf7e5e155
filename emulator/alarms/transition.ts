import type { MonitoringState } from '../services/monitoring/types';
import type { AlarmHistoryItem, AlarmNotification, AlarmStateValue, StoredAlarm } from './types';
import { buildAlarmNotification } from './notification';
import { javaIsoDate } from './java-format';

/** CloudWatch keeps alarm history for two weeks (spec §6). */
const HISTORY_MS = 14 * 24 * 3600 * 1000;

/** Appends a history item, dropping items older than two weeks. */
export function appendHistory(state: MonitoringState, item: AlarmHistoryItem): void {
  state.history.push(item);
  const cutoff = item.Timestamp - HISTORY_MS;
  if (state.history.length > 0 && state.history[0].Timestamp < cutoff) state.history = state.history.filter((h) => h.Timestamp >= cutoff);
}

/**
 * Moves an alarm to a new state: records the StateUpdate history item (`Alarm updated from X to
 * Y`) and, on a real transition with ActionsEnabled, an Action item per SNS action of the new
 * state. Returns the notifications to publish. CloudWatch does not validate action ARNs; actions
 * that are not SNS topics (Auto Scaling, EC2, SSM) are not emulated and are skipped.
 */
export function applyTransition(
  state: MonitoringState,
  alarm: StoredAlarm,
  newState: AlarmStateValue,
  reason: string,
  reasonData: string | undefined,
  nowMs: number,
): AlarmNotification[] {
  const old = { stateValue: alarm.StateValue, stateReason: alarm.StateReason, stateReasonData: parseOrUndefined(alarm.StateReasonData) };
  const changed = alarm.StateValue !== newState;
  alarm.StateValue = newState;
  alarm.StateReason = reason;
  alarm.StateReasonData = reasonData || undefined;
  alarm.StateUpdatedTimestamp = nowMs;
  if (!changed) return [];
  alarm.StateTransitionedTimestamp = nowMs;
  appendHistory(state, {
    AlarmName: alarm.AlarmName,
    AlarmType: 'MetricAlarm',
    Timestamp: nowMs,
    HistoryItemType: 'StateUpdate',
    HistorySummary: `Alarm updated from ${old.stateValue} to ${newState}`,
    HistoryData: JSON.stringify({
      version: '1.0',
      oldState: old,
      newState: { stateValue: newState, stateReason: reason, stateReasonData: parseOrUndefined(alarm.StateReasonData) },
    }),
  });
  if (!alarm.ActionsEnabled) return [];
  const actions = newState === 'ALARM' ? alarm.AlarmActions : newState === 'OK' ? alarm.OKActions : alarm.InsufficientDataActions;
  const notes: AlarmNotification[] = [];
  for (const arn of actions) {
    if (!/^arn:[^:]+:sns:/.test(arn)) continue;
    const note = buildAlarmNotification(alarm, old.stateValue, arn);
    notes.push(note);
    appendHistory(state, {
      AlarmName: alarm.AlarmName,
      AlarmType: 'MetricAlarm',
      Timestamp: nowMs,
      HistoryItemType: 'Action',
      HistorySummary: `Successfully executed action ${arn}`,
      HistoryData: JSON.stringify({ actionState: 'Succeeded', stateUpdateTimestamp: nowMs, notificationResource: arn, publishedMessage: note.message }),
    });
  }
  return notes;
}

/** Records that publishing an action's notification failed (the topic is gone, for instance). */
export function recordActionFailure(state: MonitoringState, alarmName: string, arn: string, error: string, nowMs: number): void {
  appendHistory(state, {
    AlarmName: alarmName,
    AlarmType: 'MetricAlarm',
    Timestamp: nowMs,
    HistoryItemType: 'Action',
    HistorySummary: `Failed to execute action ${arn}. Received error: "${error}"`,
    HistoryData: JSON.stringify({ actionState: 'Failed', stateUpdateTimestamp: nowMs, notificationResource: arn, error, at: javaIsoDate(nowMs) }),
  });
}

function parseOrUndefined(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
