// Logs Insights engine throughput: the lab's "top rejecters" shape over 1,000,000 generated
// default-format flow records (goal: under one second). Prints a table; never asserts.
import { compileQuery, runQuery, type InsightsEvent } from '../emulator/insights';
import { mulberry32 } from '../core/random';

const N = Number(process.env.INSIGHTS_BENCH_EVENTS ?? 1_000_000);

// A small deterministic PRNG (mulberry32) so every run scans the same data.
const rng = mulberry32;

function flat(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

function generate(n: number): InsightsEvent[] {
  const rand = rng(42);
  const t0 = Date.UTC(2026, 0, 1);
  const events: InsightsEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const src = `203.0.${Math.floor(rand() * 40)}.${Math.floor(rand() * 250)}`;
    const start = Math.floor(t0 / 1000) + Math.floor(i / 100);
    const action = rand() < 0.3 ? 'REJECT' : 'ACCEPT';
    // Round-tripped through JSON like a PutLogEvents body, so messages are flat strings as in the
    // emulator's store (template literals would leave ropes that the first scan has to flatten).
    const message = flat(`2 123456789012 eni-0a1b2c3d4e5f67890 ${src} 10.0.1.15 ${1024 + Math.floor(rand() * 60000)} 22 6 ${1 + Math.floor(rand() * 20)} ${40 + Math.floor(rand() * 5000)} ${start} ${start + 59} ${action} OK`);
    events[i] = { timestamp: start * 1000, ingestionTime: start * 1000 + 900, message, logStream: 'eni-0a1b2c3d4e5f67890-all', logGroup: 'VPCFlowLogs', accountId: '123456789012' };
  }
  return events;
}

const QUERIES: Array<[string, string]> = [
  ['top 20 by srcAddr (goal < 1 s)', 'stats count(*) as n by srcAddr | sort n desc | limit 20'],
  ['console sample: top 20 rejecters', 'filter action="REJECT" | stats count(*) as numRejections by srcAddr | sort numRejections desc | limit 20'],
  ['sum(bytes) by srcAddr, dstAddr', 'stats sum(bytes) as bytesTransferred by srcAddr, dstAddr | sort bytesTransferred desc | limit 10'],
  ['count by bin(5m)', 'stats count(*) by bin(5m)'],
  ['raw rows, default 1000 newest', 'fields @timestamp, @message | filter dstPort = 22'],
];

function main(): void {
  const genStart = process.hrtime.bigint();
  const events = generate(N);
  const genMs = Number(process.hrtime.bigint() - genStart) / 1e6;
  console.log(`Generated ${N.toLocaleString('en-US')} flow-record events in ${genMs.toFixed(0)} ms.\n`);
  const table: Array<Record<string, string>> = [];
  for (const [label, q] of QUERIES) {
    const cq = compileQuery(q);
    const coldStart = process.hrtime.bigint();
    runQuery(cq, events); // the first, cold run (JIT not warm yet) is shown separately
    const cold = Number(process.hrtime.bigint() - coldStart) / 1e6;
    const times: number[] = [];
    const cpu: number[] = [];
    let rows = 0;
    for (let run = 0; run < 3; run++) {
      const s = process.hrtime.bigint();
      const c = process.cpuUsage();
      const res = runQuery(cq, events);
      const used = process.cpuUsage(c);
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
      cpu.push((used.user + used.system) / 1000);
      rows = res.rows.length;
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    // CPU time is shown next to wall time: on a shared machine wall time includes waiting for a core.
    table.push({
      query: label,
      'cold ms': cold.toFixed(0),
      'best ms': times[0].toFixed(0),
      'median ms': times[1].toFixed(0),
      'best cpu ms': cpu[0].toFixed(0),
      'events/s (best)': Math.round((N / times[0]) * 1000).toLocaleString('en-US'),
      rows: String(rows),
    });
  }
  console.table(table);
}

main();
