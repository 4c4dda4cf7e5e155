import type { MetricFilterDatapoint, StoredLogGroup, StoredMetricFilter } from './types';
import { compileFilterPattern, dimensionsOf, metricValueOf } from './pattern-bridge';

const MINUTE = 60_000;

/**
 * Runs a group's metric filters over freshly ingested events (spec §4.6): each match adds its
 * metric value at the event's timestamp; a minute in which events arrived but none matched gets
 * the filter's defaultValue (when it has one). Filters are not retroactive: one created after the
 * ingestion time does not see the events.
 */
export function applyMetricFilters(
  group: StoredLogGroup,
  events: Array<{ timestamp: number; message: string }>,
  nowMs: number,
): MetricFilterDatapoint[] {
  const out: MetricFilterDatapoint[] = [];
  if (events.length === 0) return out;
  for (const filter of Object.values(group.metricFilters)) {
    if (filter.creationTime > nowMs) continue;
    applyOne(filter, events, out);
  }
  return out;
}

function applyOne(filter: StoredMetricFilter, events: Array<{ timestamp: number; message: string }>, out: MetricFilterDatapoint[]): void {
  const pattern = compileFilterPattern(filter.filterPattern, 'metric');
  const t = filter.metricTransformations[0];
  const unit = t.unit ?? 'None';
  const minutesSeen = new Set<number>();
  const minutesMatched = new Set<number>();
  for (const e of events) {
    const minute = Math.floor(e.timestamp / MINUTE) * MINUTE;
    minutesSeen.add(minute);
    if (!pattern.test(e.message)) continue;
    const value = metricValueOf(t, pattern, e.message);
    // A field reference that is not numeric in this event publishes nothing, as AWS skips it.
    if (value === undefined) continue;
    const dimensions = dimensionsOf(t, pattern, e.message);
    if (dimensions === undefined) continue;
    minutesMatched.add(minute);
    out.push({ namespace: t.metricNamespace, metricName: t.metricName, dimensions, timestampMs: e.timestamp, value, unit });
  }
  if (t.defaultValue === undefined) return;
  for (const minute of [...minutesSeen].sort((a, b) => a - b)) {
    if (minutesMatched.has(minute) || filter.lastDefaultMinute === minute) continue;
    filter.lastDefaultMinute = minute;
    out.push({ namespace: t.metricNamespace, metricName: t.metricName, dimensions: [], timestampMs: minute, value: t.defaultValue, unit });
  }
}
