import { mulberry32 } from '../../core/random';
import { runQuery, type InsightsEvent, type ResultField } from '../../emulator/insights';

// A seeded generator (mulberry32) so the data is the same on every run, and expected answers are
// computed below with plain JS, independently of the engine.
const rng = mulberry32;

interface Flow {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  packets: number;
  bytes: number;
  start: number;
  action: 'ACCEPT' | 'REJECT';
}

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);

function makeFlows(n: number, seed = 7): Flow[] {
  const r = rng(seed);
  const flows: Flow[] = [];
  for (let i = 0; i < n; i++) {
    // A skewed source distribution so counts differ between addresses.
    const s = Math.floor(r() * r() * 60);
    flows.push({
      src: `198.51.100.${s}`,
      dst: `10.0.1.${Math.floor(r() * 4) + 10}`,
      srcPort: 1024 + Math.floor(r() * 60000),
      dstPort: [22, 80, 443, 53][Math.floor(r() * 4)],
      protocol: r() < 0.2 ? 17 : 6,
      packets: 1 + Math.floor(r() * 30),
      bytes: 40 + Math.floor(r() * 9000),
      start: Math.floor(T0 / 1000) + Math.floor(r() * 600),
      action: r() < 0.4 ? 'REJECT' : 'ACCEPT',
    });
  }
  return flows;
}

function toEvent(f: Flow, i: number): InsightsEvent {
  const message = `2 123456789010 eni-0abc ${f.src} ${f.dst} ${f.srcPort} ${f.dstPort} ${f.protocol} ${f.packets} ${f.bytes} ${f.start} ${f.start + 30} ${f.action} OK`;
  return { timestamp: f.start * 1000 + (i % 1000), ingestionTime: f.start * 1000 + 5000, message, logStream: 'eni-0abc-all', logGroup: 'VPCFlowLogs', accountId: '123456789010' };
}

const FLOWS = makeFlows(2000);
const EVENTS = FLOWS.map(toEvent);

function rowObj(row: ResultField[]): Record<string, string> {
  return Object.fromEntries(row.map((c) => [c.field, c.value]));
}

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return m;
}

