import type { StoredAlarm } from '../../alarms/types';
import type { MonitoringState, StoredMetric, StoredPoint } from './types';
import { aggregatePoints, statisticValue, type Aggregate } from './statistics';

export type { MonitoringState } from './types';

type Dimension = { Name: string; Value: string };

/** An empty CloudWatch state. */
export function createMonitoringState(): MonitoringState {
  return { metrics: {}, alarms: {}, history: [], tags: {} };
}

/** Dimensions in a canonical order (by name), so equal sets give equal keys. */
export function sortDimensions(dimensions: Dimension[] | undefined): Dimension[] {
  return [...(dimensions ?? [])].map((d) => ({ Name: d.Name, Value: d.Value })).sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

/** The key of a metric identity. */
export function metricKey(namespace: string, metricName: string, dimensions: Dimension[] | undefined): string {
  return JSON.stringify([namespace, metricName, sortDimensions(dimensions).map((d) => [d.Name, d.Value])]);
}

/** Adds a point to a metric (created on first use), keeping points sorted by time. */
export function addPoint(state: MonitoringState, namespace: string, metricName: string, dimensions: Dimension[] | undefined, point: StoredPoint, nowMs: number): void {
  const key = metricKey(namespace, metricName, dimensions);
  let metric = state.metrics[key];
  if (!metric) {
    metric = { namespace, metricName, dimensions: sortDimensions(dimensions), points: [], lastPutMs: nowMs };
    state.metrics[key] = metric;
  }
  metric.lastPutMs = Math.max(metric.lastPutMs, nowMs);
  const pts = metric.points;
  let i = pts.length;
  while (i > 0 && pts[i - 1].t > point.t) i--;
  pts.splice(i, 0, point);
}

/**
 * The AWS-side writer (contract): metric filters publish their matches here. The metric's
 * "arrival" time is the datapoint's own timestamp, as the metric-filter event time is.
 */
export function putDatapointInternal(
  state: MonitoringState,
  dp: { namespace: string; metricName: string; dimensions: Dimension[]; timestampMs: number; value: number; unit?: string },
): void {
  const point: StoredPoint = { t: dp.timestampMs, n: 1, sum: dp.value, min: dp.value, max: dp.value, unit: dp.unit ?? 'None', vals: [dp.value], cnts: [1] };
  addPoint(state, dp.namespace, dp.metricName, dp.dimensions, point, dp.timestampMs);
}

/** The metric with exactly these dimensions, or undefined. */
export function findMetric(state: MonitoringState, namespace: string, metricName: string, dimensions: Dimension[] | undefined): StoredMetric | undefined {
  return state.metrics[metricKey(namespace, metricName, dimensions)];
}

/**
 * The metric's points in [startMs, endMs) grouped into periods aligned on `alignMs` boundaries
 * (period starts are startMs + k·periodMs), oldest first; a unit filter drops other units.
 */
export function periodAggregates(
  metric: StoredMetric | undefined,
  startMs: number,
  endMs: number,
  periodMs: number,
  unit?: string,
): Array<{ timestampMs: number; agg: Aggregate; unit: string }> {
  if (!metric) return [];
  const buckets = new Map<number, StoredPoint[]>();
  for (const p of metric.points) {
    if (p.t < startMs || p.t >= endMs || (unit && p.unit !== unit)) continue;
    const k = startMs + Math.floor((p.t - startMs) / periodMs) * periodMs;
    const list = buckets.get(k);
    if (list) list.push(p);
    else buckets.set(k, [p]);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([timestampMs, points]) => ({ timestampMs, agg: aggregatePoints(points) as Aggregate, unit: points[0].unit }));
}

/** The alarm's metric aggregated per period with its statistic (the evaluator's input). */
export function alarmDatapoints(state: MonitoringState, alarm: StoredAlarm, startMs: number, endMs: number): Array<{ timestampMs: number; value: number; sampleCount: number }> {
  if (!alarm.Namespace || !alarm.MetricName || !alarm.Period) return [];
  const metric = findMetric(state, alarm.Namespace, alarm.MetricName, alarm.Dimensions);
  const stat = alarm.Statistic ?? alarm.ExtendedStatistic ?? 'Average';
  const out: Array<{ timestampMs: number; value: number; sampleCount: number }> = [];
  for (const b of periodAggregates(metric, startMs, endMs, alarm.Period * 1000, alarm.Unit)) {
    const value = statisticValue(b.agg, stat);
    if (value !== undefined) out.push({ timestampMs: b.timestampMs, value, sampleCount: b.agg.n });
  }
  return out;
}

/** Every alarm, by name (contract accessor). */
export function listAlarms(state: MonitoringState): StoredAlarm[] {
  return Object.keys(state.alarms)
    .sort()
    .map((k) => state.alarms[k]);
}
