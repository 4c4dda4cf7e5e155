import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { FakeClock } from '../../core/clock';
import { failure, useTestEmulator } from './helpers';

const T0 = Date.UTC(2026, 10, 28, 21, 54, 0);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const clock = new FakeClock(T0);
const emu = useTestEmulator({ clock });
beforeEach(async () => {
  await emu.clients.logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }));
  await emu.clients.logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: 's1' }));
  await emu.clients.logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: 's2' }));
});

const put = (stream: string, events: Array<[number, string]>) =>
  emu.clients.logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: stream, logEvents: events.map(([timestamp, message]) => ({ timestamp, message })) }));

describe('PutLogEvents', () => {
  it('accepts a sorted batch and returns a sequence token; ignores the token it is given', async () => {
    const out = await put('s1', [[T0 - 1000, 'a'], [T0, 'b']]);
    expect(out.nextSequenceToken).toMatch(/^\d{56}$/);
    expect(out.rejectedLogEventsInfo).toBeUndefined();
    const again = await emu.clients.logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's1', sequenceToken: 'whatever', logEvents: [{ timestamp: T0, message: 'c' }] }));
    expect(again.nextSequenceToken).not.toBe(out.nextSequenceToken);
  });

  it('refuses an unsorted batch, a batch over 24 h, an oversize batch and unknown streams', async () => {
    const unsorted = await failure(put('s1', [[T0, 'a'], [T0 - 1, 'b']]));
    expect([unsorted.name, unsorted.message, unsorted.$metadata.httpStatusCode]).toEqual([
      'InvalidParameterException',
      'Log events in a single PutLogEvents request must be in chronological order.',
      400,
    ]);
    const span = await failure(put('s1', [[T0 - DAY - 1, 'a'], [T0, 'b']]));
    expect(span.message).toBe('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
    // 2 events of 524,263 bytes + 26 bytes overhead each = 1,048,578 > 1,048,576.
    const big = 'x'.repeat(524_263);
    const tooBig = await failure(put('s1', [[T0, big], [T0, big]]));
    expect([tooBig.name, tooBig.message]).toEqual(['InvalidParameterException', 'Upload too large: 1048578 bytes exceeds limit of 1048576']);
    await put('s1', [[T0, 'x'.repeat(524_262)], [T0, 'x'.repeat(524_262)]]);
    const noStream = await failure(put('nope', [[T0, 'a']]));
    expect([noStream.name, noStream.message]).toEqual(['ResourceNotFoundException', 'The specified log stream does not exist.']);
  });

  it('reports too-old, expired and too-new events by index and stores only the rest', async () => {
    await emu.clients.logs.send(new PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: 1 }));
    const batchStart = clock.now() - 15 * DAY;
    const first = await put('s1', [[batchStart, 'too old'], [batchStart + 2 * HOUR, 'too old 2']]);
    expect(first.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 2 });
    const now = clock.now();
    const second = await put('s1', [[now - DAY - HOUR, 'expired'], [now - 2 * HOUR, 'kept']]);
    expect(second.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 1 });
    const third = await put('s1', [[now - HOUR, 'kept 2'], [now + 2 * HOUR + 1, 'too new']]);
    expect(third.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });
    const stored = await emu.clients.logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's1', startFromHead: true }));
    expect(stored.events?.map((e) => e.message)).toEqual(['kept', 'kept 2']);
  });
});

describe('GetLogEvents', () => {
  beforeEach(async () => {
    await put('s1', [1, 2, 3, 4, 5].map((i) => [T0 - 10_000 + i * 1000, `m${i}`] as [number, string]));
    await clock.advance(500);
  });

  it('returns events with timestamp and ingestion time, newest page by default', async () => {
    const out = await emu.clients.logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's1', limit: 2 }));
    const ingested = clock.now() - 500;
    expect(out.events).toEqual([
      { timestamp: T0 - 6000, message: 'm4', ingestionTime: ingested },
      { timestamp: T0 - 5000, message: 'm5', ingestionTime: ingested },
    ]);
    expect(out.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
    expect(out.nextBackwardToken).toMatch(/^b\/\d{56}\/s$/);
    const back = await emu.clients.logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's1', limit: 2, nextToken: out.nextBackwardToken }));
    expect(back.events?.map((e) => e.message)).toEqual(['m2', 'm3']);
    // At the end, AWS hands back the same forward token: that is how readers know to stop.
    const end = await emu.clients.logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's1', nextToken: out.nextForwardToken }));
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(out.nextForwardToken);
  });

  it('reads forward from the head and honours startTime (inclusive) and endTime (exclusive)', async () => {
    const head = await emu.clients.logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's1', startFromHead: true, limit: 3 }));
    expect(head.events?.map((e) => e.message)).toEqual(['m1', 'm2', 'm3']);
    const next = await emu.clients.logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's1', nextToken: head.nextForwardToken }));
    expect(next.events?.map((e) => e.message)).toEqual(['m4', 'm5']);
    const ranged = await emu.clients.logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's1', startFromHead: true, startTime: T0 - 8000, endTime: T0 - 6000 }));
    expect(ranged.events?.map((e) => e.message)).toEqual(['m2', 'm3']);
  });

  it('refuses an invalid token', async () => {
    const bad = await failure(emu.clients.logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's1', nextToken: 'zzz' })));
    expect(bad.name).toBe('InvalidParameterException');
  });
});

describe('FilterLogEvents', () => {
  beforeEach(async () => {
    await put('s1', [[T0 - 3000, 'ERROR one'], [T0 - 1000, 'INFO two']]);
    await put('s2', [[T0 - 2000, 'ERROR three'], [T0, 'ERROR four']]);
  });

  it('interleaves streams by time and carries stream, ids and ingestion time', async () => {
    const out = await emu.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', filterPattern: 'ERROR' }));
    expect(out.events?.map((e) => [e.logStreamName, e.timestamp, e.message])).toEqual([
      ['s1', T0 - 3000, 'ERROR one'],
      ['s2', T0 - 2000, 'ERROR three'],
      ['s2', T0, 'ERROR four'],
    ]);
    expect(out.events?.[0]).toMatchObject({ ingestionTime: clock.now(), eventId: expect.stringMatching(/^\d{56}$/) });
    expect(new Set(out.events?.map((e) => e.eventId)).size).toBe(3);
  });

  it('applies the time range, stream names, stream prefix and paging', async () => {
    const ranged = await emu.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', startTime: T0 - 2000, endTime: T0 - 1000 }));
    expect(ranged.events?.map((e) => e.message)).toEqual(['ERROR three', 'INFO two']);
    const named = await emu.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', logStreamNames: ['s1'] }));
    expect(named.events?.map((e) => e.message)).toEqual(['ERROR one', 'INFO two']);
    const prefixed = await emu.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', logStreamNamePrefix: 's2' }));
    expect(prefixed.events?.map((e) => e.message)).toEqual(['ERROR three', 'ERROR four']);
    const p1 = await emu.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', limit: 3 }));
    expect(p1.events).toHaveLength(3);
    const p2 = await emu.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', limit: 3, nextToken: p1.nextToken }));
    expect(p2.events?.map((e) => e.message)).toEqual(['ERROR four']);
    expect(p2.nextToken).toBeUndefined();
  });

  it('refuses an invalid filter pattern with "Invalid filter pattern"', async () => {
    const bad = await failure(emu.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', filterPattern: '[a, b' })));
    expect([bad.name, bad.message]).toEqual(['InvalidParameterException', 'Invalid filter pattern']);
  });
});
