import { parseStatement } from '../../emulator/athena/ddl-parser';
import { AthenaQueryError } from '../../emulator/athena/errors';
import { athenaCreateTable } from '../../fixtures/vpc-flow-logs/lab';

// The lab's Query 1 with a sample bucket and account in its placeholders.
const QUERY_1 = athenaCreateTable('my-log-bucket', '123456789012', 'us-east-1');

const FORM_2023 = `CREATE EXTERNAL TABLE IF NOT EXISTS \`vpc_flow_logs\` (
  version int, account_id string, interface_id string, srcaddr string, dstaddr string, srcport int, dstport int,
  protocol bigint, packets bigint, bytes bigint, start bigint, \`end\` bigint, action string, log_status string,
  vpc_id string, subnet_id string, instance_id string, tcp_flags int, type string, pkt_srcaddr string,
  pkt_dstaddr string, region string, az_id string, sublocation_type string, sublocation_id string,
  pkt_src_aws_service string, pkt_dst_aws_service string, flow_direction string, traffic_path int
)
PARTITIONED BY (\`date\` date)
ROW FORMAT DELIMITED
FIELDS TERMINATED BY ' '
LOCATION 's3://DOC-EXAMPLE-BUCKET/prefix/AWSLogs/123456789012/vpcflowlogs/us-east-1/'
TBLPROPERTIES ("skip.header.line.count"="1");`;

const PROJECTION = `CREATE EXTERNAL TABLE IF NOT EXISTS vpc_flow_logs_proj (version int, action string)
PARTITIONED BY (region string, day string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://bucket/AWSLogs/123456789012/vpcflowlogs/'
TBLPROPERTIES (
"skip.header.line.count"="1",
"projection.enabled"="true",
"projection.region.type"="enum",
"projection.region.values"="us-east-1,us-west-2",
"projection.day.type"="date",
"projection.day.range"="2021/01/01,NOW",
"projection.day.format"="yyyy/MM/dd",
"storage.location.template"="s3://bucket/AWSLogs/123456789012/vpcflowlogs/\${region}/\${day}"
)`;

function parseError(sql: string): string {
  try {
    parseStatement(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(AthenaQueryError);
    return (e as Error).message;
  }
  throw new Error('The statement was expected not to parse.');
}

describe('Athena DDL parser', () => {
  it("parses the lab's Query 1 exactly as a student pastes it", () => {
    const s = parseStatement(QUERY_1);
    if (s.kind !== 'createTable') throw new Error(s.kind);
    expect(s.ref).toEqual({ db: 'default', table: 'vpc_flow_logs' });
    expect(s.ifNotExists).toBe(true);
    expect(s.columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'version int', 'account string', 'interfaceid string', 'sourceaddress string', 'destinationaddress string', 'sourceport int',
      'destinationport int', 'protocol int', 'numpackets int', 'numbytes bigint', 'starttime int', 'endtime int', 'action string', 'logstatus string',
    ]);
    expect(s.partitionKeys).toEqual([{ name: 'dt', type: 'string' }]);
    expect(s.fieldDelimiter).toBe(' ');
    expect(s.location).toBe('s3://my-log-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/');
    expect(s.tblProperties).toEqual({ 'skip.header.line.count': '1' });
  });

  it("parses the lab's Query 2 with its indentation and lowercase `location`", () => {
    const s = parseStatement(`ALTER TABLE default.vpc_flow_logs
    ADD PARTITION (dt='2024-01-15')
    location 's3://my-log-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/15';`);
    expect(s).toEqual({
      kind: 'addPartitions', ref: { db: 'default', table: 'vpc_flow_logs' }, ifNotExists: false,
      partitions: [{ values: { dt: '2024-01-15' }, location: 's3://my-log-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/15' }],
    });
  });

  it('parses several partitions in one ADD, IF NOT EXISTS, and DROP PARTITION lists', () => {
    const add = parseStatement("alter table t add if not exists partition (dt='a') partition (dt='b') location 's3://b/x'");
    expect(add).toMatchObject({ kind: 'addPartitions', ifNotExists: true, partitions: [{ values: { dt: 'a' } }, { values: { dt: 'b' }, location: 's3://b/x' }] });
    const drop = parseStatement("ALTER TABLE t DROP IF EXISTS PARTITION (dt='a'), PARTITION (dt='b')");
    expect(drop).toMatchObject({ kind: 'dropPartitions', ifExists: true, partitions: [{ values: { dt: 'a' } }, { values: { dt: 'b' } }] });
  });

  it('parses the 2023 29-column form with backticked `end` and `date`', () => {
    const s = parseStatement(FORM_2023);
    if (s.kind !== 'createTable') throw new Error(s.kind);
    expect(s.columns).toHaveLength(29);
    expect(s.columns[11]).toEqual({ name: 'end', type: 'bigint' });
    expect(s.partitionKeys).toEqual([{ name: 'date', type: 'date' }]);
    expect(s.ref).toEqual({ table: 'vpc_flow_logs' });
  });

  it('parses a partition-projection table and keeps its properties verbatim', () => {
    const s = parseStatement(PROJECTION);
    if (s.kind !== 'createTable') throw new Error(s.kind);
    expect(s.tblProperties['projection.day.format']).toBe('yyyy/MM/dd');
    expect(s.tblProperties['storage.location.template']).toBe('s3://bucket/AWSLogs/123456789012/vpcflowlogs/${region}/${day}');
  });

  it('lowercases names, accepts complex types, and recognises utility statements', () => {
    const s = parseStatement('CREATE TABLE Db1.MyTable (Tags array<string>, Amount decimal(10, 2)) LOCATION \'s3://b/\'');
    expect(s).toMatchObject({ ref: { db: 'db1', table: 'mytable' }, columns: [{ name: 'tags', type: 'array<string>' }, { name: 'amount', type: 'decimal(10,2)' }] });
    expect(parseStatement('MSCK REPAIR TABLE vpc_flow_logs')).toEqual({ kind: 'msckRepair', ref: { table: 'vpc_flow_logs' } });
    expect(parseStatement('show tables in flows')).toEqual({ kind: 'showTables', db: 'flows', pattern: undefined });
    expect(parseStatement('SHOW PARTITIONS default.t')).toEqual({ kind: 'showPartitions', ref: { db: 'default', table: 't' } });
    expect(parseStatement('DESCRIBE t')).toEqual({ kind: 'describe', ref: { table: 't' } });
    expect(parseStatement('DROP TABLE IF EXISTS t;')).toEqual({ kind: 'dropTable', ref: { table: 't' }, ifExists: true });
    expect(parseStatement('drop database flows cascade')).toEqual({ kind: 'dropDatabase', name: 'flows', ifExists: false, cascade: true });
    expect(parseStatement('  -- a comment\n  WITH x AS (SELECT 1) SELECT * FROM x').kind).toBe('query');
  });

  it('reports mistakes with Trino-style positions', () => {
    expect(parseError('SELEKT 1')).toBe("SYNTAX_ERROR: line 1:1: mismatched input 'SELEKT'");
    expect(parseError("CREATE EXTERNAL TABLE t (a int\nb int) LOCATION 's3://b/'")).toBe("SYNTAX_ERROR: line 2:1: mismatched input 'b'. Expecting: ')'");
    expect(parseError("ALTER TABLE t ADD PARTITION dt='x'")).toBe("SYNTAX_ERROR: line 1:29: mismatched input 'dt'. Expecting: '('");
    expect(parseError('CREATE TABLE `my-table` (a int)')).toMatch(/Invalid table name 'my-table'/);
  });
});
