import {
  DeleteMetricFilterCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  PutMetricFilterCommand,
  TestMetricFilterCommand,
  type PutMetricFilterCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { FakeClock } from '../../core/clock';
import { FILTER_PATTERN as LAB_PATTERN, TEST_LINES as LAB_LINES } from '../../fixtures/vpc-flow-logs/lab';
import { createLabLogStream, putLabLogEvents } from './cloudwatch-fixture';
import { failure, useTestEmulator } from './helpers';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 28, 21, 54, 0);
const LAB_FILTER: PutMetricFilterCommandInput = {
  logGroupName: 'VPCFlowLogs',
  filterName: 'dest-port-22-rejects',
  filterPattern: LAB_PATTERN,
  metricTransformations: [{ metricNamespace: 'vpcflowlogs', metricName: 'SSH Rejects', metricValue: '1' }],
};

const clock = new FakeClock(T0);
const emu = useTestEmulator({ clock });
beforeEach(() => createLabLogStream(emu.clients.logs));

const putLines = (events: Array<[number, string]>) => putLabLogEvents(emu.clients.logs, events);

const sshRejects = (start: number, end: number) =>
  emu.clients.cloudwatch.send(
    new GetMetricStatisticsCommand({ Namespace: 'vpcflowlogs', MetricName: 'SSH Rejects', StartTime: new Date(start), EndTime: new Date(end), Period: 60, Statistics: ['Sum', 'SampleCount'] }),
  );

describe('TestMetricFilter', () => {
  it('matches lines 1 and 2 of the lab data with their extracted values', async () => {
    const out = await emu.clients.logs.send(new TestMetricFilterCommand({ filterPattern: LAB_PATTERN, logEventMessages: [...LAB_LINES] }));
    expect(out.matches?.map((m) => m.eventNumber)).toEqual([1, 2]);
    expect(out.matches?.[0]).toEqual({
      eventNumber: 1,
      eventMessage: LAB_LINES[0],
      extractedValues: {
        $version: '2',
        $account: '086112738802',
        $eni: 'eni-0d5d75b41f9befe9e',
        $source: '61.177.172.128',
        $destination: '172.31.83.158',
        $srcport: '39611',
        $destport: '22',
        $protocol: '6',
        $packets: '1',
        $bytes: '40',
        $windowstart: '1563108188',
        $windowend: '1563108227',
        $action: 'REJECT',
        $flowlogstatus: 'OK',
      },
    });
    expect(out.matches?.[1].extractedValues?.$source).toBe('182.68.238.8');
  });

  it('lists only matches, with empty extracted values for unstructured terms', async () => {
    const out = await emu.clients.logs.send(new TestMetricFilterCommand({ filterPattern: 'ERROR', logEventMessages: ['[ERROR] 400 BAD REQUEST', '[ERROR] 400 BAD REQUEST', '[INFO] 200 OK'] }));
    expect(out.matches).toEqual([
      { eventNumber: 1, eventMessage: '[ERROR] 400 BAD REQUEST', extractedValues: {} },
      { eventNumber: 2, eventMessage: '[ERROR] 400 BAD REQUEST', extractedValues: {} },
    ]);
  });

  it('refuses an invalid pattern', async () => {
    const err = await failure(emu.clients.logs.send(new TestMetricFilterCommand({ filterPattern: '[a, b', logEventMessages: ['x'] })));
    expect([err.name, err.message, err.$metadata.httpStatusCode]).toEqual(['InvalidParameterException', 'Invalid metric filter pattern', 400]);
  });
});

