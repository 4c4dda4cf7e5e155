import { compilePattern } from '../../patterns';
import { invalidPatternReason } from './invalid-pattern-reason';

// The example events of FilterAndPatternSyntax (FP-2021 / FP-2023).
const TRAIL = JSON.stringify({
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [{ name: 'a', id: 1 }, { name: 'b', id: 2 }],
  SomeObject: null,
  ThisFlag: true,
});
const USERS = JSON.stringify({
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [{ id: 2, email: 'John.Doe@example.com' }, { id: 3, email: 'Jane.Doe@example.com' }],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [[0, 1, 2], [4, 5, 6], [7, 8, 9]],
});

const matches = (pattern: string, event: string) => compilePattern(pattern).test(event);

describe('JSON patterns: the documented examples (spec §4.4)', () => {
  test.each([
    '{ $.eventType = "UpdateTrail" }',
    '{ $.eventType = UpdateTrail }',
    '{ $.sourceIPAddress != 123.123.* }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS }',
    '{ $.ThisFlag IS TRUE }',
    '{ $.eventType = %Trail% }',
    '{ $.eventType = "*Trail" }',
    '{ $.eventType = "Update*" }',
    '{ $.eventType = "*" }',
    '{ $.sourceIPAddress = 111.111.* }',
  ])('%s matches the CloudTrail-like example', (pattern) => {
    expect(compilePattern(pattern).kind).toBe('json');
    expect(matches(pattern, TRAIL)).toBe(true);
  });

  test.each([
    '{ $.eventType = "PutTrail" }',
    '{ $.sourceIPAddress != 111.111.* }',
    '{ $.arrayKey[2] = "value" }',
    '{ $.eventType[0] = "UpdateTrail" }',
    '{ $.objectList[1].missing = 2 }',
    '{ $.eventType IS NULL }',
    '{ $.SomeObject NOT EXISTS }',
    '{ $.ThisFlag IS FALSE }',
    '{ $.eventType = "Up*ail" }',
    '{ $.eventType = %^Trail% }',
    '{ $.eventType != %Trail% }',
  ])('%s does not match the CloudTrail-like example', (pattern) => {
    expect(matches(pattern, TRAIL)).toBe(false);
  });

  test('a * inside a JSON string is a literal (only leading/trailing * are wildcards)', () => {
    expect(matches('{ $.name = "Ev*ent" }', '{"name":"Ev*ent"}')).toBe(true);
    expect(matches('{ $.name = "Ev*ent" }', '{"name":"EvXent"}')).toBe(false);
    expect(matches('{ $.name = *Event }', '{"name":"PutEvent"}')).toBe(true);
    expect(matches('{ $.name = Event* }', '{"name":"EventId"}')).toBe(true);
  });

  test.each([
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
    ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', true],
    ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', false],
    ['{ $.coordinates[1][2] = 6 && $.actions[1] = PUT }', true],
    ['{ $.users[*].id = 3 }', true],
    ['{ $.users[*].id = 4 }', false],
    ['{ $.user.* = 1 }', true],
    ['{ $.actions[*] = DELETE }', true],
  ] as const)('compound %s → %s', (pattern, expected) => {
    expect(matches(pattern, USERS)).toBe(expected);
  });

  test('OR across events: {$.foo = bar || $.foo = baz}', () => {
    const p = compilePattern('{$.foo = bar || $.foo = baz }');
    expect(['{"foo": "bar"}', '{"foo": "baz"}', '{"foo": "qux"}'].map((e) => p.test(e))).toEqual([true, true, false]);
  });

  test('a selector pointing at an array or object never matches, with = or !=', () => {
    const ev = '{"users":[1,2,3],"o":{"a":1}}';
    expect(matches('{$.users = 1}', ev)).toBe(false);
    expect(matches('{$.users != 1}', ev)).toBe(false);
    expect(matches('{$.o = *}', ev)).toBe(false);
    expect(matches('{$.o IS NULL}', ev)).toBe(false);
  });
});

