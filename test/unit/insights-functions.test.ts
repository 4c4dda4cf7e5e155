import { runQuery, type InsightsEvent } from '../../emulator/insights';

const T = Date.UTC(2026, 2, 15, 13, 47, 31, 250); // 2026-03-15 13:47:31.250 UTC, a Sunday

function one(expr: string, message = '{"s":"  Hello World  ","n":-2.5,"ip4":"192.0.2.77","ip6":"2001:db8::8a2e:370:7334","empty":"","blank":"   "}'): string | undefined {
  const ev: InsightsEvent = { timestamp: T, ingestionTime: T + 1000, message, logStream: 's', logGroup: 'g', accountId: '000000000000' };
  const res = runQuery(`fields ${expr} as x`, [ev]);
  return res.rows[0].find((c) => c.field === 'x')?.value;
}

describe('Insights functions: time', () => {
  it('bin and datefloor round @timestamp down; dateceil rounds up; units from ms to years', () => {
    expect(one('bin(5m)')).toBe('2026-03-15 13:45:00.000');
    expect(one('bin(1h)')).toBe('2026-03-15 13:00:00.000');
    expect(one('bin(30s)')).toBe('2026-03-15 13:47:30.000');
    expect(one('bin(1d)')).toBe('2026-03-15 00:00:00.000');
    expect(one('bin(1w)')).toBe('2026-03-09 00:00:00.000'); // weeks start on Monday
    expect(one('bin(1mo)')).toBe('2026-03-01 00:00:00.000');
    expect(one('bin(1q)')).toBe('2026-01-01 00:00:00.000');
    expect(one('bin(1y)')).toBe('2026-01-01 00:00:00.000');
    expect(one('datefloor(@timestamp, 15m)')).toBe('2026-03-15 13:45:00.000');
    expect(one('dateceil(@timestamp, 15m)')).toBe('2026-03-15 14:00:00.000');
    expect(one('dateceil(@timestamp, 1mo)')).toBe('2026-04-01 00:00:00.000');
  });

  it('fromMillis makes a timestamp from a number and toMillis the reverse', () => {
    expect(one('fromMillis(0)')).toBe('1970-01-01 00:00:00.000');
    expect(one('toMillis(@timestamp)')).toBe(String(T));
    expect(one('@ingestionTime')).toBe('2026-03-15 13:47:32.250');
  });
});

describe('Insights functions: general and string', () => {
  it('presence tests', () => {
    expect(one('ispresent(s)')).toBe('true');
    expect(one('ispresent(nosuch)')).toBe('false');
    expect(one('isempty(empty)')).toBe('true');
    expect(one('isempty(blank)')).toBe('false');
    expect(one('isempty(nosuch)')).toBe('true');
    expect(one('isblank(blank)')).toBe('true');
    expect(one('isblank(s)')).toBe('false');
    expect(one('coalesce(nosuch, other, n)')).toBe('-2.5');
  });

  it('string functions', () => {
    expect(one('concat("a", n, "-", nosuch, "b")')).toBe('a-2.5-b');
    expect(one('trim(s)')).toBe('Hello World');
    expect(one('ltrim(s)')).toBe('Hello World  ');
    expect(one('rtrim(s)')).toBe('  Hello World');
    expect(one('trim("xxhixx", "x")')).toBe('hi');
    expect(one('strlen(s)')).toBe('15');
    expect(one('toupper(trim(s))')).toBe('HELLO WORLD');
    expect(one('tolower(trim(s))')).toBe('hello world');
    expect(one('substr(trim(s), 6)')).toBe('World');
    expect(one('substr(trim(s), 0, 5)')).toBe('Hello');
    expect(one('replace(s, "o", "0")')).toBe('  Hell0 W0rld  ');
    expect(one('strcontains(s, "World")')).toBe('1');
    expect(one('strcontains(s, "world")')).toBe('0');
  });
});

describe('Insights functions: math and arithmetic', () => {
  it('math functions', () => {
    expect(one('abs(n)')).toBe('2.5');
    expect(one('ceil(n)')).toBe('-2');
    expect(one('floor(n)')).toBe('-3');
    expect(one('greatest(1, 7, n, 3)')).toBe('7');
    expect(one('least(1, 7, n, 3)')).toBe('-2.5');
    expect(one('log(1)')).toBe('0');
    expect(one('sqrt(16)')).toBe('4');
    expect(one('sqrt(2)')).toBe(String(Math.SQRT2));
    expect(one('sqrt(n)')).toBeUndefined();
  });

  it('arithmetic operators, including ^ and %, and missing operands', () => {
    expect(one('2 ^ 3')).toBe('8');
    expect(one('10 % 3')).toBe('1');
    expect(one('1 + 2 * 3')).toBe('7');
    expect(one('(1 + 2) * 3')).toBe('9');
    expect(one('10 / 4')).toBe('2.5');
    expect(one('-n')).toBe('2.5');
    expect(one('nosuch + 1')).toBeUndefined();
  });
});

describe('Insights functions: IP addresses', () => {
  it('validates IPv4 and IPv6 text', () => {
    expect(one('isValidIp(ip4)')).toBe('true');
    expect(one('isValidIp(ip6)')).toBe('true');
    expect(one('isValidIp(s)')).toBe('false');
    expect(one('isValidIpV4(ip4)')).toBe('true');
    expect(one('isValidIpV4(ip6)')).toBe('false');
    expect(one('isValidIpV4("256.1.1.1")')).toBe('false');
    expect(one('isValidIpV6(ip6)')).toBe('true');
    expect(one('isValidIpV6("::ffff:192.0.2.1")')).toBe('true');
    expect(one('isValidIpV6("1::2::3")')).toBe('false');
  });

  it('tests subnet membership by family', () => {
    expect(one('isIpInSubnet(ip4, "192.0.2.0/24")')).toBe('true');
    expect(one('isIpInSubnet(ip4, "192.0.3.0/24")')).toBe('false');
    expect(one('isIpv4InSubnet(ip4, "192.0.2.64/26")')).toBe('true');
    expect(one('isIpv4InSubnet(ip4, "0.0.0.0/0")')).toBe('true');
    expect(one('isIpv4InSubnet(ip6, "2001:db8::/32")')).toBe('false');
    expect(one('isIpv6InSubnet(ip6, "2001:db8::/32")')).toBe('true');
    expect(one('isIpv6InSubnet(ip6, "2001:db9::/32")')).toBe('false');
    expect(one('isIpInSubnet(ip6, "2001:db8:0:0::/64")')).toBe('true');
  });

  it('filters flow records by source subnet', () => {
    const events: InsightsEvent[] = ['10.0.1.5', '10.0.2.9', '203.0.113.4'].map((src, i) => ({
      timestamp: T + i,
      ingestionTime: T + i,
      message: `2 123456789010 eni-1 ${src} 10.0.0.1 1234 22 6 1 40 1 2 ACCEPT OK`,
      logStream: 's',
      logGroup: 'g',
      accountId: '1',
    }));
    const res = runQuery('filter isIpv4InSubnet(srcAddr, "10.0.0.0/16") | stats count(*) as n', events);
    expect(res.rows).toEqual([[{ field: 'n', value: '2' }]]);
  });
});
