import { gzipSync } from 'node:zlib';
import { createCatalog } from '../../emulator/athena/catalog';
import { runStatement } from '../../emulator/athena/engine';
import { memoryObjectReader } from '../../emulator/athena/object-reader';

const record = (eventName: string, errorCode?: string) => ({
  eventVersion: '1.09', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::1:user/x', userName: 'x' }, eventName, errorCode,
  requestParameters: { maxItems: 5 }, readOnly: true, resources: [{ ARN: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' }],
});
const trailFile = (...records: object[]) => gzipSync(JSON.stringify({ Records: records }));

function engine(objects: Record<string, Buffer>) {
  const ctx = { catalog: createCatalog(), database: 'default', reader: memoryObjectReader({ b: objects }), nowMs: Date.UTC(2026, 11, 8) };
  return {
    run: async (sql: string) => (await runStatement(sql, ctx)).result,
    fails: (sql: string) => runStatement(sql, ctx).then(() => 'no error', (e: Error) => e.message),
  };
}

const COLUMNS = `eventversion string, useridentity struct<type:string, arn:string, username:string, webid: map<string,string>>,
  eventname string, errorcode string, requestparameters string, readonly string, resources array<struct<arn:string, type:string>>`;

describe('Athena JSON tables', () => {
  it('turns each element of a CloudTrail file\'s Records into a row, keys matched case-insensitively', async () => {
    const e = engine({ 'ct/f1.json.gz': trailFile(record('ListUsers', 'AccessDenied'), record('GetUser')), 'ct/f2.json.gz': trailFile(record('ListBuckets')) });
    await e.run(`CREATE EXTERNAL TABLE ct (${COLUMNS}) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
      STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
      LOCATION 's3://b/ct/'`);
    const r = await e.run('SELECT eventname, errorcode, useridentity.arn, requestparameters, readonly, resources, useridentity FROM ct ORDER BY eventname');
    expect(r.rows).toEqual([
      ['GetUser', null, 'arn:aws:iam::1:user/x', '{"maxItems":5}', 'true', '[{arn=arn:aws:s3:::b, type=AWS::S3::Bucket}]', '{type=IAMUser, arn=arn:aws:iam::1:user/x, username=x, webid=null}'],
      ['ListBuckets', null, 'arn:aws:iam::1:user/x', '{"maxItems":5}', 'true', '[{arn=arn:aws:s3:::b, type=AWS::S3::Bucket}]', '{type=IAMUser, arn=arn:aws:iam::1:user/x, username=x, webid=null}'],
      ['ListUsers', 'AccessDenied', 'arn:aws:iam::1:user/x', '{"maxItems":5}', 'true', '[{arn=arn:aws:s3:::b, type=AWS::S3::Bucket}]', '{type=IAMUser, arn=arn:aws:iam::1:user/x, username=x, webid=null}'],
    ]);
    expect(r.columns.map((c) => c.type)).toEqual(['varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'array', 'row']);
  });

  it('reads one JSON object per line without the CloudTrail input format, so a CloudTrail file is one row of NULLs', async () => {
    const lines = Buffer.from(`${JSON.stringify({ eventName: 'A', userIdentity: { webId: { k: 'v' } } })}\n${JSON.stringify({ EVENTNAME: 'B' })}\n`);
    const e = engine({ 'lines/a.json': lines, 'trail/f.json.gz': trailFile(record('ListUsers')) });
    await e.run(`CREATE EXTERNAL TABLE jl (${COLUMNS}) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://b/lines/'`);
    expect((await e.run('SELECT eventname, useridentity.webid FROM jl ORDER BY 1')).rows).toEqual([['A', '{k=v}'], ['B', null]]);
    await e.run(`CREATE EXTERNAL TABLE tl (${COLUMNS}) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' LOCATION 's3://b/trail/'`);
    expect((await e.run('SELECT count(*), count(eventname) FROM tl')).rows).toEqual([['1', '0']]);
  });

  it('reports bad JSON and values that do not fit the column type as Hive errors', async () => {
    const e = engine({ 'bad/a.json': Buffer.from('{"n": "x"}\n'), 'broken/a.json': Buffer.from('{"n": \n') });
    await e.run("CREATE EXTERNAL TABLE bad (n int) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' LOCATION 's3://b/bad/'");
    expect(await e.fails('SELECT n FROM bad')).toMatch(/^HIVE_BAD_DATA: Error parsing field value 'x' for field n/);
    await e.run("CREATE EXTERNAL TABLE broken (n int) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' LOCATION 's3://b/broken/'");
    expect(await e.fails('SELECT n FROM broken')).toMatch(/^HIVE_CURSOR_ERROR: Row is not a valid JSON Object/);
  });

  it('prunes partitions only for AND-ed equality or IN on a partition key, never under OR', async () => {
    const e = engine({ 'p/day=1/f.json.gz': trailFile(record('A')), 'p/day=2/f.json.gz': trailFile(record('B')) });
    await e.run(`CREATE EXTERNAL TABLE p (${COLUMNS}) PARTITIONED BY (day string) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
      STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT 'x' LOCATION 's3://b/p/'`);
    await e.run('MSCK REPAIR TABLE p');
    expect((await e.run("SELECT eventname FROM p WHERE day = '2' AND eventname IS NOT NULL")).rows).toEqual([['B']]);
    expect((await e.run("SELECT eventname FROM p WHERE day IN ('1') ORDER BY 1")).rows).toEqual([['A']]);
    expect((await e.run("SELECT eventname FROM p WHERE day = '2' OR eventname = 'A' ORDER BY 1")).rows).toEqual([['A'], ['B']]);
  });
});
