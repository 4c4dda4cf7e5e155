// Athena engine throughput: the lab's Query 3 over 10,000,000 default-format flow records in gzip
// objects of one day's partition (goal: under five seconds). Prints a table; never asserts.
// To keep generation short, 10 distinct gzip bodies of 100,000 records are stored under 100 keys:
// every key is a separate object that is written out and scanned, so the engine's work is the same.
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { createCatalog } from '../emulator/athena/catalog';
import { runStatement } from '../emulator/athena/engine';
import { memoryObjectReader } from '../emulator/athena/object-reader';
import { mulberry32 } from '../core/random';

const TOTAL = Number(process.env.ATHENA_BENCH_RECORDS ?? 10_000_000);
const PER_OBJECT = 100_000;
const DISTINCT = 10;
const HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const PREFIX = 'AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/01/15/';

const rng = mulberry32;

function body(seed: number, n: number): Buffer {
  const rand = rng(seed);
  const lines = [HEADER];
  const start = Math.floor(Date.UTC(2026, 0, 15) / 1000);
  for (let i = 0; i < n; i++) {
    if (rand() < 0.02) {
      lines.push(`2 123456789012 eni-0a1b2c3d4e5f6789${i % 10} - - - - - - - ${start} ${start + 60} - NODATA`);
      continue;
    }
    const src = `203.0.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
    const proto = rand() < 0.8 ? 6 : 17;
    const action = rand() < 0.3 ? 'REJECT' : 'ACCEPT';
    lines.push(
      `2 123456789012 eni-0a1b2c3d4e5f6789${i % 10} ${src} 10.0.1.15 ${1024 + Math.floor(rand() * 60000)} ${[22, 80, 443][i % 3]} ${proto} ` +
        `${1 + Math.floor(rand() * 20)} ${40 + Math.floor(rand() * 5000)} ${start + (i % 300)} ${start + (i % 300) + 59} ${action} OK`,
    );
  }
  return gzipSync(`${lines.join('\n')}\n`, { level: 6 });
}

const QUERY_1 = `CREATE EXTERNAL TABLE IF NOT EXISTS default.vpc_flow_logs (
  version int, account string, interfaceid string, sourceaddress string, destinationaddress string, sourceport int,
  destinationport int, protocol int, numpackets int, numbytes bigint, starttime int, endtime int, action string, logstatus string)
PARTITIONED BY (dt string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://bench-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/' TBLPROPERTIES ("skip.header.line.count"="1");`;
const QUERY_2 = `ALTER TABLE default.vpc_flow_logs ADD PARTITION (dt='2026-01-15') location 's3://bench-bucket/${PREFIX}'`;
const QUERY_3 = `SELECT day_of_week(from_iso8601_timestamp(dt)) AS day, dt, interfaceid, sourceaddress, destinationport, action, protocol
   FROM vpc_flow_logs WHERE action = 'REJECT' AND protocol = 6 order by sourceaddress LIMIT 100;`;
const TOP_TALKERS = 'SELECT SUM(numpackets) AS packetcount, destinationaddress FROM vpc_flow_logs WHERE destinationport = 443 GROUP BY destinationaddress ORDER BY packetcount DESC LIMIT 10';

async function main(): Promise<void> {
  const t0 = performance.now();
  const bodies = Array.from({ length: DISTINCT }, (_, i) => body(1000 + i, PER_OBJECT));
  const objects: Record<string, Buffer> = {};
  for (let i = 0; i < TOTAL / PER_OBJECT; i++) {
    objects[`${PREFIX}123456789012_vpcflowlogs_us-east-1_fl-0bench_20260115T${String(i).padStart(4, '0')}Z_${i.toString(16).padStart(8, '0')}.log.gz`] = bodies[i % DISTINCT];
  }
  const compressed = Object.values(objects).reduce((n, b) => n + b.length, 0);
  console.log(`generated ${TOTAL.toLocaleString()} records in ${Object.keys(objects).length} objects, ${(compressed / 1e6).toFixed(1)} MB gzip, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const ctx = { catalog: createCatalog(), database: 'default', reader: memoryObjectReader({ 'bench-bucket': objects }), nowMs: Date.now() };
  await runStatement(QUERY_1, ctx);
  await runStatement(QUERY_2, ctx);
  const rows: Array<Record<string, string>> = [];
  for (const [label, sql] of [
    ["lab Query 3, cold (objects written to temp files)", QUERY_3],
    ['lab Query 3, warm (temp files cached)', QUERY_3],
    ['top talkers to port 443 (AWS sample)', TOP_TALKERS],
  ] as const) {
    const t = performance.now();
    const out = await runStatement(sql, ctx);
    const s = (performance.now() - t) / 1000;
    rows.push({
      query: label,
      seconds: s.toFixed(2),
      'records/s': `${(TOTAL / s / 1e6).toFixed(2)} M`,
      'gzip MB/s': (out.bytesScanned / s / 1e6).toFixed(1),
      'rows out': String(out.result.rows.length),
      'goal < 5 s': s < 5 ? 'met' : 'missed',
    });
  }
  console.table(rows);
}

void main();
