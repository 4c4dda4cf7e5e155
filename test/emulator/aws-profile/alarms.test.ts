import { DescribeAlarmsCommand, GetMetricStatisticsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { FakeClock } from '../../../core/clock';
import type { LabEngines } from '../../../emulator/engines/lab-engines';
import { FILTER_PATTERN } from '../../../fixtures/vpc-flow-logs/lab';
import type { TestEmulator } from '../helpers';
import { startAwsEmulator } from './aws-fixture';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 28, 12, 0, 10);

/** A REJECT record for port 22 whose capture window started at `startMs`, as flow logs deliver it (timestamp = start). */
function reject(startMs: number) {
  const start = Math.floor(startMs / 1000);
  return { timestamp: start * 1000, message: `2 000000000000 eni-0a1b2c3d 192.0.2.44 10.0.1.10 40000 22 6 1 60 ${start} ${start + 60} REJECT OK` };
}

async function setUp(clock: FakeClock): Promise<{ emu: TestEmulator; engines: LabEngines; state: () => Promise<string>; put: (startMs: number) => Promise<void> }> {
  const emu = await startAwsEmulator({ clock, autoTick: false });
  const { logs, cloudwatch } = emu.clients;
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: 'VPCFlowLogs', logStreamName: 'eni-0a1b2c3d-all' }));
  await logs.send(new PutMetricFilterCommand({ logGroupName: 'VPCFlowLogs', filterName: 'dest-port-22-rejects', filterPattern: FILTER_PATTERN, metricTransformations: [{ metricNamespace: 'vpcflowlogs', metricName: 'SSH Rejects', metricValue: '1' }] }));
  await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'SSH rejects', Namespace: 'vpcflowlogs', MetricName: 'SSH Rejects', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' }));
  return {
    emu,
    engines: emu.emulator.runtime.engines.get('lab') as LabEngines,
    state: async () => (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['SSH rejects'] }))).MetricAlarms![0].StateValue!,
    put: async (startMs) => void (await logs.send(new PutLogEventsCommand({ logGroupName: 'VPCFlowLogs', logStreamName: 'eni-0a1b2c3d-all', logEvents: [reject(startMs)] }))),
  };
}

describe('aws profile: metric filters and alarms on AWS\'s clock', () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  test('the datapoint is stamped with the event\'s time, and the alarm changes state only once that minute is complete', async () => {
    const clock = new FakeClock(T0);
    const t = await setUp(clock);
    emu = t.emu;
    await t.put(T0 - 5000);
    await t.engines.tick();
    // The minute of the event (12:00) is not over: no evaluation has seen it yet.
    expect(await t.state()).toBe('INSUFFICIENT_DATA');
    const stats = await emu.clients.cloudwatch.send(
      new GetMetricStatisticsCommand({ Namespace: 'vpcflowlogs', MetricName: 'SSH Rejects', StartTime: new Date(T0 - 10 * MIN), EndTime: new Date(T0 + 10 * MIN), Period: 60, Statistics: ['Sum'] }),
    );
    expect(stats.Datapoints!.map((d) => [d.Timestamp!.getTime(), d.Sum])).toEqual([[Date.UTC(2026, 10, 28, 12, 0, 0), 1]]);
    await clock.advance(MIN); // 12:01:10, the next once-a-minute evaluation
    await t.engines.tick();
    expect(await t.state()).toBe('ALARM');
  });

  test('a datapoint that arrives after the evaluation range has moved on never counts; one inside it does', async () => {
    const clock = new FakeClock(T0);
    const t = await setUp(clock);
    emu = t.emu;
    // Delivered late, as flow records are (5–10 min): its minute is outside the range of 3 periods.
    await t.put(T0 - 6 * MIN);
    await t.engines.tick();
    await clock.advance(MIN);
    await t.engines.tick();
    expect(await t.state()).toBe('INSUFFICIENT_DATA');
    // Two minutes late: still inside the range, so the next evaluation counts it.
    await t.put(clock.now() - 2 * MIN);
    await clock.advance(MIN);
    await t.engines.tick();
    expect(await t.state()).toBe('ALARM');
  });
});
