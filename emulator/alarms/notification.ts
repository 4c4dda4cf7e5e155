import type { AlarmNotification, AlarmStateValue, StoredAlarm } from './types';
import { JavaDouble, javaIsoDate, javaJson } from './java-format';
import { regionLongName } from '../../core/region-names';

/**
 * The SNS notification of a transition (spec §6, from captured payloads): Subject
 * `ALARM: "<name>" in US East (N. Virginia)` and a JSON Message with the new and old state, the
 * actions and a Trigger describing the metric (statistic in upper case, threshold a Java double).
 * `alarm` must already carry the new state.
 */
export function buildAlarmNotification(alarm: StoredAlarm, oldState: AlarmStateValue, topicArn: string): AlarmNotification {
  const region = regionLongName(alarm.region);
  const trigger = {
    MetricName: alarm.MetricName,
    Namespace: alarm.Namespace,
    StatisticType: alarm.ExtendedStatistic ? 'ExtendedStatistic' : 'Statistic',
    ...(alarm.ExtendedStatistic ? { ExtendedStatistic: alarm.ExtendedStatistic } : { Statistic: (alarm.Statistic ?? '').toUpperCase() }),
    Unit: alarm.Unit ?? null,
    Dimensions: alarm.Dimensions.map((d) => ({ value: d.Value, name: d.Name })),
    Period: alarm.Period,
    EvaluationPeriods: alarm.EvaluationPeriods,
    DatapointsToAlarm: alarm.DatapointsToAlarm,
    ComparisonOperator: alarm.ComparisonOperator,
    Threshold: new JavaDouble(alarm.Threshold ?? 0),
    TreatMissingData: alarm.TreatMissingData ?? 'missing',
    EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile ?? '',
  };
  const message = javaJson({
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription ?? null,
    AWSAccountId: alarm.accountId,
    AlarmConfigurationUpdatedTimestamp: javaIsoDate(alarm.AlarmConfigurationUpdatedTimestamp),
    NewStateValue: alarm.StateValue,
    NewStateReason: alarm.StateReason,
    StateChangeTime: javaIsoDate(alarm.StateUpdatedTimestamp),
    Region: region,
    AlarmArn: alarm.AlarmArn,
    OldStateValue: oldState,
    OKActions: alarm.OKActions,
    AlarmActions: alarm.AlarmActions,
    InsufficientDataActions: alarm.InsufficientDataActions,
    Trigger: trigger,
  });
  return { alarmName: alarm.AlarmName, topicArn, subject: `${alarm.StateValue}: "${alarm.AlarmName}" in ${region}`, message };
}
