import {
  GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, UpdateWorkGroupCommand, type AthenaClient, type QueryExecution,
} from '@aws-sdk/client-athena';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, ListObjectsV2Command, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { poll } from '../../core/poll';
import { failureSummary, startTestEmulator, TEST_CREDENTIALS, TEST_REGION, type TestEmulator } from './helpers';
import { CLOUDTRAIL_COLUMNS } from '../../fixtures/cloudtrail-security-monitoring/lab';

// The trail and the intruder of the CloudTrail lab; the tables are AWS's documented CloudTrail tables
// ("Create a table for CloudTrail logs in Athena using manual partitioning" / "… using partition
// projection", Amazon Athena User Guide), with this test's bucket and account.
const ACCOUNT = '000000000000';
const BUCKET = 'trail-bucket-athena';
const RESULTS = 'athena-results-ct';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/SecurityTrail`;
const INTRUDER_ARN = `arn:aws:iam::${ACCOUNT}:user/lab-intruder`;
const BUCKET_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${BUCKET}`, Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } },
    { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN } } },
  ],
});

// The documented CloudTrail columns, as the lab's fixtures hold them.
const COLUMNS = CLOUDTRAIL_COLUMNS;

/** The manual-partitioning table (JSON SerDe over the CloudTrail input format). */
const MANUAL_TABLE = `CREATE EXTERNAL TABLE cloudtrail_logs (${COLUMNS}
)
PARTITIONED BY (region string, year string, month string, day string)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/';`;

/** The partition-projection table, one region, days from a start date until now. */
const PROJECTION_TABLE = `CREATE EXTERNAL TABLE cloudtrail_logs_pp(${COLUMNS}
  )
PARTITIONED BY (
   \`timestamp\` string)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://${BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.timestamp.format'='yyyy/MM/dd',
  'projection.timestamp.interval'='1',
  'projection.timestamp.interval.unit'='DAYS',
  'projection.timestamp.range'='2020/01/01,NOW',
  'projection.timestamp.type'='date',
  'storage.location.template'='s3://${BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/\${timestamp}')`;

/** The older table of the "CloudTrail SerDe" page: the CloudTrail SerDe, mixed-case names, no partitions. */
const SERDE_TABLE = `CREATE EXTERNAL TABLE cloudtrail_serde (
eventversion STRING,
userIdentity STRUCT<
               type:STRING,
               principalid:STRING,
               arn:STRING,
               accountid:STRING,
               invokedby:STRING,
               accesskeyid:STRING,
               userName:STRING,
sessioncontext:STRUCT<
attributes:STRUCT<
               mfaauthenticated:STRING,
               creationdate:STRING>,
sessionIssuer:STRUCT<
               type:STRING,
               principalId:STRING,
               arn:STRING,
               accountId:STRING,
               userName:STRING>>>,
eventTime STRING,
eventSource STRING,
eventName STRING,
awsRegion STRING,
sourceIpAddress STRING,
userAgent STRING,
errorCode STRING,
errorMessage STRING,
requestParameters STRING,
responseElements STRING,
additionalEventData STRING,
requestId STRING,
eventId STRING,
resources ARRAY<STRUCT<
               ARN:STRING,
               accountId:STRING,
               type:STRING>>,
eventType STRING,
apiVersion STRING,
readOnly STRING,
recipientAccountId STRING,
serviceEventDetails STRING,
sharedEventID STRING,
vpcEndpointId STRING
)
ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${BUCKET}/AWSLogs/${ACCOUNT}/';`;

/** The lab's query: the intruder's denied calls (the CIS "unauthorized API calls" codes). */
const DENIED = `SELECT useridentity.arn, eventname, errorcode, errormessage FROM cloudtrail_logs
WHERE errorcode IN ('AccessDenied','Client.UnauthorizedOperation') OR errorcode LIKE '%UnauthorizedOperation'
ORDER BY eventname`;

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

/** Runs a query that must succeed; returns its column names/types and data rows (header row dropped). */
async function query(athena: AthenaClient, sql: string) {
  const q = await runToEnd(athena, sql);
  expect(q.Status).toMatchObject({ State: 'SUCCEEDED' });
  const out = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  const columns = out.ResultSet!.ResultSetMetadata!.ColumnInfo!.map((c) => `${c.Name}:${c.Type}`);
  const rows = out.ResultSet!.Rows!.map((r) => r.Data!.map((d) => d.VarCharValue ?? null));
  return { columns, rows: q.StatementType === 'DML' ? rows.slice(1) : rows, scanned: q.Statistics!.DataScannedInBytes! };
}

async function failureOf(athena: AthenaClient, sql: string): Promise<string> {
  const q = await runToEnd(athena, sql);
  expect(q.Status!.State).toBe('FAILED');
  return q.Status!.StateChangeReason!;
}

