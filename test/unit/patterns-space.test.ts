import { compilePattern } from '../../patterns';
import { FILTER_PATTERN as LAB_PATTERN, TEST_LINES as LAB_LINES } from '../../fixtures/vpc-flow-logs/lab';
import { invalidPatternReason } from './invalid-pattern-reason';

const APACHE = [
  '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
  '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
  '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /index.html HTTP/1.0" 404 880',
];

function matching(pattern: string, events: string[]): number[] {
  const p = compilePattern(pattern);
  return events.flatMap((e, i) => (p.test(e) ? [i + 1] : []));
}

describe('the lab pattern (dest-port-22-rejects)', () => {
  const p = compilePattern(LAB_PATTERN);

  test('lines 1 and 2 match; line 3 (ACCEPT) and line 4 (port 80) do not', () => {
    expect(p.kind).toBe('space');
    expect(LAB_LINES.map((l) => p.test(l))).toEqual([true, true, false, false]);
    expect(LAB_LINES.map((l) => p.match(l).matched)).toEqual([true, true, false, false]);
  });

  test('extracted values name every field with its raw text', () => {
    expect(p.match(LAB_LINES[0]).extractedValues).toEqual({
      $version: '2', $account: '086112738802', $eni: 'eni-0d5d75b41f9befe9e', $source: '61.177.172.128',
      $destination: '172.31.83.158', $srcport: '39611', $destport: '22', $protocol: '6', $packets: '1', $bytes: '40',
      $windowstart: '1563108188', $windowend: '1563108227', $action: 'REJECT', $flowlogstatus: 'OK',
    });
    expect(p.match(LAB_LINES[1]).extractedValues).toMatchObject({ $source: '182.68.238.8', $srcport: '42227', $bytes: '44', $destport: '22' });
    expect(p.match(LAB_LINES[2]).extractedValues).toEqual({});
  });

  test('a record with one field more or less does not match (the field count must be equal)', () => {
    expect(p.test(`${LAB_LINES[0]} extra`)).toBe(false);
    expect(p.test(LAB_LINES[0].replace(' OK', ''))).toBe(false);
  });

  test('the quoted "22" is a string comparison', () => {
    expect(p.test(LAB_LINES[0].replace(' 22 6 ', ' 022 6 '))).toBe(false);
    expect(p.test(LAB_LINES[0].replace(' 22 6 ', ' 220 6 '))).toBe(false);
  });

  test('the pattern supports dimensions and names its fields', () => {
    expect(p.supportsDimensions).toBe(true);
    expect(p.fieldNames).toContain('$destport');
    expect(p.regexCount).toBe(0);
  });
});

describe('VPC Flow Logs patterns (spec §4.3, VPC-CWL)', () => {
  const fields = 'version, accountid, interfaceid, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, logstatus';
  const withCond = (field: string, cond: string) => `[${fields.replace(new RegExp(`\\b${field}\\b`), `${field} ${cond}`)}]`;
  const rec = (src: string, dstport: number, bytes: number, action: string) =>
    `2 123456789010 eni-1235b8ca123456789 ${src} 10.0.0.220 49761 ${dstport} 6 20 ${bytes} 1418530010 1418530070 ${action} OK`;
  const events = [rec('10.0.0.1', 80, 4249, 'ACCEPT'), rec('10.0.2.17', 8080, 300, 'REJECT'), rec('10.0.20.5', 443, 400, 'ACCEPT'), rec('10.0.2.9', 22, 399, 'REJECT')];

  test('the bare field list matches every default-format record', () => {
    expect(matching(`[${fields}]`, events)).toEqual([1, 2, 3, 4]);
  });
  test('srcaddr = 10.0.0.1', () => expect(matching(withCond('srcaddr', '= 10.0.0.1'), events)).toEqual([1]));
  test('srcaddr = 10.0.2.* (wildcard)', () => expect(matching(withCond('srcaddr', '= 10.0.2.*'), events)).toEqual([2, 4]));
  test('dstport = 80 || dstport = 8080', () => expect(matching(withCond('dstport', '= 80 || dstport = 8080'), events)).toEqual([1, 2]));
  test('bytes >= 400', () => expect(matching(withCond('bytes', '>= 400'), events)).toEqual([1, 3]));
  test('action = REJECT', () => expect(matching(withCond('action', '= REJECT'), events)).toEqual([2, 4]));
});

