import { evaluateAlarm } from '../../emulator/alarms/evaluate';
import { javaDouble, reasonDate } from '../../emulator/alarms/java-format';
import type { StoredAlarm } from '../../emulator/alarms/types';
import { storedLabAlarm } from '../fixtures/lab-alarm';

const MIN = 60_000;
const END = Date.UTC(2026, 10, 28, 21, 55, 0);
const NOW = END + 40_985;

function alarm(over: Partial<StoredAlarm> = {}): StoredAlarm {
  return storedLabAlarm({ TreatMissingData: undefined, StateValue: 'OK', StateReason: 'x', ...over });
}

describe('Java-style formatting', () => {
  it.each([
    [1, '1.0'],
    [50, '50.0'],
    [99.50160229693434, '99.50160229693434'],
    [0.5, '0.5'],
    [0, '0.0'],
    [-2, '-2.0'],
    [1e7, '1.0E7'],
    [1.5e-4, '1.5E-4'],
  ])('javaDouble(%p) = %s', (n, s) => expect(javaDouble(n)).toBe(s));

  it('writes reason dates as dd/MM/yy HH:mm:ss in UTC', () => {
    expect(reasonDate(Date.UTC(2019, 9, 2, 16, 59, 0))).toBe('02/10/19 16:59:00');
  });
});

describe('StateReason texts', () => {
  it('words an OK -> ALARM transition exactly as AWS', () => {
    const r = evaluateAlarm(alarm(), [{ timestampMs: END - MIN, value: 1, sampleCount: 1 }], NOW);
    expect(r.reason).toBe(
      'Threshold Crossed: 1 out of the last 1 datapoints [1.0 (28/11/26 21:54:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
    );
  });

  it('words an ALARM -> OK transition with "not"', () => {
    const r = evaluateAlarm(alarm({ StateValue: 'ALARM', Threshold: 50, ComparisonOperator: 'GreaterThanThreshold' }), [{ timestampMs: END - MIN, value: 12.5, sampleCount: 3 }], NOW);
    expect(r.reason).toBe(
      'Threshold Crossed: 1 out of the last 1 datapoints [12.5 (28/11/26 21:54:00)] was not greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK transition).',
    );
  });

  it('lists the breaching datapoints newest first with plural wording for M of N', () => {
    const a = alarm({ EvaluationPeriods: 3, DatapointsToAlarm: 2, StateValue: 'INSUFFICIENT_DATA' });
    const dps = [
      { timestampMs: END - 3 * MIN, value: 4, sampleCount: 4 },
      { timestampMs: END - 2 * MIN, value: 0, sampleCount: 1 },
      { timestampMs: END - MIN, value: 2, sampleCount: 2 },
    ];
    expect(evaluateAlarm(a, dps, NOW).reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [2.0 (28/11/26 21:54:00), 4.0 (28/11/26 21:52:00)] were greater than or equal to the threshold (1.0) (minimum 2 datapoints for INSUFFICIENT_DATA -> ALARM transition).',
    );
  });

  it('says how missing datapoints were treated when all are missing', () => {
    expect(evaluateAlarm(alarm({ TreatMissingData: 'breaching' }), [], NOW).reason).toBe(
      'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].',
    );
    expect(evaluateAlarm(alarm({ StateValue: 'ALARM', EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: 'notBreaching' }), [], NOW).reason).toBe(
      'Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [NonBreaching].',
    );
  });

  it('says Insufficient Data when every datapoint is missing', () => {
    expect(evaluateAlarm(alarm(), [], NOW).reason).toBe('Insufficient Data: 1 datapoint was unknown.');
    expect(evaluateAlarm(alarm({ EvaluationPeriods: 3 }), [], NOW).reason).toBe('Insufficient Data: 3 datapoints were unknown.');
  });
});

describe('StateReasonData', () => {
  it('carries the query window, statistic, datapoints and a Java-double threshold', () => {
    const r = evaluateAlarm(alarm(), [{ timestampMs: END - MIN, value: 3, sampleCount: 3 }], NOW);
    expect(r.reasonData).toBe(
      '{"version":"1.0","queryDate":"2026-11-28T21:55:40.985+0000","startDate":"2026-11-28T21:52:00.000+0000","statistic":"Sum","period":60,' +
        '"recentDatapoints":[3.0],"threshold":1.0,"evaluatedDatapoints":[{"timestamp":"2026-11-28T21:54:00.000+0000","sampleCount":3.0,"value":3.0}]}',
    );
    expect(JSON.parse(r.reasonData)).toMatchObject({ version: '1.0', period: 60, threshold: 1 });
  });

  it('can close the current minute early (fast profile) while queryDate stays the real time', () => {
    const current = { timestampMs: END, value: 2, sampleCount: 2 };
    expect(evaluateAlarm(alarm(), [current], NOW).newState).toBe('INSUFFICIENT_DATA');
    const early = evaluateAlarm(alarm(), [current], NOW, END + MIN);
    expect(early.newState).toBe('ALARM');
    expect(JSON.parse(early.reasonData)).toMatchObject({ queryDate: '2026-11-28T21:55:40.985+0000', startDate: '2026-11-28T21:53:00.000+0000' });
  });
});
