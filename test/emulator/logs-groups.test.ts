import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { FakeClock } from '../../core/clock';
import { failure, useTestEmulator } from './helpers';

const T0 = Date.UTC(2026, 10, 28, 21, 54, 0);
const clock = new FakeClock(T0);
const emu = useTestEmulator({ clock });

describe('CloudWatch Logs log groups', () => {
  it('creates and describes a log group with every field', async () => {
    const logs = emu.clients.logs;
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs', tags: { lab: 'flow' } }));
    const out = await logs.send(new DescribeLogGroupsCommand({}));
    expect(out.logGroups).toEqual([
      {
        logGroupName: 'VPCFlowLogs',
        creationTime: T0,
        metricFilterCount: 0,
        arn: 'arn:aws:logs:us-east-1:000000000000:log-group:VPCFlowLogs:*',
        logGroupArn: 'arn:aws:logs:us-east-1:000000000000:log-group:VPCFlowLogs',
        storedBytes: 0,
        logGroupClass: 'STANDARD',
      },
    ]);
    expect(out.nextToken).toBeUndefined();
  });

  it('refuses a duplicate, an unknown group and an invalid name with AWS errors', async () => {
    const logs = emu.clients.logs;
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }));
    const dup = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'g' })));
    expect([dup.name, dup.message, dup.$metadata.httpStatusCode]).toEqual(['ResourceAlreadyExistsException', 'The specified log group already exists', 400]);
    const missing = await failure(logs.send(new DeleteLogGroupCommand({ logGroupName: 'nope' })));
    expect([missing.name, missing.message]).toEqual(['ResourceNotFoundException', 'The specified log group does not exist.']);
    const bad = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })));
    expect(bad.name).toBe('InvalidParameterException');
    expect(bad.message).toContain('[\\.\\-_/#A-Za-z0-9]+');
  });

  it('filters by prefix and by pattern (case-sensitive, as on AWS) and pages with limit/nextToken', async () => {
    const logs = emu.clients.logs;
    for (const n of ['/aws/a', '/aws/b', '/aws/c', 'other-VPC']) await logs.send(new CreateLogGroupCommand({ logGroupName: n }));
    const prefixed = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/' }));
    expect(prefixed.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/a', '/aws/b', '/aws/c']);
    const pattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'VPC' }));
    expect(pattern.logGroups?.map((g) => g.logGroupName)).toEqual(['other-VPC']);
    // AWS: "a case-sensitive substring search" (DataLogs matches aws/DataLogs, not datalogs).
    const otherCase = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'vpc' }));
    expect(otherCase.logGroups ?? []).toEqual([]);
    const p1 = await logs.send(new DescribeLogGroupsCommand({ limit: 2 }));
    expect(p1.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/a', '/aws/b']);
    const p2 = await logs.send(new DescribeLogGroupsCommand({ limit: 2, nextToken: p1.nextToken }));
    expect(p2.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/c', 'other-VPC']);
    expect(p2.nextToken).toBeUndefined();
  });

  it('sets and removes a retention policy, refusing values AWS does not allow', async () => {
    const logs = emu.clients.logs;
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: 7 }));
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups?.[0].retentionInDays).toBe(7);
    const bad = await failure(logs.send(new PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: 2 })));
    expect(bad.name).toBe('InvalidParameterException');
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: 'g' }));
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups?.[0].retentionInDays).toBeUndefined();
  });

  it('tags by ARN and with the legacy log-group calls', async () => {
    const logs = emu.clients.logs;
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'g', tags: { a: '1' } }));
    const arn = 'arn:aws:logs:us-east-1:000000000000:log-group:g';
    await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { b: '2' } }));
    await logs.send(new TagLogGroupCommand({ logGroupName: 'g', tags: { c: '3' } }));
    await logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }));
    expect((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ b: '2', c: '3' });
    expect((await logs.send(new ListTagsLogGroupCommand({ logGroupName: 'g' }))).tags).toEqual({ b: '2', c: '3' });
    const missing = await failure(logs.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:logs:us-east-1:000000000000:log-group:x' })));
    expect(missing.name).toBe('ResourceNotFoundException');
  });
});

describe('CloudWatch Logs log streams', () => {
  it('creates, describes (ordering, prefix, event times) and deletes streams', async () => {
    const logs = emu.clients.logs;
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: 'eni-b-all' }));
    await clock.advance(1000);
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: 'eni-a-all' }));
    await logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 'eni-b-all', logEvents: [{ timestamp: T0 - 5000, message: 'x' }, { timestamp: T0 - 2000, message: 'y' }] }));
    await logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 'eni-a-all', logEvents: [{ timestamp: T0 - 9000, message: 'z' }] }));

    const byName = await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'g' }));
    expect(byName.logStreams?.map((s) => s.logStreamName)).toEqual(['eni-a-all', 'eni-b-all']);
    expect(byName.logStreams?.[1]).toEqual({
      logStreamName: 'eni-b-all',
      creationTime: T0,
      firstEventTimestamp: T0 - 5000,
      lastEventTimestamp: T0 - 2000,
      lastIngestionTime: T0 + 1000,
      uploadSequenceToken: expect.stringMatching(/^\d{56}$/),
      arn: 'arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:eni-b-all',
      storedBytes: 0,
    });
    const byTime = await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'g', orderBy: 'LastEventTime', descending: true }));
    expect(byTime.logStreams?.map((s) => s.logStreamName)).toEqual(['eni-b-all', 'eni-a-all']);
    const prefixed = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: 'arn:aws:logs:us-east-1:000000000000:log-group:g', logStreamNamePrefix: 'eni-a' }));
    expect(prefixed.logStreams?.map((s) => s.logStreamName)).toEqual(['eni-a-all']);
    const bad = await failure(logs.send(new DescribeLogStreamsCommand({ logGroupName: 'g', orderBy: 'LastEventTime', logStreamNamePrefix: 'x' })));
    expect([bad.name, bad.message]).toEqual(['InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.']);

    const dup = await failure(logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: 'eni-a-all' })));
    expect([dup.name, dup.message]).toEqual(['ResourceAlreadyExistsException', 'The specified log stream already exists']);
    await logs.send(new DeleteLogStreamCommand({ logGroupName: 'g', logStreamName: 'eni-a-all' }));
    const gone = await failure(logs.send(new DeleteLogStreamCommand({ logGroupName: 'g', logStreamName: 'eni-a-all' })));
    expect([gone.name, gone.message]).toEqual(['ResourceNotFoundException', 'The specified log stream does not exist.']);
  });
});