describe('JSON numbers (spec §4.4)', () => {
  const ev = JSON.stringify({ latency: 1500, numbers: [0.0005, 20000], processes: [0, 1, 2, 3, { averageRuntime: 55.5 }], errorCode: 400, code: '404' });
  test.each([
    ['{ $.latency >= 500 }', true],
    ['{ $.latency > +1000 }', true],
    ['{ $.latency < 1e3 }', false],
    ['{ $.numbers[0] < 10e-3 }', true],
    ['{ $.numbers[1] > 10e3 }', true],
    ['{ $.numbers[0] = 5e-4 }', true],
    ['{ $.processes[4].averageRuntime <= 55.5 }', true],
    ['{ $.processes[4].averageRuntime < 55.5 }', false],
    ['{ $.errorCode = 400 }', true],
    ['{ $.errorCode != 500 }', true],
    ['{ $.errorCode != 400 }', false],
    ['{ $.latency = -1500 }', false],
    ['{ $.code = 404 }', true],
    ['{ $.code > 400 }', true],
    ['{ $.latency = * }', true],
    ['{ $.missing = * }', false],
    ['{ $.missing != 1 }', false],
  ] as const)('%s → %s', (pattern, expected) => {
    expect(matches(pattern, ev)).toBe(expected);
  });
});

describe('JSON selectors and events', () => {
  test("keys with dots use ['key.with.dots']", () => {
    const ev = '{"cluster.name":"prod","a":{"b.c":1}}';
    expect(matches("{ $.['cluster.name'] = prod }", ev)).toBe(true);
    expect(matches("{ $['cluster.name'] = prod }", ev)).toBe(true);
    expect(matches("{ $.a['b.c'] = 1 }", ev)).toBe(true);
    expect(matches('{ $.cluster.name = prod }', ev)).toBe(false);
  });

  test('names may contain - and _', () => {
    expect(matches('{ $.request-id = abc_1 }', '{"request-id":"abc_1"}')).toBe(true);
  });

  test('events that are not JSON objects never match', () => {
    const p = compilePattern('{ $.x NOT EXISTS }');
    expect(p.test('{"y":1}')).toBe(true);
    expect(['plain text', '[1,2]', '{broken', '42', ''].map((e) => p.test(e))).toEqual([false, false, false, false, false]);
  });

  test('extracted values: each plain selector of the pattern that reaches a scalar (our documented choice)', () => {
    const p = compilePattern('{ $.latency > 100 && $.user.name = * && $.tags[*] = a && $.gone NOT EXISTS }');
    expect(p.match('{"latency":250,"user":{"name":"ana"},"tags":["a"]}')).toEqual({ matched: true, extractedValues: { '$.latency': '250', '$.user.name': 'ana' } });
    expect(p.match('{"latency":50}')).toEqual({ matched: false, extractedValues: {} });
    expect(p.fieldNames).toEqual(['$.latency', '$.user.name', '$.gone']);
    expect(p.supportsDimensions).toBe(true);
  });

  test.each([
    ['{ $.a IS NOT NULL }', /IS NOT/],
    ['{ $.a EXISTS }', /EXISTS/],
    ['{ $.a IS MAYBE }', /./],
    ['{ $.a[*].b[*] = 1 }', /at most 1/],
    ['{ $.* = 1 && $.a[*] = 1 && $.b[*] = 1 && $.c[*] = 1 }', /at most 3/],
    ['{ }', /needs a condition/],
    ['{ $.a = 1', /must end with '}'/],
    ['{ a = 1 }', /selector/],
    ['{ $ = 1 }', /names no property/],
    ['{ $.a > abc }', /needs a number/],
    ['{ $.a = foo@bar }', /double quotes/],
    ['{ ($.a = 1 }', /matching '\)'/],
    ['{ $.a = 1 $.b = 2 }', /unexpected/],
    ['{ $.a = %x% || $.b = %y% || $.c = %z% }', /at most 2 regular expressions/],
    ['{ $.a[x] = 1 }', /array index/],
  ])('%s is rejected', (pattern, why) => {
    expect(invalidPatternReason(pattern)).toMatch(why);
  });

  test('three wildcards in a pattern are allowed', () => {
    expect(compilePattern('{ $.* = 1 || $.a[*] = 1 || $.b[*] = 1 }').test('{"b":[1]}')).toBe(true);
  });
});
