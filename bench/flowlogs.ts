// Flow-log record parsing throughput: `node bin/run-ts.js bench/flowlogs.ts [records]`.
// Generates default-format records in memory, then times parseRecord plus the reads a check does
// (dstPort, action), whole-file parseRecords, and formatRecord; best of three runs after a warm-up.
// Prints a table; asserts nothing.
import { formatRecord, parseFormat, parseRecord, parseRecords } from '../flowlogs';

const COUNT = Number(process.argv[2] ?? 1_000_000);
const format = parseFormat();

function generate(count: number): string[] {
  const lines: string[] = new Array(count);
  let seed = 42;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const ports = [22, 80, 443, 3389, 8080];
  for (let i = 0; i < count; i++) {
    const start = 1563108000 + rnd(100000);
    lines[i] = formatRecord(
      {
        'account-id': '086112738802',
        'interface-id': `eni-0d5d75b41f9be${(i % 4096).toString(16).padStart(4, '0')}`,
        srcaddr: `${1 + rnd(223)}.${rnd(256)}.${rnd(256)}.${rnd(256)}`,
        dstaddr: `172.31.${rnd(256)}.${rnd(256)}`,
        srcport: 1024 + rnd(64000),
        dstport: ports[rnd(ports.length)],
        protocol: rnd(10) === 0 ? 17 : 6,
        packets: 1 + rnd(100),
        bytes: 40 + rnd(100000),
        start,
        end: start + rnd(60),
        action: rnd(3) === 0 ? 'REJECT' : 'ACCEPT',
        'log-status': 'OK',
      },
      format,
    );
  }
  return lines;
}

function time(label: string, records: number, fn: () => number): { label: string; ms: number; perSecond: number; check: number } {
  fn(); // warm-up so the JIT has compiled the hot path
  // Best of three: the figure is meant to show the code's speed, not the machine's other load.
  let ms = Infinity;
  let check = 0;
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint();
    check = fn();
    ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { label, ms, perSecond: records / (ms / 1000), check };
}

const lines = generate(COUNT);
const text = lines.join('\n');
const rows = [
  // Reference: the cheapest possible column split, no validation and no record object.
  time("reference: line.split(' ') only", COUNT, () => {
    let n = 0;
    for (let i = 0; i < lines.length; i++) n += lines[i].split(' ').length;
    return n;
  }),
  time('parseRecord + dstPort + action', COUNT, () => {
    let hits = 0;
    for (let i = 0; i < lines.length; i++) {
      const r = parseRecord(lines[i], format, i + 1);
      if (r.dstPort === 22 && r.action === 'REJECT') hits++;
    }
    return hits;
  }),
  time('parseRecord only', COUNT, () => {
    let n = 0;
    for (let i = 0; i < lines.length; i++) n += parseRecord(lines[i], format).line.length > 0 ? 1 : 0;
    return n;
  }),
  time('parseRecords (whole file text)', COUNT, () => parseRecords(text, format).length),
  time('formatRecord (array values)', COUNT, () => {
    let n = 0;
    const v = [2, '086112738802', 'eni-0d5d75b41f9befe9e', '61.177.172.128', '172.31.83.158', 39611, 22, 6, 1, 40, 1563108188, 1563108227, 'REJECT', 'OK'];
    for (let i = 0; i < COUNT; i++) n += formatRecord(v, format).length;
    return n;
  }),
];

console.log(`flow-log records, default format, ${COUNT.toLocaleString('en-US')} records, Node ${process.version}`);
console.log(`${'operation'.padEnd(34)} ${'ms'.padStart(9)} ${'records/s'.padStart(12)}`);
for (const r of rows) console.log(`${r.label.padEnd(34)} ${r.ms.toFixed(0).padStart(9)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(12)}`);
console.log(`(check: ${rows[1].check} REJECT records to port 22; load average ${require('node:os').loadavg()[0].toFixed(2)})`);
