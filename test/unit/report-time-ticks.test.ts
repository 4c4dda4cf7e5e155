// The report's time axis (reports/html/time-ticks.js, the script the page inlines): round steps
// chosen by the span and the plot's width, labels that never repeat, and seconds only when needed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { timeTicks } = require('../../reports/html/time-ticks.js') as {
  timeTicks(lo: number, hi: number, widthPx: number, minGapPx?: number): { step: number; splits: number[]; labels: string[] };
};

const at = (h: number, m: number, s = 0) => Date.UTC(2026, 11, 6, h, m, s) / 1000;

describe('time axis ticks', () => {
  test.each([
    ['a fast run: one minute on a wide plot', at(23, 18, 30), at(23, 19, 32), 1000, 10, /^23:1[89]:\d\d$/],
    ['a fast run on a narrow plot', at(23, 18, 30), at(23, 19, 32), 300, 30, /^23:1[89]:\d\d$/],
    ['a realtime run: a quarter of an hour', at(10, 6), at(10, 21), 1000, 120, /^10:\d\d$/],
    ['a day', at(0, 0), at(23, 59), 1000, 7200, /^\d\d:00$/],
    ['two weeks', at(0, 0), at(0, 0) + 14 * 86400, 1000, 172800, /^2026-12-\d\d$/],
  ])('%s', (_name, lo, hi, width, step, label) => {
    const t = timeTicks(lo, hi, width);
    expect(t.step).toBe(step);
    expect(new Set(t.labels).size).toBe(t.labels.length);
    expect(t.labels.length).toBeGreaterThanOrEqual(2);
    expect(t.labels.length).toBeLessThanOrEqual(Math.floor(width / 80) + 1);
    for (const l of t.labels) expect(l).toMatch(label);
    for (const s of t.splits) {
      expect(s % step).toBe(0);
      expect(s).toBeGreaterThanOrEqual(lo);
      expect(s).toBeLessThanOrEqual(hi);
    }
  });

  test('labels to the second exactly when the step is under a minute', () => {
    expect(timeTicks(at(23, 19, 0), at(23, 19, 50), 400).labels.slice(0, 3)).toEqual(['23:19:00', '23:19:10', '23:19:20']);
    expect(timeTicks(at(23, 0), at(23, 30), 400).labels.slice(0, 3)).toEqual(['23:00', '23:10', '23:20']);
  });
});
