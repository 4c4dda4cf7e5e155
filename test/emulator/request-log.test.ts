import { RequestLog } from '../../emulator/gateway/request-log';

const entry = (operation: string) => ({ service: 'sts', operation, status: 200, ms: 1, time: '' });

describe('RequestLog (GET /_emulator/requests)', () => {
  it('lists the most recent requests oldest first, keeping at most its capacity', () => {
    const log = new RequestLog(3);
    for (const [i, op] of ['A', 'B', 'C', 'D', 'E'].entries()) log.add(entry(op), Date.UTC(2026, 0, 1, 0, 0, i));
    expect(log.list().map((e) => e.operation)).toEqual(['C', 'D', 'E']);
    expect(log.list().map((e) => e.time)).toEqual(['2026-01-01T00:00:02.000Z', '2026-01-01T00:00:03.000Z', '2026-01-01T00:00:04.000Z']);
  });

  it('lists fewer than its capacity in order, and nothing after clear', () => {
    const log = new RequestLog(4);
    log.add(entry('A'));
    log.add(entry('B'));
    expect(log.list().map((e) => e.operation)).toEqual(['A', 'B']);
    log.clear();
    expect(log.list()).toEqual([]);
    log.add(entry('C'));
    expect(log.list().map((e) => e.operation)).toEqual(['C']);
  });
});
