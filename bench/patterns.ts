// Filter-pattern throughput: `node bin/run-ts.js bench/patterns.ts [records]`.
// Generates default-format flow records (a mix of ACCEPT/REJECT and ports, 22 included) and JSON
// events, then times `test()` of the lab pattern and others on one core, best of three runs after
// a warm-up. Prints a table; asserts nothing (performance is never a timed test assertion).
import { loadavg } from 'node:os';
import { parseRecord } from '../flowlogs';
import { compilePattern } from '../patterns';

const COUNT = Number(process.argv[2] ?? 1_000_000);
// JSON events are ~3x longer; a quarter as many keeps memory modest on a shared machine.
const JSON_COUNT = Math.max(1, Math.floor(COUNT / 4));

const LAB_PATTERN =
  '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';

let seed = 42;
function rnd(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % n;
}

interface Flow { src: string; dst: string; srcport: number; dstport: number; protocol: number; packets: number; bytes: number; start: number; action: string }

function flow(i: number): Flow {
  const start = 1563108000 + rnd(100000);
  return {
    src: `${1 + rnd(223)}.${rnd(256)}.${rnd(256)}.${rnd(256)}`,
    dst: `172.31.${rnd(256)}.${rnd(256)}`,
    srcport: 1024 + rnd(64000),
    dstport: [22, 80, 443, 3389, 8080][rnd(5)],
    protocol: rnd(10) === 0 ? 17 : 6,
    packets: 1 + rnd(100),
    bytes: 40 + rnd(100000),
    start: start + (i % 7),
    action: rnd(3) === 0 ? 'REJECT' : 'ACCEPT',
  };
}

const lines: string[] = new Array(COUNT);
for (let i = 0; i < COUNT; i++) {
  const f = flow(i);
  lines[i] = `2 086112738802 eni-0d5d75b41f9be${(i % 4096).toString(16).padStart(4, '0')} ${f.src} ${f.dst} ${f.srcport} ${f.dstport} ${f.protocol} ${f.packets} ${f.bytes} ${f.start} ${f.start + 60} ${f.action} OK`;
}
const jsonEvents: string[] = new Array(JSON_COUNT);
for (let i = 0; i < JSON_COUNT; i++) {
  const f = flow(i);
  jsonEvents[i] = JSON.stringify({ version: 2, account: '086112738802', interfaceId: 'eni-0d5d75b41f9befe9e', srcaddr: f.src, dstaddr: f.dst, srcport: f.srcport, dstport: f.dstport, protocol: f.protocol, packets: f.packets, bytes: f.bytes, start: f.start, end: f.start + 60, action: f.action, logStatus: 'OK' });
}

interface Row { label: string; events: number; ms: number; matches: number }

function time(label: string, events: string[], fn: (e: string) => boolean): Row {
  const once = (): number => {
    let n = 0;
    for (let i = 0; i < events.length; i++) if (fn(events[i])) n++;
    return n;
  };
  once(); // warm-up so the JIT has compiled the hot path
  let ms = Infinity;
  let matches = 0;
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint();
    matches = once();
    ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { label, events: events.length, ms, matches };
}

const lab = compilePattern(LAB_PATTERN);
const rows: Row[] = [
  time('lab pattern test() (space-delimited)', lines, (e) => lab.test(e)),
  time('lab pattern match() (with extraction)', lines, (e) => lab.match(e).matched),
  (() => { const p = compilePattern('[..., dstport = 22 || dstport = 3389, protocol, packets, bytes >= 400, start, end, action = REJECT, logstatus]'); return time('ellipsis pattern test()', lines, (e) => p.test(e)); })(),
  (() => { const p = compilePattern('{ $.dstport = 22 && $.action = "REJECT" }'); return time('JSON pattern test() over JSON events', jsonEvents, (e) => p.test(e)); })(),
  (() => { const p = compilePattern('REJECT -NODATA'); return time('terms pattern test() (REJECT -NODATA)', lines, (e) => p.test(e)); })(),
  (() => { const p = compilePattern('%\\s22\\s6\\s\\d+\\s\\d+\\s\\d+\\s\\d+\\sREJECT%'); return time('regex pattern test()', lines, (e) => p.test(e)); })(),
  time('flowlogs parseRecord + dstPort + action', lines, (e) => { const r = parseRecord(e); return r.dstPort === 22 && r.protocol === 6 && r.action === 'REJECT'; }),
];

console.log(`filter patterns on one core, Node ${process.version}, ${COUNT.toLocaleString('en-US')} flow records, ${JSON_COUNT.toLocaleString('en-US')} JSON events`);
console.log(`${'operation'.padEnd(42)} ${'events'.padStart(10)} ${'ms'.padStart(8)} ${'events/s'.padStart(12)} ${'matches'.padStart(9)}`);
for (const r of rows) {
  const perSecond = Math.round(r.events / (r.ms / 1000)).toLocaleString('en-US');
  console.log(`${r.label.padEnd(42)} ${r.events.toLocaleString('en-US').padStart(10)} ${r.ms.toFixed(0).padStart(8)} ${perSecond.padStart(12)} ${r.matches.toLocaleString('en-US').padStart(9)}`);
}
console.log(`(lab pattern, match(), regex and parseRecord rows must agree on the match count; load average ${loadavg()[0].toFixed(2)})`);