describe('Athena over the trail\'s delivered CloudTrail files, with AWS\'s documented tables', () => {
  let emu: TestEmulator;
  let athena: AthenaClient;
  let accessKeyId: string;
  /** The day folders the trail delivered to, `yyyy/MM/dd`. */
  let days: string[];

  beforeAll(async () => {
    emu = await startTestEmulator({ autoTick: false });
    athena = emu.clients.athena;
    const { s3, iam } = emu.clients;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: BUCKET_POLICY }));
    await s3.send(new CreateBucketCommand({ Bucket: RESULTS }));
    const ct = new CloudTrailClient({ endpoint: emu.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    await ct.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: BUCKET, IsMultiRegionTrail: true }));
    await ct.send(new StartLoggingCommand({ Name: 'SecurityTrail' }));
    ct.destroy();
    await iam.send(new CreateUserCommand({ UserName: 'lab-intruder' }));
    accessKeyId = (await iam.send(new CreateAccessKeyCommand({ UserName: 'lab-intruder' }))).AccessKey!.AccessKeyId!;
    const intruder = emu.clientsFor(accessKeyId);
    expect((await failureSummary(intruder.ec2.send(new DescribeInstancesCommand({})))).name).toBe('UnauthorizedOperation');
    expect((await failureSummary(intruder.s3.send(new ListBucketsCommand({})))).name).toBe('AccessDenied');
    expect((await failureSummary(intruder.iam.send(new ListUsersCommand({})))).name).toBe('AccessDenied');
    for (const c of Object.values(intruder)) c.destroy();
    const flushed = await fetch(`${emu.endpoint}/_emulator/cloudtrail/flush`, { method: 'POST' });
    expect(flushed.ok).toBe(true);
    await athena.send(new UpdateWorkGroupCommand({ WorkGroup: 'primary', ConfigurationUpdates: { ResultConfigurationUpdates: { OutputLocation: `s3://${RESULTS}/` } } }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/` }));
    days = [...new Set((listed.Contents ?? []).map((o) => /CloudTrail\/us-east-1\/(\d{4}\/\d{2}\/\d{2})\//.exec(o.Key!)![1]))];
    expect(days.length).toBeGreaterThan(0);
  });
  afterAll(() => emu.stop());

  const expectedDenied = () => [
    [INTRUDER_ARN, 'DescribeInstances', 'UnauthorizedOperation', expect.stringContaining('not authorized to perform: ec2:DescribeInstances')],
    [INTRUDER_ARN, 'ListBuckets', 'AccessDenied', expect.stringContaining('s3:ListAllMyBuckets')],
    [INTRUDER_ARN, 'ListUsers', 'AccessDenied', expect.stringContaining('iam:ListUsers')],
  ];

  it('reads nothing from the manually partitioned table until ALTER TABLE ADD PARTITION, then finds the intruder\'s denied calls', async () => {
    expect((await runToEnd(athena, MANUAL_TABLE)).Status!.State).toBe('SUCCEEDED');
    expect((await query(athena, DENIED)).rows).toEqual([]);
    for (const day of days) {
      const [year, month, d] = day.split('/');
      const add = `ALTER TABLE cloudtrail_logs ADD
   PARTITION (region='us-east-1', year='${year}', month='${month}', day='${d}')
   LOCATION 's3://${BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/${year}/${month}/${d}/'`;
      expect((await runToEnd(athena, add)).Status!.State).toBe('SUCCEEDED');
    }
    const denied = await query(athena, DENIED);
    expect(denied.columns).toEqual(['arn:varchar', 'eventname:varchar', 'errorcode:varchar', 'errormessage:varchar']);
    expect(denied.rows).toEqual(expectedDenied());
    expect(denied.scanned).toBeGreaterThan(0);
    // Every call the trail saw is a row, the root's setup calls included; partition columns come from the partition.
    const all = await query(athena, `SELECT count(*), count(DISTINCT eventname), min(region) FROM cloudtrail_logs WHERE region = 'us-east-1' AND year = '${days[0].slice(0, 4)}'`);
    expect(Number(all.rows[0][0])).toBeGreaterThan(3);
    expect(all.rows[0][2]).toBe('us-east-1');
  });

  it('gives nested struct fields by dotted access and whole structs and arrays as Athena prints them', async () => {
    const r = await query(athena, `SELECT useridentity.type, useridentity.accesskeyid, useridentity.username, useridentity.sessioncontext.sessionissuer.arn,
      eventsource, readonly, useridentity, resources FROM cloudtrail_logs WHERE eventname = 'DescribeInstances'`);
    expect(r.columns).toEqual([
      'type:varchar', 'accesskeyid:varchar', 'username:varchar', 'arn:varchar', 'eventsource:varchar', 'readonly:varchar', 'useridentity:row', 'resources:array',
    ]);
    expect(r.rows).toHaveLength(1);
    const [type, key, user, issuer, source, readonly, identity] = r.rows[0];
    expect([type, key, user, issuer, source, readonly]).toEqual(['IAMUser', accessKeyId, 'lab-intruder', null, 'ec2.amazonaws.com', 'true']);
    expect(identity).toMatch(new RegExp(`^\\{type=IAMUser, principalid=\\w+, arn=${INTRUDER_ARN.replace(/[/:]/g, '\\$&')}, accountid=${ACCOUNT}, `));
    expect(identity).toContain('onbehalfof=null');
    // requestparameters is a STRING column over a JSON object: its JSON text, for json_extract.
    const created = await query(athena, `SELECT json_extract_scalar(responseelements, '$.accessKey.userName') FROM cloudtrail_logs WHERE eventname = 'CreateAccessKey'`);
    expect(created.rows).toEqual([['lab-intruder']]);
  });

  it('groups the denied calls by user and API with the documented functions', async () => {
    const r = await query(athena, `SELECT useridentity.arn AS arn, eventname, count(*) AS calls, min(from_iso8601_timestamp(eventtime)) AS first_seen
      FROM cloudtrail_logs WHERE errorcode IS NOT NULL GROUP BY useridentity.arn, eventname ORDER BY eventname`);
    expect(r.columns).toEqual(['arn:varchar', 'eventname:varchar', 'calls:bigint', 'first_seen:timestamp with time zone']);
    expect(r.rows.map((row) => row.slice(0, 3))).toEqual([[INTRUDER_ARN, 'DescribeInstances', '1'], [INTRUDER_ARN, 'ListBuckets', '1'], [INTRUDER_ARN, 'ListUsers', '1']]);
    expect(r.rows[0][3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.000 UTC$/);
  });

  it('projects the day partitions of the projection table, with no ALTER TABLE, and prunes by the timestamp column', async () => {
    expect((await runToEnd(athena, PROJECTION_TABLE)).Status!.State).toBe('SUCCEEDED');
    const denied = await query(athena, DENIED.replace('FROM cloudtrail_logs', 'FROM cloudtrail_logs_pp'));
    expect(denied.rows).toEqual(expectedDenied());
    const today = await query(athena, `SELECT eventname, "timestamp" FROM cloudtrail_logs_pp WHERE "timestamp" = '${days[0]}' AND errorcode = 'UnauthorizedOperation'`);
    expect(today.rows).toEqual([['DescribeInstances', days[0]]]);
    const otherDay = await query(athena, `SELECT count(*) FROM cloudtrail_logs_pp WHERE "timestamp" = '2021/01/01'`);
    expect(otherDay.rows).toEqual([['0']]);
    expect(otherDay.scanned).toBe(0);
  });

  it('reads the older CloudTrail SerDe table over the whole account prefix, names matched case-insensitively', async () => {
    expect((await runToEnd(athena, SERDE_TABLE)).Status!.State).toBe('SUCCEEDED');
    const r = await query(athena, `SELECT useridentity.username, eventName, errorCode FROM cloudtrail_serde WHERE errorcode LIKE 'AccessDenied%' ORDER BY eventname`);
    // Trino lowercases unquoted names, in the result's column names too.
    expect(r.columns).toEqual(['username:varchar', 'eventname:varchar', 'errorcode:varchar']);
    expect(r.rows).toEqual([['lab-intruder', 'ListBuckets', 'AccessDenied'], ['lab-intruder', 'ListUsers', 'AccessDenied']]);
  });

  it('fails like Athena on unknown columns, unknown struct fields and mistyped comparisons', async () => {
    expect(await failureOf(athena, 'SELECT eventnam FROM cloudtrail_logs')).toBe(
      "COLUMN_NOT_FOUND: line 1:8: Column 'eventnam' cannot be resolved or requester is not authorized to access requested resources",
    );
    expect(await failureOf(athena, 'SELECT useridentity.role FROM cloudtrail_logs')).toBe(
      "COLUMN_NOT_FOUND: line 1:8: Column 'useridentity.role' cannot be resolved or requester is not authorized to access requested resources",
    );
    expect(await failureOf(athena, 'SELECT eventname.x FROM cloudtrail_logs')).toBe('TYPE_MISMATCH: line 1:8: Expression eventname is not of type ROW');
    expect(await failureOf(athena, 'SELECT eventname FROM cloudtrail_logs WHERE errorcode = 403')).toBe(
      'TYPE_MISMATCH: line 1:55: Cannot apply operator: varchar = integer',
    );
    expect(await failureOf(athena, 'CREATE EXTERNAL TABLE bad (a struct<b string>) LOCATION \'s3://x/y/\'')).toMatch(/^FAILED: ParseException/);
  });
});