describe('space-delimited syntax (spec §4.3)', () => {
  const three = ['ERROR WARN message', 'ERROR message', 'WARN message'];

  test('[w1=ERROR, w2] matches "ERROR message" only: the field count must be equal', () => {
    expect(matching('[w1=ERROR, w2]', three)).toEqual([2]);
  });

  test('|| inside one slot', () => {
    expect(matching('[w1=ERROR || w1=WARN, w2]', three)).toEqual([2, 3]);
  });

  test('&& inside one slot', () => {
    expect(matching('[w1!=ERROR && w1!=WARN, w2]', [...three, 'INFO message'])).toEqual([4]);
    expect(matching('[w1!=ERROR&&w1!=WARN, w2]', [...three, 'INFO message'])).toEqual([4]);
  });

  test('[...] and "..." are one field; extracted values drop brackets and quotes', () => {
    const p = compilePattern('[ip, user, username, timestamp, request, status_code, bytes]');
    expect(p.match(APACHE[0])).toEqual({
      matched: true,
      extractedValues: {
        $ip: '127.0.0.1', $user: '-', $username: 'frank', $timestamp: '10/Oct/2000:13:25:15 -0700',
        $request: 'GET /apache_pb.gif HTTP/1.0', $status_code: '200', $bytes: '1534',
      },
    });
  });

  test.each([
    ['[ip, user, username, timestamp, request, status_code, bytes > 1000]', [1, 2]],
    ['[ip, user, username, timestamp, request, status_code = 200, bytes]', [1]],
    ['[ip, user, username, timestamp, request, status_code = 4*, bytes]', [3]],
    ['[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]', [3]],
    ['[ip, user, username, timestamp, request = "*html*", status_code, bytes]', [3]],
    ['[ip, user, username, timestamp, request, status_code = 5* || status_code = 4*, bytes]', [2, 3]],
    ['[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]', [3]],
    ['[ip, user, username, timestamp, request, status_code != 200, bytes < 1000]', [3]],
    ['[ip, user, username, timestamp, request, status_code, bytes <= 880]', [3]],
    ['[ip, user, username, timestamp = 10/Oct/2000:13:35*, request, status_code, bytes]', [2]],
  ] as const)('%s', (pattern, expected) => {
    expect(matching(pattern, APACHE)).toEqual(expected);
  });

  test('numeric comparisons need a number in the field', () => {
    expect(matching('[a, b > 5]', ['x 6', 'x abc', 'x 5', 'x 5.5', 'x 1e1', 'x -7'])).toEqual([1, 4, 5]);
    expect(matching('[a, b = 400]', ['x 400', 'x 400.0', 'x 4e2', 'x 401'])).toEqual([1, 2, 3]);
  });

  test.each([
    ['[..., status_code, bytes]', { $1: '127.0.0.1', $2: '-', $3: 'frank', $4: '10/Oct/2000:13:25:15 -0700', $5: 'GET /apache_pb.gif HTTP/1.0', $status_code: '200', $bytes: '1534' }],
    ['[ip, user, ..., status_code, bytes]', { $ip: '127.0.0.1', $user: '-', $3: 'frank', $4: '10/Oct/2000:13:25:15 -0700', $5: 'GET /apache_pb.gif HTTP/1.0', $status_code: '200', $bytes: '1534' }],
    ['[ip, user, ...]', { $ip: '127.0.0.1', $user: '-', $3: 'frank', $4: '10/Oct/2000:13:25:15 -0700', $5: 'GET /apache_pb.gif HTTP/1.0', $6: '200', $7: '1534' }],
  ])('ellipsis %s: covered fields are extracted positionally', (pattern, values) => {
    expect(compilePattern(pattern).match(APACHE[0])).toEqual({ matched: true, extractedValues: values });
  });

  test("FP-2021's ellipsis example: [..., request=*.html*, status_code=4*,]", () => {
    const p = compilePattern('[..., request=*.html*, status_code=4*,]');
    expect(p.match('127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534')).toEqual({
      matched: true,
      extractedValues: {
        $status_code: '404', $request: 'GET /index.html HTTP/1.0', $7: '1534', $4: '10/Oct/2000:13:25:15 -0700', $3: 'frank', $2: '-', $1: '127.0.0.1',
      },
    });
    expect(p.test('127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 200 1534')).toBe(false);
  });

  test('an ellipsis can cover zero fields and sit anywhere', () => {
    expect(matching('[..., status_code=404, bytes]', ['404 12', 'a b 404 12', '404'])).toEqual([1, 2]);
    expect(matching('[first=GET, ..., last=END]', ['GET END', 'GET a b END', 'GET a b', 'POST END'])).toEqual([1, 2]);
    expect(matching('[..., x=A, ..., y=B, ...]', ['A B', 'q A r B s', 'B A'])).toEqual([1, 2]);
  });

  test('%regex% values in a field', () => {
    const p = compilePattern('[ip, user, username, timestamp, request = %apache_pb\\.gif%, status_code, bytes]');
    expect(p.regexCount).toBe(1);
    expect(APACHE.map((e) => p.test(e))).toEqual([true, true, false]);
    expect(matching('[a, b != %^4\\d\\d$%]', ['x 404', 'x 200', 'x 4040'])).toEqual([2, 3]);
  });

  test('runs of spaces separate fields like one space; unclosed brackets are plain text', () => {
    expect(matching('[a, b, c]', ['x  y   z', ' x y z ', 'x y', 'x [y z] w', 'x "y z" w'])).toEqual([1, 2, 4, 5]);
    expect(compilePattern('[a, b, c]').match('x [y z').extractedValues).toEqual({ $a: 'x', $b: '[y', $c: 'z' });
    expect(compilePattern('[a, b]').match('x [y]z').extractedValues).toEqual({ $a: 'x', $b: '[y]z' });
    // Fields are separated by spaces only (spec §4.3); a tab is part of a field.
    expect(compilePattern('[a, b]').match('x\ty z').extractedValues).toEqual({ $a: 'x\ty', $b: 'z' });
  });

  test.each([
    ['[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]', /different fields/],
    ['[a, b', /must end with '\]'/],
    ['[]', /at least one field/],
    ['[a b]', /expected an operator/],
    ['[a, b > abc]', /needs a number/],
    ['[a, b =]', /expected a value/],
    ['[a, b == 1]', /expected a value/],
    ['[a, b = "x]', /no closing double quote/],
    ['[a, b > %x%]', /only be compared with = or !=/],
    ['[a = %x%, b = %y%, c = %z%]', /at most 2 regular expressions/],
  ])('%s is rejected', (pattern, why) => {
    expect(invalidPatternReason(pattern)).toMatch(why);
  });

  test('two regexes are allowed', () => {
    expect(compilePattern('[a = %x%, b = %y%]').regexCount).toBe(2);
  });
});
