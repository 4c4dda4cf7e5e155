import { evaluateAllAlarms } from '../../emulator/alarms/evaluate-all';
import { buildAlarmNotification } from '../../emulator/alarms/notification';
import { deliverAlarmNotifications } from '../../emulator/alarms/transition';
import { regionLongName } from '../../core/region-names';
import type { StoredAlarm } from '../../emulator/alarms/types';
import { createMonitoringState, putDatapointInternal } from '../../emulator/services/monitoring/store';
import { storedLabAlarm } from '../fixtures/lab-alarm';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 28, 21, 54, 0);
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:Default_CloudWatch_Alarms_Topic';

function labAlarm(over: Partial<StoredAlarm> = {}): StoredAlarm {
  const created = T0 - 10 * MIN;
  return storedLabAlarm({
    AlarmActions: [TOPIC],
    StateUpdatedTimestamp: created,
    StateTransitionedTimestamp: created,
    AlarmConfigurationUpdatedTimestamp: created,
    accountId: '123456789012',
    ...over,
  });
}

describe('buildAlarmNotification', () => {
  it('builds the subject and the JSON message AWS sends to SNS', () => {
    const a = labAlarm({ StateValue: 'ALARM', StateReason: 'Threshold Crossed: …', StateUpdatedTimestamp: T0 + 5_123 });
    const note = buildAlarmNotification(a, 'INSUFFICIENT_DATA', TOPIC);
    expect(note.subject).toBe('ALARM: "SSH rejects" in US East (N. Virginia)');
    expect(note.topicArn).toBe(TOPIC);
    expect(note.message).toContain('"Threshold":1.0,');
    const msg = JSON.parse(note.message);
    expect(msg).toEqual({
      AlarmName: 'SSH rejects',
      AlarmDescription: null,
      AWSAccountId: '123456789012',
      AlarmConfigurationUpdatedTimestamp: '2026-11-28T21:44:00.000+0000',
      NewStateValue: 'ALARM',
      NewStateReason: 'Threshold Crossed: …',
      StateChangeTime: '2026-11-28T21:54:05.123+0000',
      Region: 'US East (N. Virginia)',
      AlarmArn: a.AlarmArn,
      OldStateValue: 'INSUFFICIENT_DATA',
      OKActions: [],
      AlarmActions: [TOPIC],
      InsufficientDataActions: [],
      Trigger: {
        MetricName: 'SSH Rejects',
        Namespace: 'vpcflowlogs',
        StatisticType: 'Statistic',
        Statistic: 'SUM',
        Unit: null,
        Dimensions: [],
        Period: 60,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        TreatMissingData: 'missing',
        EvaluateLowSampleCountPercentile: '',
      },
    });
  });

  it('names other regions by their long names', () => {
    expect(regionLongName('eu-west-1')).toBe('EU (Ireland)');
    const note = buildAlarmNotification(labAlarm({ region: 'us-west-2', StateValue: 'OK', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }), 'ALARM', TOPIC);
    expect(note.subject).toBe('OK: "SSH rejects" in US West (Oregon)');
    expect(JSON.parse(note.message).Trigger.Dimensions).toEqual([{ value: 'i-1', name: 'InstanceId' }]);
  });
});

describe('evaluateAllAlarms', () => {
  it('moves the lab alarm to ALARM on a reject, records history and returns one notification', () => {
    const state = createMonitoringState();
    state.alarms['SSH rejects'] = labAlarm();
    putDatapointInternal(state, { namespace: 'vpcflowlogs', metricName: 'SSH Rejects', dimensions: [], timestampMs: T0 + 12_000, value: 1 });
    putDatapointInternal(state, { namespace: 'vpcflowlogs', metricName: 'SSH Rejects', dimensions: [], timestampMs: T0 + 40_000, value: 1 });

    // During the minute of the rejects nothing is decided yet: only complete minutes count.
    expect(evaluateAllAlarms(state, T0 + 50_000)).toEqual([]);
    expect(state.alarms['SSH rejects'].StateValue).toBe('INSUFFICIENT_DATA');

    const notes = evaluateAllAlarms(state, T0 + MIN + 5_000);
    const a = state.alarms['SSH rejects'];
    expect(a.StateValue).toBe('ALARM');
    expect(a.StateReason).toBe(
      'Threshold Crossed: 1 out of the last 1 datapoints [2.0 (28/11/26 21:54:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition).',
    );
    expect(notes).toHaveLength(1);
    expect(notes[0].subject).toBe('ALARM: "SSH rejects" in US East (N. Virginia)');
    const published: string[] = [];
    deliverAlarmNotifications(state, notes, (n) => (published.push(n.topicArn), 'msg-1'), T0 + MIN + 5_000);
    expect(published).toEqual([TOPIC]);
    expect(state.history.map((h) => [h.HistoryItemType, h.HistorySummary])).toEqual([
      ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM'],
      ['Action', `Successfully executed action ${TOPIC}`],
    ]);
    const data = JSON.parse(state.history[0].HistoryData);
    expect(data.oldState).toEqual({ stateValue: 'INSUFFICIENT_DATA', stateReason: 'Unchecked: Initial alarm creation' });
    expect(data.newState.stateValue).toBe('ALARM');
    expect(data.newState.stateReasonData.recentDatapoints).toEqual([2]);

    // No transition, no new notification; three minutes later the data is gone from the range.
    expect(evaluateAllAlarms(state, T0 + 2 * MIN + 5_000)).toEqual([]);
    expect(evaluateAllAlarms(state, T0 + 4 * MIN + 5_000)).toEqual([]);
    expect(a.StateValue).toBe('INSUFFICIENT_DATA');
    expect(a.StateReason).toBe('Insufficient Data: 1 datapoint was unknown.');
  });

  it('fires no action when ActionsEnabled is false, but still records the transition', () => {
    const state = createMonitoringState();
    state.alarms.a = labAlarm({ AlarmName: 'a', ActionsEnabled: false });
    putDatapointInternal(state, { namespace: 'vpcflowlogs', metricName: 'SSH Rejects', dimensions: [], timestampMs: T0, value: 1 });
    expect(evaluateAllAlarms(state, T0 + MIN)).toEqual([]);
    expect(state.alarms.a.StateValue).toBe('ALARM');
    expect(state.history.map((h) => h.HistoryItemType)).toEqual(['StateUpdate']);
  });

  it('records a failed action when the topic does not exist', () => {
    const state = createMonitoringState();
    state.alarms.a = labAlarm({ AlarmName: 'a' });
    putDatapointInternal(state, { namespace: 'vpcflowlogs', metricName: 'SSH Rejects', dimensions: [], timestampMs: T0, value: 1 });
    deliverAlarmNotifications(state, evaluateAllAlarms(state, T0 + MIN), () => undefined, T0 + MIN);
    const action = state.history.find((h) => h.HistoryItemType === 'Action');
    expect(action?.HistorySummary).toBe(`Failed to execute action ${TOPIC}. Received error: "Resource: ${TOPIC} not found."`);
    expect(JSON.parse(action!.HistoryData).actionState).toBe('Failed');
  });

  it('matches the alarm dimensions exactly', () => {
    const state = createMonitoringState();
    state.alarms.a = labAlarm({ AlarmName: 'a' });
    putDatapointInternal(state, { namespace: 'vpcflowlogs', metricName: 'SSH Rejects', dimensions: [{ Name: 'eni', Value: 'x' }], timestampMs: T0, value: 5 });
    evaluateAllAlarms(state, T0 + MIN);
    expect(state.alarms.a.StateValue).toBe('INSUFFICIENT_DATA');
  });
});
