import { gunzipSync } from 'node:zlib';
import { CloudTrailClient, CreateTrailCommand, LookupEventsCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { useTestEmulator, TEST_REGION } from './helpers';

const ACCOUNT = '000000000000';
const LOGS = 'trail-logs-bucket';
const DATA = 'data-bucket';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/DataTrail`;
/** AWS's documented bucket policy for CloudTrail delivery. */
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${LOGS}`, Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } },
    { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${LOGS}/AWSLogs/${ACCOUNT}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN } } },
  ],
});

// The gateway records every call it answers: management events into the event history, data events
// (S3 object calls) only into trails whose selectors ask for them.
describe('CloudTrail recording by the gateway', () => {
  const emu = useTestEmulator({ autoTick: false });
  let ct: CloudTrailClient;
  beforeEach(() => {
    ct = new CloudTrailClient({ endpoint: emu.endpoint, region: TEST_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });
  afterEach(() => ct.destroy());
  const lookup = async (name: string) =>
    (await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }))).Events!.map((e) => JSON.parse(e.CloudTrailEvent!).requestParameters);

  it('shows a management call in LookupEvents as soon as its answer arrived', async () => {
    await emu.clients.s3.send(new CreateBucketCommand({ Bucket: 'just-made' }));
    expect(await lookup('CreateBucket')).toEqual([{ bucketName: 'just-made', Host: 'just-made.s3.amazonaws.com' }]);
  });

  it('shows a failed management call, with its error code, in LookupEvents as soon as its error answer arrived', async () => {
    await expect(emu.clients.s3.send(new CreateBucketCommand({ Bucket: 'Not_A_Valid_Bucket' }))).rejects.toMatchObject({ name: 'InvalidBucketName' });
    const events = (await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateBucket' }] }))).Events!;
    expect(events.map((e) => JSON.parse(e.CloudTrailEvent!).errorCode)).toEqual(['InvalidBucketName']);
  });

  it('keeps data events out of the event history, and delivers them to a trail that selects them once it logs', async () => {
    const { s3 } = emu.clients;
    await s3.send(new CreateBucketCommand({ Bucket: LOGS }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: LOGS, Policy: POLICY }));
    await s3.send(new CreateBucketCommand({ Bucket: DATA }));
    await s3.send(new PutObjectCommand({ Bucket: DATA, Key: 'before-any-trail', Body: 'x' }));
    await ct.send(new CreateTrailCommand({ Name: 'DataTrail', S3BucketName: LOGS }));
    await ct.send(new PutEventSelectorsCommand({
      TrailName: 'DataTrail',
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::${DATA}/`] }] }],
    }));
    await ct.send(new StartLoggingCommand({ Name: 'DataTrail' }));
    await s3.send(new PutObjectCommand({ Bucket: DATA, Key: 'while-logging', Body: 'y' }));
    expect(await lookup('PutObject')).toEqual([]);

    await fetch(`${emu.endpoint}/_emulator/flow-logs/flush`, { method: 'POST' });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: LOGS, Prefix: `AWSLogs/${ACCOUNT}/CloudTrail/` }));
    const records: Array<{ eventName: string; eventCategory: string; requestParameters: { key?: string } }> = [];
    for (const o of listed.Contents ?? []) {
      const body = await (await s3.send(new GetObjectCommand({ Bucket: LOGS, Key: o.Key! }))).Body!.transformToByteArray();
      records.push(...JSON.parse(gunzipSync(Buffer.from(body)).toString('utf8')).Records);
    }
    expect(records.map((r) => [r.eventName, r.eventCategory, r.requestParameters.key])).toEqual([['PutObject', 'Data', 'while-logging']]);
  });
});
