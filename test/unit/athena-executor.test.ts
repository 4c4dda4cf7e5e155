import { gzipSync } from 'node:zlib';
import { createCatalog, type Catalog } from '../../emulator/athena/catalog';
import { runStatement } from '../../emulator/athena/engine';
import { memoryObjectReader } from '../../emulator/athena/object-reader';

const HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const rec = (eni: string, packets: number, action = 'ACCEPT') =>
  `2 123456789012 ${eni} 10.0.0.1 10.0.0.2 40000 443 6 ${packets} ${packets * 100} 1705312800 1705312860 ${action} OK`;
const gz = (...lines: string[]) => gzipSync(`${[HEADER, ...lines].join('\n')}\n`);

function engine(objects: Record<string, Buffer>, nowMs = Date.UTC(2024, 0, 20)) {
  const catalog: Catalog = createCatalog();
  const reader = memoryObjectReader({ bucket: objects });
  const ctx = { catalog, database: 'default', reader, nowMs };
  return {
    catalog,
    run: async (sql: string) => (await runStatement(sql, ctx)).result,
    fails: async (sql: string) => runStatement(sql, ctx).then(() => 'no error', (e: Error) => e.message),
  };
}

describe('Athena executor over S3 objects', () => {
  it('skips the header of every file, reads gzip and plain files alike, and ignores hidden files', async () => {
    const e = engine({
      'flows/a.log.gz': gz(rec('eni-a', 1), rec('eni-a', 2)),
      'flows/b.log': Buffer.from(`${HEADER}\n${rec('eni-b', 4)}\n`),
      'flows/sub/c.log.gz': gz(rec('eni-c', 8)),
      'flows/_SUCCESS': Buffer.from('not data\n'),
    });
    await e.run(`CREATE EXTERNAL TABLE t (version int, account string, interfaceid string, src string, dst string, sp int, dp int, proto int,
      packets int, bytes bigint, s int, e int, action string, status string)
      ROW FORMAT DELIMITED FIELDS TERMINATED BY ' ' LOCATION 's3://bucket/flows/' TBLPROPERTIES ("skip.header.line.count"="1")`);
    const r = await e.run('SELECT interfaceid, sum(packets) AS p, count(*) AS n FROM t GROUP BY interfaceid ORDER BY interfaceid');
    expect(r.rows).toEqual([['eni-a', '3', '2'], ['eni-b', '4', '1'], ['eni-c', '8', '1']]);
  });

  it('reads the 2023 table with a DATE partition and the reserved `end` column', async () => {
    const e = engine({ 'logs/2024/01/15/f.log.gz': gz(rec('eni-a', 5)) });
    await e.run(`CREATE EXTERNAL TABLE IF NOT EXISTS vpc_flow_logs (version int, account_id string, interface_id string, srcaddr string,
      dstaddr string, srcport int, dstport int, protocol bigint, packets bigint, bytes bigint, start bigint, \`end\` bigint, action string,
      log_status string) PARTITIONED BY (\`date\` date) ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
      LOCATION 's3://bucket/logs/' TBLPROPERTIES ("skip.header.line.count"="1")`);
    await e.run("ALTER TABLE vpc_flow_logs ADD PARTITION (`date`='2024-01-15') LOCATION 's3://bucket/logs/2024/01/15'");
    const r = await e.run(`SELECT "date", "end" - start AS secs, packets FROM vpc_flow_logs WHERE "date" = DATE '2024-01-15'`);
    expect(r.rows).toEqual([['2024-01-15', '60', '5']]);
    expect(r.columns.map((c) => c.type)).toEqual(['date', 'bigint', 'bigint']);
  });

  it('projects partitions from the location template and the date range, with no ALTER TABLE', async () => {
    const e = engine({
      'AWSLogs/1/vpcflowlogs/us-east-1/2024/01/14/a.log.gz': gz(rec('eni-a', 1)),
      'AWSLogs/1/vpcflowlogs/us-east-1/2024/01/15/b.log.gz': gz(rec('eni-b', 2)),
      'AWSLogs/1/vpcflowlogs/us-west-2/2024/01/15/c.log.gz': gz(rec('eni-c', 4)),
      'AWSLogs/1/vpcflowlogs/eu-west-1/2024/01/15/d.log.gz': gz(rec('eni-d', 8)),
      'AWSLogs/1/vpcflowlogs/us-east-1/2024/02/01/future.log.gz': gz(rec('eni-f', 16)),
    });
    await e.run(`CREATE EXTERNAL TABLE p (version int, account string, interfaceid string, src string, dst string, sp int, dp int, proto int,
      packets int, bytes bigint, s int, e int, action string, status string)
      PARTITIONED BY (region string, day string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ' ' LOCATION 's3://bucket/AWSLogs/1/vpcflowlogs/'
      TBLPROPERTIES ("skip.header.line.count"="1", "projection.enabled"="true", "projection.region.type"="enum",
      "projection.region.values"="us-east-1,us-west-2", "projection.day.type"="date", "projection.day.range"="2024/01/01,NOW",
      "projection.day.format"="yyyy/MM/dd", "storage.location.template"="s3://bucket/AWSLogs/1/vpcflowlogs/\${region}/\${day}")`);
    const r = await e.run('SELECT region, day, interfaceid FROM p ORDER BY interfaceid');
    // eu-west-1 is not in the enum and 2024/02/01 is after NOW (2024-01-20).
    expect(r.rows).toEqual([['us-east-1', '2024/01/14', 'eni-a'], ['us-east-1', '2024/01/15', 'eni-b'], ['us-west-2', '2024/01/15', 'eni-c']]);
  });

  it('MSCK REPAIR TABLE registers Hive-style folders, SHOW PARTITIONS lists them, DROP PARTITION forgets one', async () => {
    const e = engine({
      'hive/dt=2024-01-15/a.log.gz': gz(rec('eni-a', 1)),
      'hive/dt=2024-01-16/b.log.gz': gz(rec('eni-b', 2)),
      'hive/not-a-partition/c.log.gz': gz(rec('eni-c', 4)),
    });
    await e.run(`CREATE EXTERNAL TABLE h (version int, account string, interfaceid string) PARTITIONED BY (dt string)
      ROW FORMAT DELIMITED FIELDS TERMINATED BY ' ' LOCATION 's3://bucket/hive' TBLPROPERTIES ("skip.header.line.count"="1")`);
    expect((await e.run('SELECT count(*) FROM h')).rows).toEqual([['0']]);
    const repair = await e.run('MSCK REPAIR TABLE h');
    expect(repair.rows.map((r) => r[0])).toEqual([
      'Partitions not in metastore:\th:dt=2024-01-15\th:dt=2024-01-16',
      'Repair: Added partition to metastore h:dt=2024-01-15',
      'Repair: Added partition to metastore h:dt=2024-01-16',
    ]);
    expect((await e.run('SHOW PARTITIONS h')).rows).toEqual([['dt=2024-01-15'], ['dt=2024-01-16']]);
    await e.run("ALTER TABLE h DROP PARTITION (dt='2024-01-15')");
    expect((await e.run('SELECT dt, interfaceid FROM h')).rows).toEqual([['2024-01-16', 'eni-b']]);
  });

  it('fails DDL mistakes with the Hive messages Athena passes through', async () => {
    const e = engine({});
    expect(await e.fails('ALTER TABLE nope ADD PARTITION (dt=\'x\')')).toBe('FAILED: SemanticException [Error 10001]: Table not found nope');
    await e.run("CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (dt string) LOCATION 's3://bucket/t/'");
    await e.run("ALTER TABLE t ADD PARTITION (dt='x')");
    expect(await e.fails("ALTER TABLE t ADD PARTITION (dt='x')")).toBe(
      'FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Partition already exists: dt=x)',
    );
    expect(await e.fails("ALTER TABLE t ADD PARTITION (day='x')")).toMatch(/Non-Partition column appears in the partition specification: +day/);
    expect(await e.fails('SELECT nofn(a) FROM t')).toBe("FUNCTION_NOT_FOUND: line 1:8: Function 'nofn' not registered");
    expect(await e.fails('SELECT a FROM nodb.t')).toBe("SCHEMA_NOT_FOUND: line 1:15: Schema 'nodb' does not exist");
    await e.run('DROP TABLE t');
    expect((await e.run('SHOW TABLES')).rows).toEqual([]);
  });
});
