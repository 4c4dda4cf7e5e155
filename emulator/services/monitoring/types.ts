import type { AlarmHistoryItem, StoredAlarm } from '../../alarms/types';

/**
 * One PutMetricData entry (or one metric-filter match). Statistic sets keep n/sum/min/max only;
 * raw values are kept in `vals`/`cnts` so percentiles can be computed.
 */
export interface StoredPoint {
  t: number;
  n: number;
  sum: number;
  min: number;
  max: number;
  unit: string;
  vals?: number[];
  cnts?: number[];
}

/** A metric: namespace, name and a sorted dimension set identify it. */
export interface StoredMetric {
  namespace: string;
  metricName: string;
  dimensions: Array<{ Name: string; Value: string }>;
  /** Sorted by `t`. */
  points: StoredPoint[];
  lastPutMs: number;
}

/** The CloudWatch state of one account and region (plain JSON-able data). */
export interface MonitoringState {
  metrics: Record<string, StoredMetric>;
  alarms: Record<string, StoredAlarm>;
  history: AlarmHistoryItem[];
  /** Tags by alarm ARN. */
  tags: Record<string, Record<string, string>>;
}
