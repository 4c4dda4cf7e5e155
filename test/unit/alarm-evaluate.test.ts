import { evaluateAlarm } from '../../emulator/alarms/evaluate';
import type { AlarmStateValue, PeriodDatapoint, StoredAlarm } from '../../emulator/alarms/types';
import { storedLabAlarm } from '../fixtures/lab-alarm';

const MIN = 60_000;
// 2026-11-28 21:55:30 UTC: the window ends at 21:55:00 and its newest period starts at 21:54:00.
const NOW = Date.UTC(2026, 10, 28, 21, 55, 30);
const END = Date.UTC(2026, 10, 28, 21, 55, 0);

function alarm(over: Partial<StoredAlarm> = {}): StoredAlarm {
  return storedLabAlarm({
    AlarmName: 'a',
    AlarmArn: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:a',
    MetricName: 'm',
    Namespace: 'ns',
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    TreatMissingData: undefined,
    ...over,
  });
}

/** `0 - X - X` (oldest → newest over the range of 5) → datapoints: 0 = not breaching, X = breaching, - = missing. */
function points(row: string): PeriodDatapoint[] {
  const cells = row.split(' ');
  const out: PeriodDatapoint[] = [];
  cells.forEach((c, k) => {
    const t = END - (cells.length - k) * MIN;
    if (c === 'X') out.push({ timestampMs: t, value: 5, sampleCount: 5 });
    else if (c === '0') out.push({ timestampMs: t, value: 0, sampleCount: 1 });
  });
  return out;
}

type Expected = AlarmStateValue | 'keep';
// spec §6, AWS's two tables, columns: missing | ignore | breaching | notBreaching.
const TABLE: Array<[string, number, Expected, Expected, Expected, Expected]> = [
  ['0 - X - X', 3, 'OK', 'OK', 'OK', 'OK'],
  ['0 - - - -', 3, 'OK', 'OK', 'OK', 'OK'],
  ['- - - - -', 3, 'INSUFFICIENT_DATA', 'keep', 'ALARM', 'OK'],
  ['0 X X - X', 3, 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['- - X - -', 3, 'ALARM', 'keep', 'ALARM', 'OK'],
  ['0 - X - X', 2, 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['0 0 X 0 X', 2, 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['0 - X - -', 2, 'OK', 'OK', 'ALARM', 'OK'],
  ['- - - - 0', 2, 'OK', 'OK', 'ALARM', 'OK'],
  ['- - - X -', 2, 'ALARM', 'keep', 'ALARM', 'OK'],
];
const TREATMENTS = ['missing', 'ignore', 'breaching', 'notBreaching'] as const;

describe('evaluateAlarm: the M-of-N missing-data tables of spec §6', () => {
  for (const [row, m, ...expected] of TABLE) {
    TREATMENTS.forEach((treat, i) => {
      const want = expected[i];
      if (want === 'keep') {
        // "keep current state" must hold whatever the current state is.
        for (const current of ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const) {
          it(`${row}, ${m} of 3, ${treat}: keeps ${current}`, () => {
            const a = alarm({ DatapointsToAlarm: m, TreatMissingData: treat, StateValue: current, StateReason: 'before' });
            const r = evaluateAlarm(a, points(row), NOW);
            expect(r).toMatchObject({ newState: current, changed: false, reason: 'before' });
          });
        }
      } else {
        it(`${row}, ${m} of 3, ${treat} → ${want}`, () => {
          // Start from a state different from the expected one so that a transition is visible.
          const current: AlarmStateValue = want === 'OK' ? 'ALARM' : 'OK';
          const r = evaluateAlarm(alarm({ DatapointsToAlarm: m, TreatMissingData: treat, StateValue: current }), points(row), NOW);
          expect(r.newState).toBe(want);
          expect(r.changed).toBe(true);
        });
      }
    });
  }

  it('treats an absent TreatMissingData as missing', () => {
    expect(evaluateAlarm(alarm(), points('- - - - -'), NOW).newState).toBe('INSUFFICIENT_DATA');
    expect(evaluateAlarm(alarm(), points('- - X - -'), NOW).newState).toBe('ALARM');
  });
});

describe('evaluateAlarm: premature-alarm rule', () => {
  it('waits while the only breaching point is younger than M periods, then alarms once it is M periods old', () => {
    const a = alarm({ DatapointsToAlarm: 3, TreatMissingData: 'missing', StateValue: 'OK', StateReason: 'before' });
    expect(evaluateAlarm(a, points('- - - X -'), NOW)).toMatchObject({ newState: 'OK', changed: false });
    expect(evaluateAlarm(a, points('- - - - X'), NOW)).toMatchObject({ newState: 'OK', changed: false });
    expect(evaluateAlarm(a, points('- - X - -'), NOW)).toMatchObject({ newState: 'ALARM', changed: true });
  });

  it('does not apply when a non-breaching datapoint is in the range', () => {
    const a = alarm({ DatapointsToAlarm: 2, StateValue: 'ALARM' });
    expect(evaluateAlarm(a, points('0 - X - -'), NOW).newState).toBe('OK');
  });

  it('uses only the newest N real datapoints when at least N exist, whatever the treatment', () => {
    const a = alarm({ DatapointsToAlarm: 3, TreatMissingData: 'notBreaching', StateValue: 'OK' });
    expect(evaluateAlarm(a, points('0 X X X -'), NOW).newState).toBe('ALARM');
  });

  it('ignores datapoints outside the evaluation range and the current incomplete minute', () => {
    const a = alarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1, StateValue: 'OK' });
    const old = { timestampMs: END - 4 * MIN, value: 9, sampleCount: 1 };
    const current = { timestampMs: END, value: 9, sampleCount: 1 };
    expect(evaluateAlarm(a, [old, current], NOW).newState).toBe('INSUFFICIENT_DATA');
  });
});

describe('evaluateAlarm: comparison operators', () => {
  const cases: Array<[string, number, AlarmStateValue]> = [
    ['GreaterThanOrEqualToThreshold', 1, 'ALARM'],
    ['GreaterThanThreshold', 1, 'OK'],
    ['LessThanOrEqualToThreshold', 1, 'ALARM'],
    ['LessThanThreshold', 1, 'OK'],
    ['LessThanThreshold', 0.5, 'ALARM'],
  ];
  for (const [op, value, want] of cases) {
    it(`${value} ${op} 1 → ${want}`, () => {
      const a = alarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1, ComparisonOperator: op, StateValue: want === 'OK' ? 'ALARM' : 'OK' });
      const r = evaluateAlarm(a, [{ timestampMs: END - MIN, value, sampleCount: 1 }], NOW);
      expect(r.newState).toBe(want);
    });
  }
});
