import { FakeClock } from '../../core/clock';
import { FatalPollError, poll, PollTimeoutError } from '../../core/poll';

describe('poll', () => {
  test('returns the value once the probe is done, counting attempts and waited time', async () => {
    const clock = new FakeClock(0);
    let calls = 0;
    const p = poll(async () => (++calls >= 3 ? { done: true as const, value: 'ready' } : { done: false as const, reason: `try ${calls}` }), {
      description: 'x',
      budgetMs: 10_000,
      intervalsMs: [100, 250],
      clock,
    });
    await clock.advance(100);
    await clock.advance(250);
    await expect(p).resolves.toEqual({ value: 'ready', attempts: 3, waitedMs: 350 });
  });

  test('times out with the description, budget, attempts and the last value seen', async () => {
    const clock = new FakeClock(0);
    const progress: number[] = [];
    const p = poll(async () => ({ done: false as const, value: 7, reason: 'no records yet' }), {
      description: 'an ACCEPT record',
      budgetMs: 1000,
      intervalsMs: [400],
      clock,
      onProgress: (e) => progress.push(e.attempt),
    });
    const settled = p.catch((e) => e);
    await clock.advance(2000);
    const err = await settled;
    expect(err).toBeInstanceOf(PollTimeoutError);
    expect(err.message).toBe('Timed out after 1s (4 attempts) waiting for an ACCEPT record; last seen: no records yet');
    expect(err.lastValue).toBe(7);
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  test('a fatal error stops polling at once; other errors count as not yet', async () => {
    const clock = new FakeClock(0);
    let calls = 0;
    const p = poll(
      async () => {
        calls++;
        if (calls === 1) throw new Error('Throttling');
        throw new FatalPollError('AccessDenied');
      },
      { description: 'x', budgetMs: 10_000, intervalsMs: [100], clock },
    );
    const settled = p.catch((e) => e);
    await clock.advance(100);
    const err = await settled;
    expect(err).toBeInstanceOf(FatalPollError);
    expect(calls).toBe(2);
  });
});
