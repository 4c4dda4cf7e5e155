import { compilePattern, PatternSyntaxError } from '../../patterns';

function matching(pattern: string, events: string[]): string[] {
  const p = compilePattern(pattern);
  return events.filter((e) => p.test(e));
}

function syntaxError(pattern: string): PatternSyntaxError {
  try {
    compilePattern(pattern);
  } catch (err) {
    if (err instanceof PatternSyntaxError) return err;
    throw err;
  }
  throw new Error(`pattern ${JSON.stringify(pattern)} compiled but should not`);
}

describe('blank patterns (spec §4.1)', () => {
  test.each(['', ' ', '   '])('%j matches every event', (pattern) => {
    const p = compilePattern(pattern);
    expect(p.kind).toBe('all');
    expect(p.test('anything at all')).toBe(true);
    expect(p.test('')).toBe(true);
    expect(p.match('x')).toEqual({ matched: true, extractedValues: {} });
  });
});

describe('unstructured terms (spec §4.2)', () => {
  const three = ['ERROR WARN message', 'ERROR message', 'WARN message'];

  test('a term matches as a case-sensitive substring', () => {
    expect(matching('ERROR', ['[ERROR] A fatal exception has occurred', 'Exiting with ERRORCODE: -1', 'error: lower case', 'INFO ok'])).toEqual([
      '[ERROR] A fatal exception has occurred',
      'Exiting with ERRORCODE: -1',
    ]);
    expect(compilePattern('ERROR').kind).toBe('terms');
  });

  test('terms separated by spaces are ANDed', () => {
    expect(matching('ERROR WARN', three)).toEqual(['ERROR WARN message']);
    expect(matching('ERROR Exception', ['[ERROR] Caught IllegalArgumentException', '[ERROR] Unhandled Exception', '[ERROR] timeout'])).toEqual([
      '[ERROR] Caught IllegalArgumentException',
      '[ERROR] Unhandled Exception',
    ]);
  });

  test('a quoted phrase matches exactly, spaces included', () => {
    expect(matching('"INTERNAL SERVER ERROR"', ['500 INTERNAL SERVER ERROR', 'INTERNAL ERROR SERVER', 'internal server error'])).toEqual(['500 INTERNAL SERVER ERROR']);
  });

  test('several quoted terms are ANDed', () => {
    expect(matching('"ERROR" "Exception"', ['ERROR Exception', 'ERROR only', 'Exception only'])).toEqual(['ERROR Exception']);
  });

  test('a quoted term may hold characters other than letters, digits and _', () => {
    expect(matching('"10.0.0.1" "-1"', ['from 10.0.0.1 code -1', 'from 10.0.0.1 code 1'])).toEqual(['from 10.0.0.1 code -1']);
  });

  test('-term excludes events containing it', () => {
    expect(matching('ERROR -WARN', three)).toEqual(['ERROR message']);
    expect(matching('ERROR -ARGUMENTS', ['ERROR bad ARGUMENTS', 'ERROR bad request'])).toEqual(['ERROR bad request']);
    expect(matching('"ERROR" -"Exiting"', ['Exiting with ERRORCODE: -1', '[ERROR] A fatal exception has occurred'])).toEqual(['[ERROR] A fatal exception has occurred']);
  });

  test('?term means OR', () => {
    expect(matching('?ERROR ?WARN', [...three, 'INFO message'])).toEqual(three);
  });

  test('?terms mixed with plain terms are ignored', () => {
    const events = ['REQUEST ok', 'ERROR alone', 'ARGUMENTS alone', 'ERROR REQUEST'];
    expect(matching('?ERROR ?ARGUMENTS REQUEST', events)).toEqual(matching('REQUEST', events));
    expect(matching('?ERROR ?ARGUMENTS REQUEST', events)).toEqual(['REQUEST ok', 'ERROR REQUEST']);
  });

  test('terms patterns extract nothing: TestMetricFilter reports {} (CLI example)', () => {
    const p = compilePattern('ERROR');
    const events = ['[ERROR] 400 BAD REQUEST', '[ERROR] 400 BAD REQUEST', '[INFO] 200 OK'];
    expect(events.map((e) => p.match(e))).toEqual([
      { matched: true, extractedValues: {} },
      { matched: true, extractedValues: {} },
      { matched: false, extractedValues: {} },
    ]);
  });

  test.each([
    ['foo-bar', 'foo-bar'],
    ['ERROR 10.0.0.1', '10.0.0.1'],
    ['-some.thing', 'some.thing'],
    ['/aws/lambda', '/aws/lambda'],
  ])('an unquoted non-alphanumeric term %j is rejected as AWS does', (pattern, term) => {
    const err = syntaxError(pattern);
    expect(err.message).toBe(`Invalid character(s) in term '${term}'`);
    expect(err.code).toBe('InvalidParameterException');
  });

  test('an unclosed quote is an invalid pattern', () => {
    const err = syntaxError('"ERROR');
    expect(err.message).toBe('Invalid metric filter pattern');
    expect(err.reason).toMatch(/no closing double quote/);
  });

  test('FilterLogEvents words the generic error differently', () => {
    expect(() => compilePattern('"ERROR', { purpose: 'filter' })).toThrow('Invalid filter pattern');
  });

  test('patterns are at most 1024 characters', () => {
    expect(compilePattern('A'.repeat(1024)).kind).toBe('terms');
    const err = syntaxError('A'.repeat(1025));
    expect(err.message).toBe('Invalid metric filter pattern');
    expect(err.reason).toMatch(/at most 1024/);
  });

  test('the compiled pattern keeps its text as given', () => {
    expect(compilePattern(' ERROR ').text).toBe(' ERROR ');
    expect(compilePattern(' [a, b] ').text).toBe(' [a, b] ');
  });

  test('terms patterns do not support dimensions', () => {
    expect(compilePattern('ERROR').supportsDimensions).toBe(false);
    expect(compilePattern('').supportsDimensions).toBe(false);
  });
});
