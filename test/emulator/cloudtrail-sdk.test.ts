import { gunzipSync } from 'node:zlib';
import {
  AddTagsCommand, CloudTrailClient, CreateTrailCommand, DeleteTrailCommand, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailCommand,
  GetTrailStatusCommand, ListTagsCommand, LookupEventsCommand, PutEventSelectorsCommand, RemoveTagsCommand, StartLoggingCommand, StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, GetLogEventsCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeInstancesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { failureSummary, makeClients, useTestEmulator, TEST_REGION } from './helpers';

const ACCOUNT = '000000000000';
const BUCKET = 'trail-bucket-lab';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/SecurityTrail`;
const GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:CloudTrailLogs:*`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/CloudTrailRoleForCloudWatchLogs`;
/** The bucket policy of AWS's "Amazon S3 bucket policy for CloudTrail" page. */
const BUCKET_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AWSCloudTrailAclCheck20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${BUCKET}`, Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } },
    { Sid: 'AWSCloudTrailWrite20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN } } },
  ],
});
const CIS_PATTERN = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';

describe('CloudTrail through the real SDK', () => {
  const emu = useTestEmulator({ autoTick: false });
  let ct: CloudTrailClient;
  beforeEach(() => {
    ct = new CloudTrailClient({ endpoint: emu.endpoint, region: TEST_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });
  afterEach(() => ct.destroy());
  const flush = () => fetch(`${emu.endpoint}/_emulator/flow-logs/flush`, { method: 'POST' }).then((r) => r.json());

  async function environment(): Promise<void> {
    const { s3, logs, iam } = emu.clients;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: BUCKET_POLICY }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'CloudTrailLogs' }));
    await iam.send(new CreateRoleCommand({
      RoleName: 'CloudTrailRoleForCloudWatchLogs',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }));
  }

  async function intruder() {
    await emu.clients.iam.send(new CreateUserCommand({ UserName: 'lab-intruder' }));
    const key = (await emu.clients.iam.send(new CreateAccessKeyCommand({ UserName: 'lab-intruder' }))).AccessKey!;
    expect(key.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(key.SecretAccessKey).toHaveLength(40);
    return { key, clients: emu.clientsFor(key.AccessKeyId!) };
  }

  it('validates CreateTrail like AWS: names, bucket, bucket policy, CloudWatch Logs role and group, duplicates', async () => {
    await environment();
    expect(await failureSummary(ct.send(new CreateTrailCommand({ Name: '-bad', S3BucketName: BUCKET })))).toEqual({ name: 'InvalidTrailNameException', message: 'Trail name must starts with a letter or number.', status: 400 });
    expect((await failureSummary(ct.send(new CreateTrailCommand({ Name: 'a..b', S3BucketName: BUCKET })))).name).toBe('InvalidTrailNameException');
    expect(await failureSummary(ct.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: 'no-such-bucket' })))).toMatchObject({ name: 'S3BucketDoesNotExistException' });
    await emu.clients.s3.send(new CreateBucketCommand({ Bucket: 'no-policy-bucket' }));
    expect(await failureSummary(ct.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: 'no-policy-bucket' })))).toEqual({
      name: 'InsufficientS3BucketPolicyException', message: 'Incorrect S3 bucket policy is detected for bucket: no-policy-bucket', status: 400,
    });
    const badRole = `arn:aws:iam::${ACCOUNT}:role/missing`;
    expect((await failureSummary(ct.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: BUCKET, CloudWatchLogsLogGroupArn: GROUP_ARN, CloudWatchLogsRoleArn: badRole })))).name).toBe('InvalidCloudWatchLogsRoleArnException');
    expect((await failureSummary(ct.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: BUCKET, CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:000000000000:log-group:Nope:*', CloudWatchLogsRoleArn: ROLE_ARN })))).name).toBe('InvalidCloudWatchLogsLogGroupArnException');
    const created = await ct.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: BUCKET, IsMultiRegionTrail: true, TagsList: [{ Key: 'lab', Value: 'ct' }] }));
    expect(created).toMatchObject({ Name: 'SecurityTrail', TrailARN: TRAIL_ARN, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, S3BucketName: BUCKET });
    expect(await failureSummary(ct.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: BUCKET })))).toEqual({
      name: 'TrailAlreadyExistsException', message: `Trail SecurityTrail already exists for customer: ${ACCOUNT}`, status: 400,
    });
  });

  it('describes, updates, tags, selects events and deletes a trail', async () => {
    await environment();
    await ct.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: BUCKET, IsMultiRegionTrail: true }));
    const updated = await ct.send(new UpdateTrailCommand({ Name: 'SecurityTrail', CloudWatchLogsLogGroupArn: GROUP_ARN, CloudWatchLogsRoleArn: ROLE_ARN }));
    expect(updated).toMatchObject({ CloudWatchLogsLogGroupArn: GROUP_ARN, CloudWatchLogsRoleArn: ROLE_ARN });
    const described = await ct.send(new DescribeTrailsCommand({}));
    expect(described.trailList!.map((t) => [t.Name, t.HomeRegion, t.HasCustomEventSelectors])).toEqual([['SecurityTrail', 'us-east-1', false]]);
    // A multi-region trail is seen from another region (its shadow), by name.
    const west = new CloudTrailClient({ endpoint: emu.endpoint, region: 'us-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    expect((await west.send(new GetTrailCommand({ Name: 'SecurityTrail' }))).Trail!.TrailARN).toBe(TRAIL_ARN);
    expect((await failureSummary(west.send(new StartLoggingCommand({ Name: 'SecurityTrail' })))).name).toBe('InvalidHomeRegionException');
    west.destroy();
    expect((await ct.send(new GetEventSelectorsCommand({ TrailName: 'SecurityTrail' }))).EventSelectors).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }]);
    await ct.send(new PutEventSelectorsCommand({ TrailName: 'SecurityTrail', EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }));
    expect((await ct.send(new GetEventSelectorsCommand({ TrailName: TRAIL_ARN }))).EventSelectors![0].ReadWriteType).toBe('WriteOnly');
    expect((await failureSummary(ct.send(new PutEventSelectorsCommand({ TrailName: 'SecurityTrail', EventSelectors: [{ ReadWriteType: 'Sometimes' as never }] })))).name).toBe('InvalidEventSelectorsException');
    await ct.send(new AddTagsCommand({ ResourceId: TRAIL_ARN, TagsList: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await ct.send(new RemoveTagsCommand({ ResourceId: TRAIL_ARN, TagsList: [{ Key: 'a' }] }));
    expect((await ct.send(new ListTagsCommand({ ResourceIdList: [TRAIL_ARN] }))).ResourceTagList).toEqual([{ ResourceId: TRAIL_ARN, TagsList: [{ Key: 'b', Value: '2' }] }]);
    await ct.send(new DeleteTrailCommand({ Name: 'SecurityTrail' }));
    expect(await failureSummary(ct.send(new GetTrailStatusCommand({ Name: 'SecurityTrail' })))).toEqual({
      name: 'TrailNotFoundException', message: `Unknown trail: ${TRAIL_ARN} for the user: ${ACCOUNT}`, status: 400,
    });
  });

  it('denies an IAM user without permissions with each service\'s own error, and allows what a policy grants', async () => {
    const { key, clients } = await intruder();
    expect(await failureSummary(clients.ec2.send(new DescribeInstancesCommand({})))).toEqual({
      name: 'UnauthorizedOperation',
      message: `You are not authorized to perform this operation. User: arn:aws:iam::${ACCOUNT}:user/lab-intruder is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action`,
      status: 403,
    });
    expect(await failureSummary(clients.s3.send(new ListBucketsCommand({})))).toEqual({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT}:user/lab-intruder is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action`,
      status: 403,
    });
    expect(await failureSummary(clients.iam.send(new ListUsersCommand({})))).toMatchObject({ name: 'AccessDenied', status: 403 });
    const intruderTrail = new CloudTrailClient({ endpoint: emu.endpoint, region: TEST_REGION, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: 'x' }, maxAttempts: 1 });
    expect(await failureSummary(intruderTrail.send(new DescribeTrailsCommand({})))).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    intruderTrail.destroy();
    // GetCallerIdentity needs no permission and names the user.
    expect(await clients.sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:user/lab-intruder`, Account: ACCOUNT });
    await emu.clients.iam.send(new PutUserPolicyCommand({
      UserName: 'lab-intruder', PolicyName: 'describe',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }, { Effect: 'Deny', Action: 'ec2:DescribeVpcs', Resource: '*' }] }),
    }));
    expect((await clients.ec2.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
    expect(await failureSummary(clients.ec2.send(new DescribeVpcsCommand({})))).toMatchObject({
      name: 'UnauthorizedOperation', message: expect.stringContaining('ec2:DescribeVpcs with an explicit deny in an identity-based policy'),
    });
    // A key IAM never issued is refused; the default `test` key stays the root.
    const stranger = makeClients(emu.endpoint, 'AKIAABCDEFGHIJKLMNOP');
    expect(await failureSummary(stranger.sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    expect(await failureSummary(stranger.s3.send(new ListBucketsCommand({})))).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    for (const c of Object.values(stranger)) c.destroy();
    expect((await emu.clients.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
  });

  it('records denied calls, delivers them to S3 and CloudWatch Logs in the documented shape, and the CIS metric filter counts them', async () => {
    await environment();
    await ct.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: BUCKET, IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: GROUP_ARN, CloudWatchLogsRoleArn: ROLE_ARN }));
    await ct.send(new StartLoggingCommand({ Name: 'SecurityTrail' }));
    await emu.clients.logs.send(new PutMetricFilterCommand({
      logGroupName: 'CloudTrailLogs', filterName: 'unauthorized-api-calls', filterPattern: CIS_PATTERN,
      metricTransformations: [{ metricNamespace: 'CloudTrailMetrics', metricName: 'UnauthorizedAPICalls', metricValue: '1' }],
    }));
    const { key, clients } = await intruder();
    await failureSummary(clients.ec2.send(new DescribeInstancesCommand({})));
    await failureSummary(clients.s3.send(new ListBucketsCommand({})));
    await failureSummary(clients.iam.send(new ListUsersCommand({})));
    const started = Date.now();
    expect(await flush()).toMatchObject({ flushed: true });

    const status = await ct.send(new GetTrailStatusCommand({ Name: 'SecurityTrail' }));
    expect(status.IsLogging).toBe(true);
    expect(status.LatestDeliveryTime).toBeInstanceOf(Date);
    expect(status.LatestCloudWatchLogsDeliveryTime).toBeInstanceOf(Date);

    const listed = await emu.clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `AWSLogs/${ACCOUNT}/CloudTrail/` }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k).toMatch(/^AWSLogs\/000000000000\/CloudTrail\/us-east-1\/\d{4}\/\d{2}\/\d{2}\/000000000000_CloudTrail_us-east-1_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/);
    const records: any[] = [];
    for (const k of keys) {
      const body = await (await emu.clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: k }))).Body!.transformToByteArray();
      records.push(...JSON.parse(gunzipSync(Buffer.from(body)).toString('utf8')).Records);
    }
    const denied = records.find((r) => r.eventName === 'DescribeInstances');
    expect(denied).toMatchObject({
      eventVersion: '1.09',
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/lab-intruder`, accountId: ACCOUNT, accessKeyId: key.AccessKeyId, userName: 'lab-intruder' },
      eventSource: 'ec2.amazonaws.com',
      awsRegion: 'us-east-1',
      errorCode: 'UnauthorizedOperation',
      readOnly: true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    });
    expect(denied.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(denied.userAgent).toMatch(/aws-sdk-js/);
    expect(records.find((r) => r.eventName === 'ListBuckets')).toMatchObject({ eventSource: 's3.amazonaws.com', errorCode: 'AccessDenied' });
    // CreateAccessKey is logged, its secret is not.
    const createKey = records.find((r) => r.eventName === 'CreateAccessKey');
    expect(createKey.responseElements.accessKey.accessKeyId).toBe(key.AccessKeyId);
    expect(JSON.stringify(records)).not.toContain(key.SecretAccessKey!);

    const events = await emu.clients.logs.send(new GetLogEventsCommand({ logGroupName: 'CloudTrailLogs', logStreamName: `${ACCOUNT}_CloudTrail_us-east-1`, startFromHead: true }));
    const messages = events.events!.map((e) => JSON.parse(e.message!));
    expect(messages.filter((m) => m.errorCode).map((m) => m.eventName).sort()).toEqual(['DescribeInstances', 'ListBuckets', 'ListUsers']);
    expect(events.events!.find((e) => e.message!.includes('ListUsers'))!.timestamp).toBe(Date.parse(messages.find((m) => m.eventName === 'ListUsers').eventTime));

    const stats = await emu.clients.cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: 'CloudTrailMetrics', MetricName: 'UnauthorizedAPICalls', StartTime: new Date(started - 3_600_000), EndTime: new Date(Date.now() + 3_600_000), Period: 300, Statistics: ['Sum'],
    }));
    expect(stats.Datapoints!.reduce((s, d) => s + (d.Sum ?? 0), 0)).toBe(3);
  });

  it('answers LookupEvents from the event history, by event name and user, and hides nothing it should not show', async () => {
    await environment();
    const { clients } = await intruder();
    await failureSummary(clients.ec2.send(new DescribeInstancesCommand({})));
    const byName = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }] }));
    expect(byName.Events!.map((e) => [e.EventName, e.Username, e.ReadOnly, e.EventSource])).toEqual([['CreateUser', 'root', 'false', 'iam.amazonaws.com']]);
    const byUser = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'lab-intruder' }] }));
    expect(byUser.Events!.map((e) => e.EventName)).toEqual(['DescribeInstances']);
    expect(JSON.parse(byUser.Events![0].CloudTrailEvent!).errorCode).toBe('UnauthorizedOperation');
    expect((await failureSummary(ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a' }, { AttributeKey: 'Username', AttributeValue: 'b' }] })))).name).toBe('InvalidLookupAttributesException');
  });

  it('stops delivering after StopLogging and honours WriteOnly selectors', async () => {
    await environment();
    await ct.send(new CreateTrailCommand({ Name: 'SecurityTrail', S3BucketName: BUCKET }));
    await ct.send(new PutEventSelectorsCommand({ TrailName: 'SecurityTrail', EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }));
    await ct.send(new StartLoggingCommand({ Name: 'SecurityTrail' }));
    await emu.clients.ec2.send(new DescribeVpcsCommand({}));
    await emu.clients.s3.send(new CreateBucketCommand({ Bucket: 'written-while-logging' }));
    await ct.send(new StopLoggingCommand({ Name: 'SecurityTrail' }));
    await emu.clients.s3.send(new CreateBucketCommand({ Bucket: 'written-after-stop' }));
    await flush();
    const listed = await emu.clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'AWSLogs/' }));
    const names: string[] = [];
    for (const o of listed.Contents ?? []) {
      const body = await (await emu.clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.Key! }))).Body!.transformToByteArray();
      for (const r of JSON.parse(gunzipSync(Buffer.from(body)).toString('utf8')).Records) names.push(`${r.eventName}:${r.requestParameters?.bucketName ?? ''}`);
    }
    expect(names).toContain('CreateBucket:written-while-logging');
    expect(names).toContain('StopLogging:');
    expect(names.some((n) => n.startsWith('DescribeVpcs'))).toBe(false);
    expect(names).not.toContain('CreateBucket:written-after-stop');
  });
});