describe('Insights executor: the console VPC flow-log samples', () => {
  const expectedRejects = countBy(FLOWS.filter((f) => f.action === 'REJECT'), (f) => f.src);
  const topCounts = [...expectedRejects.values()].sort((a, b) => b - a).slice(0, 20);

  it.each([
    ['without the fields line', 'filter action="REJECT" | stats count(*) as numRejections by srcAddr | sort numRejections desc | limit 20'],
    ['with the fields line, one command per line', 'fields @timestamp, @message, @logStream, @log\n| filter action="REJECT"\n| stats count(*) as numRejections by srcAddr\n| sort numRejections desc\n| limit 20'],
  ])('Top 20 source IPs with the most rejected requests (%s)', (_label, q) => {
    const res = runQuery(q, EVENTS);
    expect(res.rows).toHaveLength(20);
    for (const row of res.rows) {
      expect(row.map((c) => c.field)).toEqual(['srcAddr', 'numRejections']);
      const o = rowObj(row);
      expect(Number(o.numRejections)).toBe(expectedRejects.get(o.srcAddr));
    }
    expect(res.rows.map((r) => Number(rowObj(r).numRejections))).toEqual(topCounts);
    expect(res.statistics.recordsMatched).toBe(FLOWS.filter((f) => f.action === 'REJECT').length);
    expect(res.statistics.recordsScanned).toBe(2000);
  });

  it('Average, min and max byte transfers by source and destination', () => {
    const res = runQuery('stats avg(bytes), min(bytes), max(bytes) by srcAddr, dstAddr', EVENTS);
    const groups = new Map<string, number[]>();
    for (const f of FLOWS) {
      const k = `${f.src}|${f.dst}`;
      groups.set(k, [...(groups.get(k) ?? []), f.bytes]);
    }
    expect(res.rows).toHaveLength(groups.size);
    for (const row of res.rows) {
      expect(row.map((c) => c.field)).toEqual(['srcAddr', 'dstAddr', 'avg(bytes)', 'min(bytes)', 'max(bytes)']);
      const o = rowObj(row);
      const bytes = groups.get(`${o.srcAddr}|${o.dstAddr}`) as number[];
      expect(Number(o['avg(bytes)'])).toBeCloseTo(bytes.reduce((a, b) => a + b, 0) / bytes.length, 9);
      expect(o['min(bytes)']).toBe(String(Math.min(...bytes)));
      expect(o['max(bytes)']).toBe(String(Math.max(...bytes)));
    }
  });

  it('IP addresses using UDP', () => {
    const res = runQuery('filter protocol=17 | stats count(*) by srcAddr', EVENTS);
    const expected = countBy(FLOWS.filter((f) => f.protocol === 17), (f) => f.src);
    expect(Object.fromEntries(res.rows.map((r) => [rowObj(r).srcAddr, Number(rowObj(r)['count(*)'])]))).toEqual(Object.fromEntries(expected));
  });

  it('Top 10 byte transfers by source and destination', () => {
    const res = runQuery('stats sum(bytes) as bytesTransferred by srcAddr, dstAddr | sort bytesTransferred desc | limit 10', EVENTS);
    const sums = new Map<string, number>();
    for (const f of FLOWS) sums.set(`${f.src}|${f.dst}`, (sums.get(`${f.src}|${f.dst}`) ?? 0) + f.bytes);
    const top = [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    expect(res.rows.map((r) => `${rowObj(r).srcAddr}|${rowObj(r).dstAddr}=${rowObj(r).bytesTransferred}`)).toEqual(top.map(([k, v]) => `${k}=${v}`));
  });
});

describe('Insights executor: rows, order and limits', () => {
  it('returns non-aggregate rows newest first with system fields, formatted timestamps and @ptr', () => {
    const res = runQuery('fields @timestamp, @message, @logStream, @log, @ingestionTime | limit 3', EVENTS);
    const newest = [...EVENTS].sort((a, b) => b.timestamp - a.timestamp).slice(0, 3);
    expect(res.rows).toHaveLength(3);
    res.rows.forEach((row, i) => {
      const o = rowObj(row);
      expect(row.map((c) => c.field)).toEqual(['@timestamp', '@message', '@logStream', '@log', '@ingestionTime', '@ptr']);
      expect(o['@timestamp']).toBe(new Date(newest[i].timestamp).toISOString().replace('T', ' ').replace('Z', ''));
      expect(o['@timestamp']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
      expect(o['@message']).toBe(newest[i].message);
      expect(o['@log']).toBe('123456789010:VPCFlowLogs');
      expect(o['@ptr']).toMatch(/^[A-Za-z0-9_-]+$/);
    });
  });

  it('caps rows at 1000 by default, at the API limit when given, and lets the limit command win', () => {
    expect(runQuery('fields @timestamp', EVENTS).rows).toHaveLength(1000);
    expect(runQuery('fields @timestamp', EVENTS, { limit: 7 }).rows).toHaveLength(7);
    expect(runQuery('fields @timestamp | limit 1500', EVENTS, { limit: 7 }).rows).toHaveLength(1500);
  });

  it('stats rows carry no @ptr and count over no events is one row of 0', () => {
    const res = runQuery('filter action = "NOPE" | stats count(*) as n', EVENTS);
    expect(res.rows).toEqual([[{ field: 'n', value: '0' }]]);
    expect(res.statistics.recordsMatched).toBe(0);
  });

  it('counts per minute with bin(1m), as a formatted time key', () => {
    const res = runQuery('stats count(*) as n by bin(1m) as minute | sort minute asc', EVENTS);
    const expected = countBy(EVENTS, (e) => new Date(Math.floor(e.timestamp / 60000) * 60000).toISOString().replace('T', ' ').replace('Z', ''));
    expect(res.rows.map((r) => [rowObj(r).minute, Number(rowObj(r).n)])).toEqual([...expected.entries()].sort((a, b) => a[0].localeCompare(b[0])));
  });

  it('sorts numbers numerically, several keys, and non-numbers before numbers ascending', () => {
    const res = runQuery('fields srcAddr, bytes | sort bytes desc, srcAddr asc | limit 50', EVENTS);
    const expected = [...FLOWS].sort((a, b) => b.bytes - a.bytes).slice(0, 50).map((f) => f.bytes);
    expect(res.rows.map((r) => Number(rowObj(r).bytes))).toEqual(expected);
    const mixed = ['10', 'b2', '9', 'a10', 'a9'].map((v, i) => ev(`{"v":"${v}"}`, i));
    expect(runQuery('fields v | sort v asc', mixed).rows.map((r) => rowObj(r).v)).toEqual(['a9', 'a10', 'b2', '9', '10']);
  });

  it('dedup keeps the newest row per key and never treats missing values as duplicates', () => {
    const events = [ev('{"server":"a","n":1}', 0), ev('{"server":"a","n":2}', 1), ev('{"server":"b","n":3}', 2), ev('{"n":4}', 3), ev('{"n":5}', 4)];
    const res = runQuery('fields server, n | dedup server', events);
    expect(res.rows.map((r) => rowObj(r).n)).toEqual(['5', '4', '3', '2']);
  });

  it('reports statistics: records scanned, matched, and bytes scanned', () => {
    const res = runQuery('filter dstPort = 22', EVENTS);
    expect(res.statistics).toEqual({
      recordsScanned: 2000,
      recordsMatched: FLOWS.filter((f) => f.dstPort === 22).length,
      bytesScanned: EVENTS.reduce((a, e) => a + e.message.length, 0),
    });
  });
});

function ev(message: string, i: number): InsightsEvent {
  return { timestamp: T0 + i * 1000, ingestionTime: T0 + i * 1000 + 10, message, logStream: 's', logGroup: 'g', accountId: '000000000000' };
}

describe('Insights executor: discovery, parse, filters', () => {
  it('discovers flattened JSON fields, with numbers comparing numerically', () => {
    const events = [
      ev('{"level":"error","http":{"status":503,"path":"/a"},"tags":["x","y"]}', 0),
      ev('{"level":"info","http":{"status":200,"path":"/b"}}', 1),
      ev('{"level":"error","http":{"status":404,"path":"/c"}}', 2),
      ev('plain text line', 3),
    ];
    const res = runQuery('filter http.status >= 400 | fields http.path, tags.1, level | sort http.status desc', events);
    expect(res.rows.map(rowObj).map(({ '@ptr': _p, ...o }) => o)).toEqual([
      { 'http.path': '/a', 'tags.1': 'y', level: 'error' },
      { 'http.path': '/c', level: 'error' },
    ]);
  });

  it('discovers all 14 default-format flow fields, with start/end renamed', () => {
    const res = runQuery('fields version, accountId, interfaceId, srcAddr, dstAddr, srcPort, dstPort, protocol, packets, bytes, startTime, endTime, action, logStatus | limit 1', [toEvent(FLOWS[0], 0)]);
    const f = FLOWS[0];
    expect(rowObj(res.rows[0])).toMatchObject({
      version: '2', accountId: '123456789010', interfaceId: 'eni-0abc', srcAddr: f.src, dstAddr: f.dst, srcPort: String(f.srcPort), dstPort: String(f.dstPort),
      protocol: String(f.protocol), packets: String(f.packets), bytes: String(f.bytes), startTime: String(f.start), endTime: String(f.start + 30), action: f.action, logStatus: 'OK',
    });
  });

  it('keeps NODATA records with - values and does not treat custom text as a flow record', () => {
    const events = [ev('2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA', 0), ev('3 vpc-1 subnet-1 10.0.0.1', 1)];
    const res = runQuery('fields srcAddr, bytes, logStatus, startTime', events);
    // Newest first: the custom-format line (nothing discovered), then the NODATA record.
    expect(res.rows.map(rowObj).map(({ '@ptr': _p, ...o }) => o)).toEqual([{}, { srcAddr: '-', bytes: '-', logStatus: 'NODATA', startTime: '1431280876' }]);
  });

  it('parse with a glob and with named regex groups; unmatched events keep going without the fields', () => {
    const events = [ev('user=ana, method:GET, latency := 12', 0), ev('user=bo, method:POST, latency := 30', 1), ev('no match here', 2)];
    const glob = runQuery('parse @message "user=*, method:*, latency := *" as user, method, latency | fields user, method, latency', events);
    expect(glob.rows.map(rowObj).map(({ '@ptr': _p, ...o }) => o)).toEqual([{}, { user: 'bo', method: 'POST', latency: '30' }, { user: 'ana', method: 'GET', latency: '12' }]);
    const re = runQuery('parse @message /user=(?<user>\\w+), method:(?<method>[A-Z]+)/ | stats count(*) as n by method | sort method asc', events);
    expect(re.rows.map(rowObj)).toEqual([{ n: '1' }, { method: 'GET', n: '1' }, { method: 'POST', n: '1' }]);
    const avg = runQuery('parse @message "latency := *" as latency | stats avg(latency) as a', events);
    expect(avg.rows).toEqual([[{ field: 'a', value: '21' }]]);
  });

  it('like (substring and regex), not like, =~ with (?i), in and not in', () => {
    const events = ['Error: disk full', 'error: cpu hot', 'WARN: fan', 'info: ok'].map((m, i) => ev(m, i));
    const msgs = (q: string) => runQuery(`${q} | sort @timestamp asc`, events).rows.map((r) => rowObj(r)['@message']);
    expect(msgs('filter @message like "rror"')).toEqual(['Error: disk full', 'error: cpu hot']);
    expect(msgs('filter @message like /^E/')).toEqual(['Error: disk full']);
    expect(msgs('filter @message not like /rror/')).toEqual(['WARN: fan', 'info: ok']);
    expect(msgs('filter @message =~ /^error/')).toEqual(['error: cpu hot']);
    expect(msgs('filter @message =~ /(?i)^error/')).toEqual(['Error: disk full', 'error: cpu hot']);
    const flows = runQuery('filter dstPort in [22, 53] and action not in ["ACCEPT"] | stats count(*) as n', EVENTS);
    expect(rowObj(flows.rows[0]).n).toBe(String(FLOWS.filter((f) => (f.dstPort === 22 || f.dstPort === 53) && f.action !== 'ACCEPT').length));
  });

  it('filters with arithmetic and boolean logic over discovered numbers', () => {
    const res = runQuery('filter bytes / packets > 300 and (protocol = 6 or not dstPort = 443) | stats count(*) as n', EVENTS);
    const expected = FLOWS.filter((f) => f.bytes / f.packets > 300 && (f.protocol === 6 || !(f.dstPort === 443))).length;
    expect(res.rows).toEqual([[{ field: 'n', value: String(expected) }]]);
  });

  it('computes the other aggregates: count_distinct, pct, stddev, earliest, latest, sortsFirst, sortsLast, count(field)', () => {
    const events = [ev('{"v":4,"s":"b"}', 0), ev('{"v":8,"s":"a"}', 1), ev('{"v":6}', 2), ev('{"v":2,"s":"c"}', 3)];
    const res = runQuery('stats count_distinct(s) as d, pct(v, 50) as p50, stddev(v) as sd, earliest(v) as e, latest(v) as l, sortsFirst(s) as f, sortsLast(s) as z, count(s) as cs, sum(v) as total', events);
    const mean = 5;
    const sd = Math.sqrt([4, 8, 6, 2].reduce((a, x) => a + (x - mean) ** 2, 0) / 3);
    const o = rowObj(res.rows[0]);
    expect(o).toMatchObject({ d: '3', p50: '4', e: '4', l: '2', f: 'a', z: 'c', cs: '3', total: '20' });
    expect(Number(o.sd)).toBeCloseTo(sd, 12);
  });

  it('display keeps only its fields (the last display counts)', () => {
    const res = runQuery('fields srcAddr, dstAddr, bytes | display srcAddr | display dstAddr, bytes | limit 1', EVENTS);
    expect(res.rows[0].map((c) => c.field)).toEqual(['dstAddr', 'bytes', '@ptr']);
  });
});

describe('Insights executor: referring to stats outputs by their written form', () => {
  it('sorts by count(*) and bin(1m) after stats without aliases', () => {
    const res = runQuery('filter action = "REJECT" | stats count(*) by srcAddr | sort count(*) desc | limit 3', EVENTS);
    const counts = [...countBy(FLOWS.filter((f) => f.action === 'REJECT'), (f) => f.src).values()].sort((a, b) => b - a).slice(0, 3);
    expect(res.rows.map((r) => Number(rowObj(r)['count(*)']))).toEqual(counts);
    const bins = runQuery('stats count(*) by bin(1m) | sort bin(1m) asc', EVENTS).rows.map((r) => rowObj(r)['bin(1m)']);
    expect(bins).toEqual([...bins].sort());
    expect(bins.length).toBeGreaterThan(1);
  });
});
