import type { LogsState, MetricFilterDatapoint, StoredEvent, StoredLogGroup, StoredLogStream } from './types';
import { applyMetricFilters } from './metric-filter-step';

export type { LogsState, MetricFilterDatapoint } from './types';

/** An empty CloudWatch Logs state. */
export function createLogsState(): LogsState {
  return { groups: {}, nextSeq: 1, pendingMetrics: [] };
}

/** Creates the log group if it does not exist (the AWS-side path: flow-log delivery creates its group). */
export function ensureLogGroup(state: LogsState, name: string, nowMs: number): void {
  if (state.groups[name]) return;
  state.groups[name] = { name, creationTime: nowMs, logGroupClass: 'STANDARD', storedBytes: 0, tags: {}, streams: {}, metricFilters: {} };
}

/** Creates the log stream (and its group) if it does not exist. */
export function ensureLogStream(state: LogsState, group: string, stream: string, nowMs: number): void {
  ensureLogGroup(state, group, nowMs);
  const g = state.groups[group];
  if (!g.streams[stream]) g.streams[stream] = newStream(stream, nowMs);
}

/** A fresh stream record. */
export function newStream(name: string, nowMs: number): StoredLogStream {
  return { name, creationTime: nowMs, uploadSequence: 0, events: [] };
}

/**
 * Stores events in a stream (group and stream are created when missing) and runs the group's
 * metric filters on them. The datapoints the filters produce wait in `pendingMetrics` until
 * `drainPendingMetrics` hands them to CloudWatch: one service's state never writes another's, and
 * this way every ingestion path (PutLogEvents, flow-log delivery) feeds metrics without knowing it.
 */
export function ingestEvents(
  state: LogsState,
  group: string,
  stream: string,
  events: Array<{ timestamp: number; message: string }>,
  nowMs: number,
): void {
  ensureLogStream(state, group, stream, nowMs);
  const g = state.groups[group];
  const s = g.streams[stream];
  for (const e of events) {
    const stored: StoredEvent = { t: e.timestamp, i: nowMs, m: e.message, s: state.nextSeq++ };
    insertSorted(s.events, stored);
    // AWS counts 26 bytes of overhead per event in its size limits; storedBytes uses the raw size.
    g.storedBytes += Buffer.byteLength(e.message, 'utf8');
    s.firstEventTimestamp = s.firstEventTimestamp === undefined ? e.timestamp : Math.min(s.firstEventTimestamp, e.timestamp);
    s.lastEventTimestamp = s.lastEventTimestamp === undefined ? e.timestamp : Math.max(s.lastEventTimestamp, e.timestamp);
  }
  if (events.length > 0) s.lastIngestionTime = nowMs;
  s.uploadSequence++;
  const datapoints = applyMetricFilters(g, events, nowMs);
  if (datapoints.length > 0) (state.pendingMetrics ??= []).push(...datapoints);
}

/** Takes the metric-filter datapoints not yet handed to CloudWatch (and forgets them). */
export function drainPendingMetrics(state: LogsState): MetricFilterDatapoint[] {
  const out = state.pendingMetrics ?? [];
  state.pendingMetrics = [];
  return out;
}

/** Events of several groups with startMs ≤ timestamp ≤ endMs, oldest first (the Insights engine's input). */
export function readEvents(
  state: LogsState,
  groups: string[],
  startMs: number,
  endMs: number,
): Array<{ timestamp: number; ingestionTime: number; message: string; logStream: string; logGroup: string }> {
  const out: Array<{ timestamp: number; ingestionTime: number; message: string; logStream: string; logGroup: string; seq: number }> = [];
  for (const name of groups) {
    const g = state.groups[name];
    if (!g) continue;
    for (const s of Object.values(g.streams)) {
      for (const e of s.events) {
        if (e.t >= startMs && e.t <= endMs) out.push({ timestamp: e.t, ingestionTime: e.i, message: e.m, logStream: s.name, logGroup: name, seq: e.s });
      }
    }
  }
  out.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
  return out.map(({ seq: _seq, ...rest }) => rest);
}

/** The group, or undefined. */
export function getLogGroup(state: LogsState, name: string): StoredLogGroup | undefined {
  return Object.prototype.hasOwnProperty.call(state.groups, name) ? state.groups[name] : undefined;
}

/** AWS's 56-digit event id: timestamp then sequence, so ids sort like the events. */
export function eventId(e: StoredEvent): string {
  return String(e.t).padStart(20, '0') + String(e.s).padStart(36, '0');
}

// Binary insertion keeps streams sorted even when batches arrive out of order (flow-log windows do).
function insertSorted(events: StoredEvent[], e: StoredEvent): void {
  const last = events[events.length - 1];
  if (!last || last.t <= e.t) {
    events.push(e);
    return;
  }
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].t <= e.t) lo = mid + 1;
    else hi = mid;
  }
  events.splice(lo, 0, e);
}
