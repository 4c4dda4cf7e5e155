import { gzipSync } from 'node:zlib';
import {
  AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, GetTableMetadataCommand, StartQueryExecutionCommand,
  UpdateWorkGroupCommand, type QueryExecution,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { poll } from '../../core/poll';
import { mulberry32 } from '../../core/random';
import { athenaAddPartition, athenaCreateTable, ATHENA_REJECTS_QUERY } from '../../fixtures/vpc-flow-logs/lab';
import { startTestEmulator, type TestEmulator } from './helpers';

// The lab's three statements (fixtures/vpc-flow-logs.ts holds the published text), with this test's bucket and account.
const ACCOUNT = '123456789012';
const BUCKET = 'lab-flow-logs-bucket';
const RESULTS = 'lab-athena-results';
const QUERY_1 = athenaCreateTable(BUCKET, ACCOUNT, 'us-east-1');
const query2 = (y: string, m: string, d: string) => athenaAddPartition(BUCKET, ACCOUNT, 'us-east-1', `${y}-${m}-${d}`);
const QUERY_3 = ATHENA_REJECTS_QUERY;

const HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

interface Rec {
  eni: string; src: string; dst: string; srcport: number; dstport: number; protocol: number; packets: number; bytes: number;
  action: 'ACCEPT' | 'REJECT' | '-'; status: 'OK' | 'NODATA';
}

/** A small deterministic generator (no Math.random: failures must be reproducible). */
function records(seed: number, n: number): Rec[] {
  // mulberry32's raw 32 bits, less the top one: its low bits are as good as its high ones.
  const random = mulberry32(seed);
  const next = () => Math.floor(random() * 4294967296) % 2147483648;
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const r = next();
    if (r % 13 === 0) {
      out.push({ eni: `eni-0${r % 3}`, src: '-', dst: '-', srcport: 0, dstport: 0, protocol: 0, packets: 0, bytes: 0, action: '-', status: 'NODATA' });
      continue;
    }
    out.push({
      eni: `eni-0${r % 3}`, src: `198.51.${(r >> 4) % 256}.${(r >> 12) % 256}`, dst: '172.31.83.158',
      srcport: 1024 + (r % 50000), dstport: [22, 80, 443][r % 3], protocol: [6, 6, 17][(r >> 3) % 3],
      packets: 1 + (r % 9), bytes: 40 + (r % 900), action: (r >> 5) % 2 ? 'REJECT' : 'ACCEPT', status: 'OK',
    });
  }
  return out;
}

function line(r: Rec): string {
  if (r.status === 'NODATA') return `2 ${ACCOUNT} ${r.eni} - - - - - - - 1705312800 1705312860 - NODATA`;
  return `2 ${ACCOUNT} ${r.eni} ${r.src} ${r.dst} ${r.srcport} ${r.dstport} ${r.protocol} ${r.packets} ${r.bytes} 1705312800 1705312860 ${r.action} ${r.status}`;
}

const file = (recs: Rec[]) => gzipSync(`${[HEADER, ...recs.map(line)].join('\n')}\n`);
const prefix = (y: string, m: string, d: string) => `AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/${y}/${m}/${d}/`;
const key = (y: string, m: string, d: string, hhmm: string) =>
  `${prefix(y, m, d)}${ACCOUNT}_vpcflowlogs_us-east-1_fl-0123456789abcdef0_${y}${m}${d}T${hhmm}Z_fe123456.log.gz`;

async function runToEnd(athena: AthenaClient, sql: string): Promise<QueryExecution> {
  const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({ QueryString: sql }));
  const { value } = await poll(
    async () => {
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
      const state = QueryExecution!.Status!.State!;
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state) ? { done: true, value: QueryExecution! } : { done: false, reason: state };
    },
    { description: `query ${QueryExecutionId} to finish`, budgetMs: 20_000, intervalsMs: [20, 50, 100] },
  );
  return value;
}

async function rowsOf(athena: AthenaClient, id: string): Promise<Array<Array<string | undefined>>> {
  const out = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id }));
  return out.ResultSet!.Rows!.map((r) => r.Data!.map((d) => d.VarCharValue));
}

