// The sweep's ages: --older-than values, run ids read back as their UTC start, the age column.
import { main } from '../../bin/cli';
import { parseAge } from '../../bin/commands/sweep';
import { runId } from '../../core/ids';
import { formatAge, runIdTime, sweepTable } from '../../runner/sweep';

describe('--older-than', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['6h', 6 * 3_600_000],
    ['2d', 2 * 86_400_000],
    ['0m', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseAge(text)).toBe(ms);
  });

  it.each(['6', '6x', '1.5h', '-2d', 'h', '6 hours'])('%j is refused, naming the format', (text) => {
    expect(() => parseAge(text)).toThrow(`--older-than '${text}' is not an age: write a whole number followed by m, h or d (for example 30m, 6h or 2d).`);
  });

  it('a bad value exits 2 with that one line, before any AWS call', async () => {
    const err: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => (err.push(String(s)), true));
    try {
      expect(await main(['node', 'labwright', 'sweep', '--older-than', '6x', '--dry-run'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(err.join('')).toBe("labwright: --older-than '6x' is not an age: write a whole number followed by m, h or d (for example 30m, 6h or 2d).\n");
  });
});

describe('runIdTime', () => {
  it('reads the UTC minute a run id was made at', () => {
    expect(runIdTime('lw-20261128t2154-3fa9c1')).toBe(Date.UTC(2026, 10, 28, 21, 54));
  });

  it('round-trips the ids core/ids makes', () => {
    const at = new Date(Date.UTC(2025, 0, 31, 23, 59, 42));
    expect(runIdTime(runId(at))).toBe(Date.UTC(2025, 0, 31, 23, 59));
  });

  it.each(['lw-20261328t2154-3fa9c1', 'lw-20261128t2554-3fa9c1', 'lw-20260230t1200-abcdef', 'my-bucket', 'lw-20261128-3fa9c1'])('gives no time for %j', (id) => {
    expect(runIdTime(id)).toBeUndefined();
  });
});

describe('the dry-run table', () => {
  it('formats ages from seconds to days', () => {
    expect([formatAge(42_000), formatAge(12 * 60_000), formatAge(7 * 3_600_000 + 5 * 60_000), formatAge(51 * 3_600_000), formatAge(undefined)]).toEqual(['42s', '12m', '7h05m', '2d03h', '?']);
  });

  it('lists kind, id, run id and age in teardown order, in aligned columns', () => {
    const entry = (kind: any, id: string) => ({ kind, id, region: 'us-east-1', createdAt: 0 });
    const table = sweepTable([
      { entry: entry('vpc', 'vpc-0123456789abcdef0'), runId: 'lw-20261128t2154-3fa9c1', ageMs: 7 * 3_600_000 },
      { entry: entry('flow-log', 'fl-0aa'), runId: 'lw-20261128t2154-3fa9c1', ageMs: 7 * 3_600_000 },
      { entry: entry('role', 'DeliverVPCFlowLogsRole-x'), runId: 'x', ageMs: undefined },
    ]);
    expect(table.split('\n')).toEqual([
      'KIND      ID                        RUN ID                   AGE',
      'flow-log  fl-0aa                    lw-20261128t2154-3fa9c1  7h00m',
      'vpc       vpc-0123456789abcdef0     lw-20261128t2154-3fa9c1  7h00m',
      'role      DeliverVPCFlowLogsRole-x  x                        ?',
    ]);
  });
});