describe('PutMetricFilter / DescribeMetricFilters / DeleteMetricFilter', () => {
  it('stores the lab filter, counts it on the group and updates it in place', async () => {
    const logs = emu.clients.logs;
    await logs.send(new PutMetricFilterCommand(LAB_FILTER));
    const out = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: 'VPCFlowLogs' }));
    expect(out.metricFilters).toEqual([
      {
        filterName: 'dest-port-22-rejects',
        filterPattern: LAB_PATTERN,
        metricTransformations: [{ metricNamespace: 'vpcflowlogs', metricName: 'SSH Rejects', metricValue: '1' }],
        creationTime: clock.now(),
        logGroupName: 'VPCFlowLogs',
      },
    ]);
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups?.[0].metricFilterCount).toBe(1);
    await logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, metricTransformations: [{ metricNamespace: 'vpcflowlogs', metricName: 'SSH Rejects', metricValue: '$packets', unit: 'Count' }] }));
    const updated = await logs.send(new DescribeMetricFiltersCommand({ metricName: 'SSH Rejects', metricNamespace: 'vpcflowlogs' }));
    expect(updated.metricFilters).toHaveLength(1);
    expect(updated.metricFilters?.[0].metricTransformations).toEqual([{ metricNamespace: 'vpcflowlogs', metricName: 'SSH Rejects', metricValue: '$packets', unit: 'Count' }]);
    await logs.send(new DeleteMetricFilterCommand({ logGroupName: 'VPCFlowLogs', filterName: 'dest-port-22-rejects' }));
    expect((await logs.send(new DescribeMetricFiltersCommand({ logGroupName: 'VPCFlowLogs' }))).metricFilters).toEqual([]);
    const gone = await failure(logs.send(new DeleteMetricFilterCommand({ logGroupName: 'VPCFlowLogs', filterName: 'dest-port-22-rejects' })));
    expect([gone.name, gone.message]).toEqual(['ResourceNotFoundException', 'The specified metric filter does not exist.']);
  });

  it('refuses bad patterns, unknown groups, two transformations, dimensions on terms and the 101st filter', async () => {
    const logs = emu.clients.logs;
    const bad = await failure(logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, filterPattern: '{ $.a = ' })));
    expect([bad.name, bad.message]).toEqual(['InvalidParameterException', 'Invalid metric filter pattern']);
    const noGroup = await failure(logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, logGroupName: 'nope' })));
    expect([noGroup.name, noGroup.message]).toEqual(['ResourceNotFoundException', 'The specified log group does not exist.']);
    const two = await failure(logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, metricTransformations: [...LAB_FILTER.metricTransformations!, ...LAB_FILTER.metricTransformations!] })));
    expect(two.name).toBe('InvalidParameterException');
    const dims = await failure(
      logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, filterPattern: 'REJECT', metricTransformations: [{ metricNamespace: 'n', metricName: 'm', metricValue: '1', dimensions: { a: '$a' } }] })),
    );
    expect(dims.message).toBe('The specified filter pattern does not support dimensions');
    for (let i = 0; i < 100; i++) await logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, filterName: `f${i}` }));
    const limit = await failure(logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, filterName: 'one-too-many' })));
    expect(limit.name).toBe('LimitExceededException');
  });

  it('allows at most 5 regex patterns per log group', async () => {
    const logs = emu.clients.logs;
    for (let i = 0; i < 5; i++) await logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, filterName: `r${i}`, filterPattern: `%REJ${i}%` }));
    const err = await failure(logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, filterName: 'r5', filterPattern: '%REJECT%' })));
    expect(err.name).toBe('LimitExceededException');
    await logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, filterName: 'r4', filterPattern: '%REJECT%' }));
  });
});

describe('metric filters feed CloudWatch', () => {
  it('turns matching flow records into SSH Rejects datapoints in the minute of the event, not retroactively', async () => {
    const minute = T0 - 3 * MIN;
    // Ingested before the filter exists: must never count.
    await putLines([[minute + 1_000, LAB_LINES[0]]]);
    await emu.clients.logs.send(new PutMetricFilterCommand(LAB_FILTER));
    await putLines(LAB_LINES.map((l, i) => [minute + 10_000 + i, l] as [number, string]));
    await putLines([[minute + MIN + 5_000, LAB_LINES[1]]]);

    const out = await sshRejects(minute - MIN, minute + 2 * MIN);
    expect(out.Datapoints?.map((d) => [d.Timestamp?.getTime(), d.Sum, d.SampleCount, d.Unit])).toEqual([
      [minute, 2, 2, 'None'],
      [minute + MIN, 1, 1, 'None'],
    ]);
  });

  it('emits the defaultValue for a minute in which logs arrived but none matched', async () => {
    await emu.clients.logs.send(new PutMetricFilterCommand({ ...LAB_FILTER, metricTransformations: [{ ...LAB_FILTER.metricTransformations![0], defaultValue: 0 }] }));
    const minute = T0 - 2 * MIN;
    await putLines([[minute + 1_000, LAB_LINES[2]], [minute + 2_000, LAB_LINES[3]]]);
    await putLines([[minute + MIN + 1_000, LAB_LINES[0]]]);
    const out = await sshRejects(minute - MIN, minute + 3 * MIN);
    expect(out.Datapoints?.map((d) => [d.Timestamp?.getTime(), d.Sum, d.SampleCount])).toEqual([
      [minute, 0, 1],
      [minute + MIN, 1, 1],
    ]);
  });
});