describe('Athena: the lab\'s three statements over delivered flow-log files', () => {
  let emu: TestEmulator;
  let athena: AthenaClient;
  let s3: S3Client;
  const day1 = [...records(7, 40), ...records(11, 35)];
  const day2 = records(23, 50);
  const sizes: Record<string, number> = {};

  beforeAll(async () => {
    emu = await startTestEmulator({ accessKeyId: ACCOUNT });
    athena = emu.clients.athena;
    s3 = emu.clients.s3;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new CreateBucketCommand({ Bucket: RESULTS }));
    const put = async (k: string, body: Buffer) => {
      sizes[k] = body.length;
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: k, Body: body }));
    };
    await put(key('2024', '01', '15', '1620'), file(day1.slice(0, 40)));
    await put(key('2024', '01', '15', '1625'), file(day1.slice(40)));
    await put(key('2024', '01', '16', '0900'), file(day2));
  });
  afterAll(() => emu.stop());

  it('refuses to start a query before a result location is set, with AWS\'s exact message', async () => {
    const err: any = await athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' })).catch((e) => e);
    expect(err.name).toBe('InvalidRequestException');
    expect(err.message).toBe(
      'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
    );
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.AthenaErrorCode).toBe('INVALID_INPUT');
  });

  it('runs Query 1 and Query 2 as DDL once the workgroup has a result location', async () => {
    await athena.send(new UpdateWorkGroupCommand({
      WorkGroup: 'primary',
      ConfigurationUpdates: { ResultConfigurationUpdates: { OutputLocation: `s3://${RESULTS}/` } },
    }));
    const q1 = await runToEnd(athena, QUERY_1);
    expect(q1.Status!.State).toBe('SUCCEEDED');
    expect(q1.StatementType).toBe('DDL');
    expect(q1.ResultConfiguration!.OutputLocation).toBe(`s3://${RESULTS}/${q1.QueryExecutionId}.txt`);
    const q2 = await runToEnd(athena, query2('2024', '01', '15'));
    expect(q2.Status!.State).toBe('SUCCEEDED');

    const { TableMetadata: t } = await athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'default', TableName: 'vpc_flow_logs' }));
    expect(t!.TableType).toBe('EXTERNAL_TABLE');
    expect(t!.Columns!.map((c) => `${c.Name}:${c.Type}`).slice(0, 3)).toEqual(['version:int', 'account:string', 'interfaceid:string']);
    expect(t!.Columns).toHaveLength(14);
    expect(t!.PartitionKeys).toEqual([{ Name: 'dt', Type: 'string' }]);
    expect(t!.Parameters!.location).toBe(`s3://${BUCKET}/AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/`);
    expect(t!.Parameters!['skip.header.line.count']).toBe('1');
    expect(t!.Parameters!['serde.serialization.lib']).toBe('org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe');
    expect(t!.Parameters!['serde.param.field.delim']).toBe(' ');
  });

  it('answers Query 3 with that day\'s REJECTed TCP records only, sorted by source address, header row first', async () => {
    const q3 = await runToEnd(athena, QUERY_3);
    expect(q3.Status!.State).toBe('SUCCEEDED');
    expect(q3.StatementType).toBe('DML');
    const rows = await rowsOf(athena, q3.QueryExecutionId!);
    expect(rows[0]).toEqual(['day', 'dt', 'interfaceid', 'sourceaddress', 'destinationport', 'action', 'protocol']);

    const isoDay = ((new Date('2024-01-15T00:00:00Z').getUTCDay() + 6) % 7) + 1;
    const expected = day1
      .filter((r) => r.action === 'REJECT' && r.protocol === 6)
      .map((r) => [String(isoDay), '2024-01-15', r.eni, r.src, String(r.dstport), 'REJECT', '6']);
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.length).toBeLessThan(100);
    const data = rows.slice(1);
    expect(data.map((r) => r[3])).toEqual(expected.map((r) => r[3]).sort());
    const canon = (rs: Array<Array<string | undefined>>) => rs.map((r) => r.join('|')).sort();
    expect(canon(data)).toEqual(canon(expected));

    // Bytes scanned are the compressed objects of the one partition.
    const day1Bytes = Object.entries(sizes).filter(([k]) => k.startsWith(prefix('2024', '01', '15'))).reduce((n, [, s]) => n + s, 0);
    expect(q3.Statistics!.DataScannedInBytes).toBe(day1Bytes);

    const { ResultSet } = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: q3.QueryExecutionId }));
    const info = ResultSet!.ResultSetMetadata!.ColumnInfo!;
    expect(info.map((c) => `${c.Name}:${c.Type}`)).toEqual([
      'day:bigint', 'dt:varchar', 'interfaceid:varchar', 'sourceaddress:varchar', 'destinationport:integer', 'action:varchar', 'protocol:integer',
    ]);
    expect(info[1]).toMatchObject({ CatalogName: 'hive', SchemaName: '', TableName: '', Label: 'dt', Nullable: 'UNKNOWN', CaseSensitive: true });
  });

  it('never returns the header line as a row and reads `-` in number columns as NULL', async () => {
    const q = await runToEnd(athena, "SELECT sourceaddress, sourceport, numpackets, logstatus FROM vpc_flow_logs WHERE logstatus = 'NODATA' OR sourceaddress = 'srcaddr' OR version IS NULL");
    const rows = (await rowsOf(athena, q.QueryExecutionId!)).slice(1);
    expect(rows).toHaveLength(day1.filter((r) => r.status === 'NODATA').length);
    for (const r of rows) expect(r).toEqual(['-', undefined, undefined, 'NODATA']);
  });

  it('sees another day only after its partition is added, with each partition reading only its own objects', async () => {
    await runToEnd(athena, query2('2024', '01', '16'));
    const q = await runToEnd(athena, 'SELECT dt, count(*) AS n, sum(numpackets) AS packets FROM vpc_flow_logs GROUP BY dt ORDER BY dt');
    const rows = await rowsOf(athena, q.QueryExecutionId!);
    const sum = (rs: Rec[]) => String(rs.reduce((n, r) => n + (r.status === 'OK' ? r.packets : 0), 0));
    expect(rows).toEqual([
      ['dt', 'n', 'packets'],
      ['2024-01-15', String(day1.length), sum(day1)],
      ['2024-01-16', String(day2.length), sum(day2)],
    ]);
  });

  it('writes the result as quoted CSV with a header, plus a metadata file, to the output location', async () => {
    const q = await runToEnd(athena, "SELECT interfaceid, count(*) AS flows FROM vpc_flow_logs WHERE dt = '2024-01-16' GROUP BY interfaceid ORDER BY interfaceid");
    const loc = q.ResultConfiguration!.OutputLocation!;
    expect(loc).toBe(`s3://${RESULTS}/${q.QueryExecutionId}.csv`);
    const csv = await (await s3.send(new GetObjectCommand({ Bucket: RESULTS, Key: `${q.QueryExecutionId}.csv` }))).Body!.transformToString();
    const counts = new Map<string, number>();
    for (const r of day2) counts.set(r.eni, (counts.get(r.eni) ?? 0) + 1);
    const expected = ['"interfaceid","flows"', ...[...counts.keys()].sort().map((e) => `"${e}","${counts.get(e)}"`)];
    expect(csv).toBe(`${expected.join('\n')}\n`);
    const meta = await s3.send(new GetObjectCommand({ Bucket: RESULTS, Key: `${q.QueryExecutionId}.csv.metadata` }));
    expect(meta.$metadata.httpStatusCode).toBe(200);
  });

  it('fails SQL mistakes as FAILED executions with Trino\'s messages, and refuses their results', async () => {
    const col = await runToEnd(athena, 'SELECT x FROM vpc_flow_logs');
    expect(col.Status!.State).toBe('FAILED');
    expect(col.Status!.StateChangeReason).toBe(
      "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved or requester is not authorized to access requested resources",
    );
    expect(col.Status!.AthenaError).toMatchObject({ ErrorCategory: 2, Retryable: false, ErrorMessage: col.Status!.StateChangeReason });
    const err: any = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: col.QueryExecutionId })).catch((e) => e);
    expect(err.name).toBe('InvalidRequestException');
    expect(err.message).toBe('Query did not finish successfully. Final query state: FAILED');

    const table = await runToEnd(athena, 'SELECT * FROM nope');
    expect(table.Status!.StateChangeReason).toBe("TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.default.nope' does not exist");
    const parse = await runToEnd(athena, 'SELEKT * FROM vpc_flow_logs');
    expect(parse.Status!.State).toBe('FAILED');
    expect(parse.Status!.StateChangeReason).toMatch(/^SYNTAX_ERROR: line 1:1: mismatched input 'SELEKT'/);
    const dup = await runToEnd(athena, QUERY_1.replace(' IF NOT EXISTS', ''));
    expect(dup.Status!.StateChangeReason).toBe(
      'FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Table vpc_flow_logs already exists)',
    );
  });
});
