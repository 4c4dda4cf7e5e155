/** One stored log event. Short keys keep snapshots of busy streams small. */
export interface StoredEvent {
  /** Event timestamp, epoch ms. */
  t: number;
  /** Ingestion time, epoch ms. */
  i: number;
  /** The message exactly as put. */
  m: string;
  /** Per-state sequence number: orders events ingested in the same millisecond and makes the eventId. */
  s: number;
}

/** A log stream; `events` is kept sorted by (timestamp, sequence). */
export interface StoredLogStream {
  name: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  uploadSequence: number;
  events: StoredEvent[];
}

/** A metric filter as PutMetricFilter stored it. */
export interface StoredMetricFilter {
  filterName: string;
  filterPattern: string;
  creationTime: number;
  metricTransformations: Array<{
    metricName: string;
    metricNamespace: string;
    metricValue: string;
    defaultValue?: number;
    dimensions?: Record<string, string>;
    unit?: string;
  }>;
  /** The last minute (epoch ms) a defaultValue was emitted for, so one minute gets one default. */
  lastDefaultMinute?: number;
}

/** A log group. */
export interface StoredLogGroup {
  name: string;
  creationTime: number;
  retentionInDays?: number;
  logGroupClass: string;
  kmsKeyId?: string;
  storedBytes: number;
  tags: Record<string, string>;
  streams: Record<string, StoredLogStream>;
  metricFilters: Record<string, StoredMetricFilter>;
}

/** The CloudWatch Logs state of one account and region (plain JSON-able data). */
export interface LogsState {
  groups: Record<string, StoredLogGroup>;
  nextSeq: number;
  /** Metric-filter datapoints waiting for CloudWatch (see `drainPendingMetrics`). */
  pendingMetrics: MetricFilterDatapoint[];
}

/** A datapoint a metric filter produced, for the CloudWatch store (`putDatapointInternal`). */
export interface MetricFilterDatapoint {
  namespace: string;
  metricName: string;
  dimensions: Array<{ Name: string; Value: string }>;
  timestampMs: number;
  value: number;
  unit?: string;
}
