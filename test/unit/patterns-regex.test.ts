import { compilePattern } from '../../patterns';
import { invalidPatternReason } from './invalid-pattern-reason';

const matching = (pattern: string, events: string[]) => {
  const p = compilePattern(pattern);
  return events.filter((e) => p.test(e));
};

describe('standalone %regex% patterns (spec §4.5)', () => {
  test('an unanchored search: %AUTHORIZED% matches UNAUTHORIZED too', () => {
    const p = compilePattern('%AUTHORIZED%');
    expect(p.kind).toBe('regex');
    expect(p.regexCount).toBe(1);
    expect(p.supportsDimensions).toBe(false);
    expect(matching('%AUTHORIZED%', ['[ERROR 401] UNAUTHORIZED REQUEST', '[SUCCESS 200] AUTHORIZED REQUEST', '[INFO] authorized'])).toEqual([
      '[ERROR 401] UNAUTHORIZED REQUEST',
      '[SUCCESS 200] AUTHORIZED REQUEST',
    ]);
    expect(p.match('AUTHORIZED')).toEqual({ matched: true, extractedValues: {} });
  });

  test.each([
    ['%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', ['from 10.0.0.1 ok'], ['from 10.0.0 ok']],
    ['%[Ee]rror|[Ff]ail%', ['Error: x', 'error', 'it will fail', 'Failed'], ['ERROR', 'FAIL']],
    ['%^[hc]at%', ['hat trick', 'cat'], ['a cat', 'bat']],
    ['%[hc]at$%', ['a hat', 'the cat'], ['cats', 'hat trick']],
    ['%colou?r%', ['color', 'colour'], ['colr']],
    ['%a{3,5}%', ['aaa', 'xaaaay'], ['aa', 'a a a']],
    ['%^a{,2}b%', ['b', 'ab', 'aab'], ['aaab']],
    ['%^x{2,}$%', ['xx', 'xxxxx'], ['x']],
    ['%[abcx-z]%', ['y'], ['d', 'w']],
    ['%[^0-9]%', ['a'], ['123']],
    ['%\\x3A%', ['a:b'], ['ab']],
    ['%\\x28%', ['f(x)'], ['fx']],
    ['%^\\w+$%', ['abc_123'], ['abc-123', 'a b']],
    ['%\\W%', ['a-b'], ['ab_9']],
    ['%\\s\\S%', ['a b'], ['ab', 'a ']],
    ['%^\\D+$%', ['abc'], ['a1c']],
    ['%ab+c*%', ['abbb', 'abc'], ['ac']],
    ['%a.c%', ['abc', 'a-c'], ['ac']],
    ['%\\.%', ['a.b'], ['ab']],
    ['%key=value;id:#1,@x/y-z%', ['key=value;id:#1,@x/y-z'], ['key=value']],
    ['%[{]%', ['{'], ['}']],
  ])('%s', (pattern, yes, no) => {
    expect(matching(pattern, [...yes, ...no])).toEqual(yes);
  });

  test.each([
    ['%something!%', /'!' is not allowed/],
    ['%(a|b)%', /parentheses are not supported/],
    ['%a)%', /parentheses are not supported/],
    ['%a b%', /' ' is not allowed/],
    ['%héllo%', /'é' is not allowed/],
    ['%a"b%', /not allowed/],
    ['%\\bword%', /escape \\b/],
    ['%\\x4%', /two hex digits/],
    ['%abc\\%', /./],
    ['%a{x}%', /quantifier/],
    ['%**%', /not valid/],
    ['%%', /empty/],
    ['%abc', /one %regex%/],
    ['%a%b%', /one %regex%/],
  ])('%s is rejected', (pattern, why) => {
    expect(invalidPatternReason(pattern)).toMatch(why);
  });

  test('regexes count toward the quota of 2 per pattern in every kind', () => {
    expect(compilePattern('{ $.a = %x% || $.b = %y% }').regexCount).toBe(2);
    expect(invalidPatternReason('[a = %x%, b = %y% || b = %z%]')).toMatch(/at most 2 regular expressions; this one has 3/);
  });
});
