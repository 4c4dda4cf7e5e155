import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { GetBucketTaggingCommand, PutBucketTaggingCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { CreatePlatformApplicationCommand, GetPlatformApplicationAttributesCommand } from '@aws-sdk/client-sns';
import { ListSAMLProvidersCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { ServiceProvider } from '../../emulator/framework/types';
import { startTestEmulator, type TestEmulator } from './helpers';

// Echo providers: they record the input the gateway parsed and return fixed outputs, so both
// directions of each codec are checked by the real SDK clients.
const seen: Record<string, any> = {};
const when = new Date('2026-03-04T05:06:07.089Z');
function provider(service: ServiceProvider['service'], handlers: Record<string, (input: any) => unknown>): ServiceProvider<object> {
  const wrapped: ServiceProvider['handlers'] = {};
  for (const [op, fn] of Object.entries(handlers)) wrapped[op] = (input) => ((seen[op] = input), fn(input));
  return { service, scope: 'region', createState: () => ({}), handlers: wrapped };
}
const objects: Record<string, Buffer> = {};
const providers = [
  provider('ec2', {
    DescribeVolumes: () => ({
      Volumes: [
        { VolumeId: 'vol-1', Size: 8, CreateTime: when, Encrypted: true, Tags: [{ Key: 'Name', Value: 'a & <b>' }], Attachments: [{ InstanceId: 'i-1', Device: '/dev/xvda' }] },
        { VolumeId: 'vol-2', Size: 16, CreateTime: when, Encrypted: false },
      ],
      NextToken: 'tok',
    }),
  }),
  provider('sns', {
    CreatePlatformApplication: () => ({ PlatformApplicationArn: 'arn:aws:sns:us-east-1:000000000000:app/GCM/x' }),
    GetPlatformApplicationAttributes: () => ({ Attributes: { Enabled: 'true', Text: 'line1\nline2 "quoted" \'single\'' } }),
  }),
  provider('iam', {
    ListSAMLProviders: () => ({ SAMLProviderList: [{ Arn: 'arn:aws:iam::000000000000:saml-provider/x', ValidUntil: when, CreateDate: when }] }),
    TagRole: () => ({}),
  }),
  provider('s3', {
    PutBucketTagging: () => ({}),
    GetBucketTagging: () => ({ TagSet: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v2' }] }),
    PutObject: (input) => ((objects[input.Key] = input.Body), { ETag: '"e"' }),
    GetObject: (input) => ({ Body: objects[input.Key], ContentLength: objects[input.Key].length, ContentType: 'application/octet-stream', LastModified: when, Metadata: { color: 'blue' } }),
  }),
  provider('athena', {
    StartQueryExecution: () => ({ QueryExecutionId: 'q-1' }),
    GetQueryExecution: () => ({ QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'SUCCEEDED', SubmissionDateTime: when, CompletionDateTime: when }, Statistics: { DataScannedInBytes: 1234 } } }),
  }),
  provider('monitoring', {
    PutMetricData: () => ({}),
    GetMetricData: () => ({ MetricDataResults: [{ Id: 'm1', Label: 'L', Timestamps: [when], Values: [1.5], StatusCode: 'Complete' }] }),
  }),
  provider('logs', { PutLogEvents: () => ({ nextSequenceToken: '1' }) }),
];

describe('gateway codecs through the real SDK clients (echo providers)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ providers });
  });
  afterAll(() => emu.stop());

  it('ec2Query: parses flattened lists and numbers; renders item lists, timestamps and escaped text', async () => {
    const out = await emu.clients.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'tag:Name', Values: ['a', 'b'] }, { Name: 'size', Values: ['8'] }], MaxResults: 5, DryRun: false, VolumeIds: ['vol-1'] }));
    expect(seen.DescribeVolumes).toEqual({ Filters: [{ Name: 'tag:Name', Values: ['a', 'b'] }, { Name: 'size', Values: ['8'] }], MaxResults: 5, DryRun: false, VolumeIds: ['vol-1'] });
    expect(out.NextToken).toBe('tok');
    expect(out.Volumes).toHaveLength(2);
    expect(out.Volumes?.[0]).toMatchObject({ VolumeId: 'vol-1', Size: 8, Encrypted: true, Tags: [{ Key: 'Name', Value: 'a & <b>' }], Attachments: [{ InstanceId: 'i-1', Device: '/dev/xvda' }] });
    expect(out.Volumes?.[0].CreateTime?.toISOString()).toBe(when.toISOString());
    expect(out.Volumes?.[1].Encrypted).toBe(false);
  });

  it('awsQuery: parses maps (entry/key/value) and renders maps with newlines and quotes intact', async () => {
    await emu.clients.sns.send(new CreatePlatformApplicationCommand({ Name: 'x', Platform: 'GCM', Attributes: { PlatformCredential: 'k', Other: 'v w' } }));
    expect(seen.CreatePlatformApplication).toEqual({ Name: 'x', Platform: 'GCM', Attributes: { PlatformCredential: 'k', Other: 'v w' } });
    const out = await emu.clients.sns.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn: 'arn' }));
    expect(out.Attributes).toEqual({ Enabled: 'true', Text: 'line1\nline2 "quoted" \'single\'' });
  });

  it('awsQuery: parses member lists of structures and renders timestamps', async () => {
    await emu.clients.iam.send(new TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    expect(seen.TagRole).toEqual({ RoleName: 'r', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
    const out = await emu.clients.iam.send(new ListSAMLProvidersCommand({}));
    expect(out.SAMLProviderList?.[0].Arn).toBe('arn:aws:iam::000000000000:saml-provider/x');
    expect(out.SAMLProviderList?.[0].CreateDate?.getTime()).toBe(when.getTime());
  });

  it('restXml: parses XML payloads and renders XML bodies', async () => {
    await emu.clients.s3.send(new PutBucketTaggingCommand({ Bucket: 'bk', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }));
    expect(seen.PutBucketTagging.Bucket).toBe('bk');
    expect(seen.PutBucketTagging.Tagging).toEqual({ TagSet: [{ Key: 'k', Value: 'v' }] });
    const out = await emu.clients.s3.send(new GetBucketTaggingCommand({ Bucket: 'bk' }));
    expect(out.TagSet).toEqual([{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v2' }]);
  });

  it('restXml: streams bodies in (Buffer and aws-chunked stream) and out, with headers and metadata', async () => {
    const bytes = Buffer.from(Array.from({ length: 70000 }, (_, i) => i % 251));
    await emu.clients.s3.send(new PutObjectCommand({ Bucket: 'bk', Key: 'dir/a b+c.bin', Body: bytes, Metadata: { color: 'blue' } }));
    expect(seen.PutObject.Key).toBe('dir/a b+c.bin');
    expect(Buffer.compare(seen.PutObject.Body, bytes)).toBe(0);
    expect(seen.PutObject.Metadata).toEqual({ color: 'blue' });
    await emu.clients.s3.send(new PutObjectCommand({ Bucket: 'bk', Key: 'streamed', Body: Readable.from([bytes.subarray(0, 40000), bytes.subarray(40000)]), ContentLength: bytes.length }));
    expect(Buffer.compare(seen.PutObject.Body, bytes)).toBe(0);
    const got = await emu.clients.s3.send(new GetObjectCommand({ Bucket: 'bk', Key: 'streamed' }));
    expect(Buffer.compare(Buffer.from(await got.Body!.transformToByteArray()), bytes)).toBe(0);
    expect(got.Metadata).toEqual({ color: 'blue' });
    expect(got.LastModified?.getTime()).toBe(Math.floor(when.getTime() / 1000) * 1000);
    expect(got.ContentLength).toBe(bytes.length);
  });

  it('awsJson 1.1: parses and renders epoch-second timestamps and longs', async () => {
    await emu.clients.athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: 's3://b/' } }));
    expect(seen.StartQueryExecution.QueryString).toBe('SELECT 1');
    expect(typeof seen.StartQueryExecution.ClientRequestToken).toBe('string');
    const out = await emu.clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: 'q-1' }));
    expect(out.QueryExecution?.Status?.SubmissionDateTime?.getTime()).toBe(when.getTime());
    expect(out.QueryExecution?.Statistics?.DataScannedInBytes).toBe(1234);
    await emu.clients.logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: 1700000000123, message: 'm' }] }));
    expect(seen.PutLogEvents.logEvents).toEqual([{ timestamp: 1700000000123, message: 'm' }]);
  });

  it('awsJson 1.0 (CloudWatch): parses gzip-compressed bodies and Date inputs', async () => {
    const MetricData = Array.from({ length: 300 }, (_, i) => ({ MetricName: 'Rejects', Value: i, Timestamp: when, Dimensions: [{ Name: 'Lab', Value: 'flow' }] }));
    await emu.clients.cloudwatch.send(new PutMetricDataCommand({ Namespace: 'Lab', MetricData }));
    expect(seen.PutMetricData.MetricData).toHaveLength(300);
    expect(seen.PutMetricData.MetricData[299]).toEqual({ MetricName: 'Rejects', Value: 299, Timestamp: when, Dimensions: [{ Name: 'Lab', Value: 'flow' }] });
    const out = await emu.clients.cloudwatch.send(new GetMetricDataCommand({ StartTime: when, EndTime: when, MetricDataQueries: [{ Id: 'm1', Expression: 'x' }] }));
    expect(seen.GetMetricData.StartTime).toEqual(when);
    expect(out.MetricDataResults?.[0].Timestamps?.[0].getTime()).toBe(when.getTime());
    expect(out.MetricDataResults?.[0].Values).toEqual([1.5]);
  });

  it('accepts a gzip request body (Content-Encoding: gzip) on JSON services', async () => {
    const body = gzipSync(JSON.stringify({ logGroupName: 'gz', logStreamName: 's', logEvents: [{ timestamp: 1, message: 'zipped' }] }));
    const res = await fetch(emu.endpoint, {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.PutLogEvents', 'content-encoding': 'gzip' },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ nextSequenceToken: '1' });
    expect(seen.PutLogEvents.logGroupName).toBe('gz');
    expect(seen.PutLogEvents.logEvents[0].message).toBe('zipped');
  });
});
