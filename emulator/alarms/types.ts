/** The three alarm states. */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** How an alarm treats missing periods (spec §6). */
export type TreatMissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

/**
 * A metric alarm as stored: PutMetricAlarm's configuration plus its state. Timestamps are epoch
 * ms (state is plain data); the handlers turn them into Dates.
 */
export interface StoredAlarm {
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions: Array<{ Name: string; Value: string }>;
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  EvaluateLowSampleCountPercentile?: string;
  ThresholdMetricId?: string;
  Metrics?: unknown[];
  StateValue: AlarmStateValue;
  StateReason: string;
  StateReasonData?: string;
  StateUpdatedTimestamp: number;
  StateTransitionedTimestamp: number;
  AlarmConfigurationUpdatedTimestamp: number;
  /** Account and region, for the ARN, notifications and tags. */
  accountId: string;
  region: string;
}

/** One DescribeAlarmHistory item (Timestamp in epoch ms). */
export interface AlarmHistoryItem {
  AlarmName: string;
  AlarmType: 'MetricAlarm';
  Timestamp: number;
  HistoryItemType: 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
  HistorySummary: string;
  HistoryData: string;
}

/** One period of the alarm's metric, aggregated with the alarm's statistic; `timestampMs` is the period start. */
export interface PeriodDatapoint {
  timestampMs: number;
  value: number;
  sampleCount: number;
}

/** What one evaluation decided. `changed` is true only for a transition. */
export interface AlarmEvaluation {
  newState: AlarmStateValue;
  reason: string;
  reasonData: string;
  changed: boolean;
}

/** An SNS message an alarm transition asks to publish. */
export interface AlarmNotification {
  alarmName: string;
  topicArn: string;
  subject: string;
  message: string;
}
