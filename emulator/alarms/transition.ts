import type { MonitoringState } from '../services/monitoring/types';
import type { AlarmHistoryItem, AlarmNotification, AlarmStateValue, StoredAlarm } from './types';
import { buildAlarmNotification } from './notification';

/** CloudWatch keeps alarm history for two weeks (spec §6). */
const HISTORY_MS = 14 * 24 * 3600 * 1000;

/** Appends a history item, dropping items older than two weeks. */
export function appendHistory(state: MonitoringState, item: AlarmHistoryItem): void {
  state.history.push(item);
  const cutoff = item.Timestamp - HISTORY_MS;
  if (state.history.length > 0 && state.history[0].Timestamp < cutoff) state.history = state.history.filter((h) => h.Timestamp >= cutoff);
}

/**
 * Moves an alarm to a new state and records the StateUpdate history item (`Alarm updated from X
 * to Y`). On a real transition with ActionsEnabled, returns one notification per SNS action of the
 * new state (give them to `deliverAlarmNotifications`). CloudWatch does not validate action ARNs;
 * actions that are not SNS topics (Auto Scaling, EC2, SSM) are not emulated and are skipped.
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
  return actions.filter((arn) => /^arn:[^:]+:sns:/.test(arn)).map((arn) => buildAlarmNotification(alarm, old.stateValue, arn));
}

/**
 * Publishes transition notifications with `publish` (which returns a message id, or undefined when
 * the topic does not exist) and records one Action history item per action, as AWS does.
 */
export function deliverAlarmNotifications(
  state: MonitoringState,
  notes: AlarmNotification[],
  publish: (note: AlarmNotification) => string | undefined,
  nowMs: number,
): void {
  for (const note of notes) {
    let error: string | undefined;
    try {
      if (publish(note) === undefined) error = `Resource: ${note.topicArn} not found.`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (error === undefined) {
      appendHistory(state, {
        AlarmName: note.alarmName,
        AlarmType: 'MetricAlarm',
        Timestamp: nowMs,
        HistoryItemType: 'Action',
        HistorySummary: `Successfully executed action ${note.topicArn}`,
        HistoryData: JSON.stringify({ actionState: 'Succeeded', stateUpdateTimestamp: nowMs, notificationResource: note.topicArn, publishedMessage: note.message }),
      });
    } else {
      recordActionFailure(state, note.alarmName, note.topicArn, error, nowMs);
    }
  }
}

// Records that publishing an action's notification failed (the topic is gone, for instance).
function recordActionFailure(state: MonitoringState, alarmName: string, arn: string, error: string, nowMs: number): void {
  appendHistory(state, {
    AlarmName: alarmName,
    AlarmType: 'MetricAlarm',
    Timestamp: nowMs,
    HistoryItemType: 'Action',
    HistorySummary: `Failed to execute action ${arn}. Received error: "${error}"`,
    HistoryData: JSON.stringify({ actionState: 'Failed', stateUpdateTimestamp: nowMs, notificationResource: arn, error }),
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
