import type { Handler } from '../../framework/types';
import type { LogsState, StoredEvent } from './types';
import { eventId, ingestEvents } from './store';
import { sequenceToken } from './group-handlers';
import { compileFilterPattern } from './pattern-bridge';
import { publishLogMetricsFor } from './publish-metrics';
import { checkLimit, constraintError, decodeToken, encodeToken, invalidParameter, requireGroup, requireStream } from './validation';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const MAX_BATCH_BYTES = 1_048_576;
// AWS counts each event's UTF-8 message plus 26 bytes against the batch size.
const EVENT_OVERHEAD = 26;

// GetLogEvents tokens look like AWS's: a direction, 56 digits, a suffix.
const formatToken = (dir: 'f' | 'b', index: number) => `${dir}/${String(index).padStart(56, '0')}/s`;

function parseToken(token: string): { dir: 'f' | 'b'; index: number } {
  const m = /^([fb])\/(\d{1,56})(\/s)?$/.exec(token);
  if (!m) throw invalidParameter('The specified nextToken is invalid.');
  return { dir: m[1] as 'f' | 'b', index: Number(m[2]) };
}

/** PutLogEvents, GetLogEvents, FilterLogEvents. */
export const eventHandlers: Record<string, Handler> = {
  PutLogEvents(input, ctx) {
    const state = ctx.state<LogsState>();
    const g = requireGroup(state, { logGroupName: input.logGroupName });
    const s = requireStream(g, input.logStreamName);
    const events: Array<{ timestamp: number; message: string }> = input.logEvents ?? [];
    if (events.length === 0) throw constraintError('logEvents', '[]', 'Member must have length greater than or equal to 1');
    if (events.length > 10_000) throw constraintError('logEvents', `[${events.length} events]`, 'Member must have length less than or equal to 10000');
    let bytes = 0;
    for (const [i, e] of events.entries()) {
      if (typeof e.message !== 'string' || e.message.length === 0) throw constraintError(`logEvents.${i + 1}.member.message`, e.message ?? null, 'Member must have length greater than or equal to 1');
      if (typeof e.timestamp !== 'number') throw constraintError(`logEvents.${i + 1}.member.timestamp`, null, 'Member must not be null');
      if (i > 0 && e.timestamp < events[i - 1].timestamp) throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
      bytes += Buffer.byteLength(e.message, 'utf8') + EVENT_OVERHEAD;
    }
    if (bytes > MAX_BATCH_BYTES) throw invalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
    if (events[events.length - 1].timestamp - events[0].timestamp > DAY) {
      throw invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
    }

    // Events are sorted, so the rejected ones are a prefix (too old, expired) and a suffix (too new).
    const now = ctx.clock.now();
    const tooOldBefore = now - 14 * DAY;
    const expiredBefore = g.retentionInDays ? now - g.retentionInDays * DAY : -Infinity;
    let tooOld = 0;
    while (tooOld < events.length && events[tooOld].timestamp < tooOldBefore) tooOld++;
    let expired = tooOld;
    while (expired < events.length && events[expired].timestamp < expiredBefore) expired++;
    let tooNew = events.length;
    while (tooNew > expired && events[tooNew - 1].timestamp > now + 2 * HOUR) tooNew--;
    ingestEvents(state, g.name, s.name, events.slice(expired, tooNew).map((e) => ({ timestamp: e.timestamp, message: e.message })), now);
    ctx.runtime.markDirty();
    publishLogMetricsFor(ctx);

    const rejected = {
      tooNewLogEventStartIndex: tooNew < events.length ? tooNew : undefined,
      tooOldLogEventEndIndex: tooOld > 0 ? tooOld : undefined,
      expiredLogEventEndIndex: expired > tooOld ? expired : undefined,
    };
    const anyRejected = Object.values(rejected).some((v) => v !== undefined);
    return { nextSequenceToken: sequenceToken(s), rejectedLogEventsInfo: anyRejected ? rejected : undefined };
  },

  GetLogEvents(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), input);
    const s = requireStream(g, input.logStreamName);
    const limit = checkLimit(input.limit, 10_000, 10_000);
    const start: number = input.startTime ?? -Infinity;
    const end: number = input.endTime ?? Infinity;
    const list = s.events.filter((e) => e.t >= start && e.t < end);
    const token = input.nextToken ? parseToken(input.nextToken) : { dir: input.startFromHead ? 'f' : 'b', index: input.startFromHead ? 0 : list.length };
    const at = Math.min(token.index, list.length);
    let from: number;
    let to: number;
    if (token.dir === 'f') {
      from = at;
      to = Math.min(list.length, at + limit);
    } else {
      to = at;
      from = Math.max(0, at - limit);
    }
    // AWS also caps a response at 1 MB; trim from the far end of the reading direction.
    let size = 0;
    let cut = token.dir === 'f' ? from : to;
    while (token.dir === 'f' ? cut < to : cut > from) {
      const e = list[token.dir === 'f' ? cut : cut - 1];
      size += Buffer.byteLength(e.m, 'utf8') + EVENT_OVERHEAD;
      if (size > MAX_BATCH_BYTES) break;
      cut += token.dir === 'f' ? 1 : -1;
    }
    if (token.dir === 'f') to = cut;
    else from = cut;
    return {
      events: list.slice(from, to).map((e) => ({ timestamp: e.t, message: e.m, ingestionTime: e.i })),
      nextForwardToken: formatToken('f', to),
      nextBackwardToken: formatToken('b', from),
    };
  },

  FilterLogEvents(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), input);
    if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
      throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    }
    const limit = checkLimit(input.limit, 10_000, 10_000);
    const pattern = input.filterPattern ? compileFilterPattern(input.filterPattern, 'filter') : undefined;
    const start: number = input.startTime ?? -Infinity;
    const end: number = input.endTime ?? Infinity;
    const after = input.nextToken ? decodeToken<{ t: number; s: number }>(input.nextToken) : undefined;
    const names: string[] | undefined = input.logStreamNames;
    const streams = Object.values(g.streams).filter(
      (s) => (names === undefined || names.includes(s.name)) && (input.logStreamNamePrefix === undefined || s.name.startsWith(input.logStreamNamePrefix)),
    );
    const hits: Array<{ e: StoredEvent; stream: string }> = [];
    for (const s of streams) {
      for (const e of s.events) {
        if (e.t < start || e.t > end) continue;
        if (after && (e.t < after.t || (e.t === after.t && e.s <= after.s))) continue;
        if (pattern && !pattern.test(e.m)) continue;
        hits.push({ e, stream: s.name });
      }
    }
    hits.sort((a, b) => a.e.t - b.e.t || a.e.s - b.e.s);
    const page = hits.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page.map(({ e, stream }) => ({ logStreamName: stream, timestamp: e.t, message: e.m, ingestionTime: e.i, eventId: eventId(e) })),
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
      nextToken: hits.length > limit ? encodeToken({ t: last.e.t, s: last.e.s }) : undefined,
    };
  },
};
