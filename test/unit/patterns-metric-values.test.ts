import { compilePattern, PatternSyntaxError, resolveDimensions, resolveMetricValue, validateMetricTransformation } from '../../patterns';
import { FILTER_PATTERN as LAB_PATTERN, TEST_LINES } from '../../fixtures/vpc-flow-logs/lab';

const LINE = TEST_LINES[0];

function rejection(fn: () => void): PatternSyntaxError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PatternSyntaxError);
    expect((err as PatternSyntaxError).code).toBe('InvalidParameterException');
    return err as PatternSyntaxError;
  }
  throw new Error('expected a rejection');
}

describe('resolveMetricValue (spec §4.6)', () => {
  const lab = compilePattern(LAB_PATTERN);

  test('a number literal is the value (the lab uses 1)', () => {
    expect(resolveMetricValue('1', lab, LINE)).toBe(1);
    expect(resolveMetricValue('0.5', lab, LINE)).toBe(0.5);
  });

  test('$field and $N of a space-delimited pattern', () => {
    expect(resolveMetricValue('$bytes', lab, LINE)).toBe(40);
    expect(resolveMetricValue('$10', lab, LINE)).toBe(40);
    expect(resolveMetricValue('$packets', lab, LINE)).toBe(1);
    const ellipsis = compilePattern('[..., status_code, size]');
    expect(resolveMetricValue('$size', ellipsis, 'GET /a 200 1534')).toBe(1534);
    expect(resolveMetricValue('$3', ellipsis, 'GET /a 200 1534')).toBe(200);
    expect(resolveMetricValue('$1', ellipsis, 'GET /a 200 1534')).toBeUndefined();
  });

  test('a non-numeric value contributes nothing', () => {
    expect(resolveMetricValue('$action', lab, LINE)).toBeUndefined();
    expect(resolveMetricValue('$eni', lab, LINE)).toBeUndefined();
    expect(resolveMetricValue('$nosuch', lab, LINE)).toBeUndefined();
  });

  test('$.path of a JSON pattern', () => {
    const p = compilePattern('{ $.latency = * }');
    expect(resolveMetricValue('$.latency', p, '{"latency": 250}')).toBe(250);
    expect(resolveMetricValue('$.latency', p, '{"latency": "12.5"}')).toBe(12.5);
    expect(resolveMetricValue('$.latency', p, '{"latency": "slow"}')).toBeUndefined();
    expect(resolveMetricValue('$.other', p, '{"latency": 1}')).toBeUndefined();
  });
});

describe('resolveDimensions', () => {
  test('space-delimited and JSON field references become the event values', () => {
    expect(resolveDimensions({ Action: '$action', Port: '$destport' }, compilePattern(LAB_PATTERN), LINE)).toEqual({ Action: 'REJECT', Port: '22' });
    expect(resolveDimensions({ eventType: '$.eventType' }, compilePattern('{ $.eventType = * }'), '{"eventType":"UpdateTrail"}')).toEqual({ eventType: 'UpdateTrail' });
  });

  test('a reference that reaches nothing emits no data point', () => {
    expect(resolveDimensions({ t: '$.eventType' }, compilePattern('{ $.a = 1 }'), '{"a":1}')).toBeUndefined();
  });
});

describe('validateMetricTransformation (spec §4.6)', () => {
  const lab = compilePattern(LAB_PATTERN);

  test('valid transformations pass', () => {
    expect(() => validateMetricTransformation({ metricValue: '1' }, lab)).not.toThrow();
    expect(() => validateMetricTransformation({ metricValue: '1', defaultValue: 0 }, compilePattern('ERROR'))).not.toThrow();
    expect(() => validateMetricTransformation({ metricValue: '$bytes', dimensions: { Action: '$action' } }, lab)).not.toThrow();
    expect(() => validateMetricTransformation({ metricValue: '$.latency', dimensions: { e: '$.eventType' } }, compilePattern('{ $.latency = * }'))).not.toThrow();
  });

  test('terms patterns do not support dimensions', () => {
    const err = rejection(() => validateMetricTransformation({ metricValue: '1', dimensions: { server: '$server' } }, compilePattern('ERROR')));
    expect(err.message).toBe('The specified filter pattern does not support dimensions');
  });

  test('a default value cannot be combined with dimensions', () => {
    rejection(() => validateMetricTransformation({ metricValue: '1', defaultValue: 0, dimensions: { a: '$action' } }, lab));
  });

  test('more than 3 dimensions are rejected', () => {
    const dims = { a: '$action', b: '$bytes', c: '$eni', d: '$source' };
    expect(rejection(() => validateMetricTransformation({ metricValue: '1', dimensions: dims }, lab)).message).toMatch(/at most 3 dimensions/);
  });

  test('metric values must be numbers or fields of the pattern', () => {
    rejection(() => validateMetricTransformation({ metricValue: 'lots' }, lab));
    rejection(() => validateMetricTransformation({ metricValue: '$nosuch' }, lab));
    rejection(() => validateMetricTransformation({ metricValue: '$bytes' }, compilePattern('ERROR')));
    rejection(() => validateMetricTransformation({ metricValue: '1'.repeat(101) }, lab));
    rejection(() => validateMetricTransformation({ metricValue: '1', dimensions: { a: '$nosuch' } }, lab));
  });
});
