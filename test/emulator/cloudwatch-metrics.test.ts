import { GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { FakeClock } from '../../core/clock';
import { failure, useTestEmulator } from './helpers';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 28, 21, 0, 0);
const clock = new FakeClock(T0 + 10 * MIN);
const emu = useTestEmulator({ clock });

const dims = [{ Name: 'InstanceId', Value: 'i-1' }];

async function seed() {
  const cw = emu.clients.cloudwatch;
  await cw.send(
    new PutMetricDataCommand({
      Namespace: 'Lab',
      MetricData: [
        { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(T0 + 5_000), Value: 10, Unit: 'Milliseconds' },
        { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(T0 + 30_000), Values: [20, 40], Counts: [1, 2], Unit: 'Milliseconds' },
        { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(T0 + MIN + 1_000), StatisticValues: { SampleCount: 4, Sum: 8, Minimum: 1, Maximum: 3 }, Unit: 'Milliseconds' },
        { MetricName: 'Latency', Timestamp: new Date(T0 + 1_000), Value: 999 },
        { MetricName: 'Errors', Dimensions: [{ Name: 'Service', Value: 'web' }], Timestamp: new Date(T0), Value: 1 },
      ],
    }),
  );
}

describe('PutMetricData and GetMetricStatistics', () => {
  it('aggregates per period every statistic, with units, for exactly matching dimensions', async () => {
    await seed();
    const out = await emu.clients.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'Lab',
        MetricName: 'Latency',
        Dimensions: dims,
        StartTime: new Date(T0),
        EndTime: new Date(T0 + 2 * MIN),
        Period: 60,
        Statistics: ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'],
      }),
    );
    expect(out.Label).toBe('Latency');
    expect(out.Datapoints).toEqual([
      { Timestamp: new Date(T0), SampleCount: 4, Average: 27.5, Sum: 110, Minimum: 10, Maximum: 40, Unit: 'Milliseconds' },
      { Timestamp: new Date(T0 + MIN), SampleCount: 4, Average: 2, Sum: 8, Minimum: 1, Maximum: 3, Unit: 'Milliseconds' },
    ]);
  });

  it('computes percentiles from raw values', async () => {
    await seed();
    const out = await emu.clients.cloudwatch.send(
      new GetMetricStatisticsCommand({ Namespace: 'Lab', MetricName: 'Latency', Dimensions: dims, StartTime: new Date(T0), EndTime: new Date(T0 + MIN), Period: 60, ExtendedStatistics: ['p50', 'p99'] }),
    );
    expect(out.Datapoints?.[0].ExtendedStatistics).toEqual({ p50: 20, p99: 40 });
  });

  it('refuses missing statistics, a bad period, a reserved namespace and too many datapoints', async () => {
    const cw = emu.clients.cloudwatch;
    const base = { Namespace: 'Lab', MetricName: 'Latency', StartTime: new Date(T0), EndTime: new Date(T0 + MIN) };
    const noStats = await failure(cw.send(new GetMetricStatisticsCommand({ ...base, Period: 60 })));
    expect([noStats.name, noStats.message, noStats.$metadata.httpStatusCode]).toEqual(['InvalidParameterCombinationException', 'Must specify either Statistics or ExtendedStatistics.', 400]);
    const badPeriod = await failure(cw.send(new GetMetricStatisticsCommand({ ...base, Period: 61, Statistics: ['Sum'] })));
    expect(badPeriod.name).toBe('InvalidParameterValueException');
    const tooMany = await failure(cw.send(new GetMetricStatisticsCommand({ ...base, EndTime: new Date(T0 + 2 * 24 * 3600_000), Period: 60, Statistics: ['Sum'] })));
    expect(tooMany.message).toMatch(/^You have requested up to 2880 datapoints, which exceeds the limit of 1440\./);
    const reserved = await failure(cw.send(new PutMetricDataCommand({ Namespace: 'AWS/EC2', MetricData: [{ MetricName: 'x', Value: 1 }] })));
    expect(reserved.name).toBe('InvalidParameterValueException');
    const both = await failure(cw.send(new PutMetricDataCommand({ Namespace: 'Lab', MetricData: [{ MetricName: 'x', Value: 1, Values: [1] }] })));
    expect(both.name).toBe('InvalidParameterCombinationException');
  });
});

describe('GetMetricData', () => {
  it('returns newest first by default, oldest first with ScanBy, with labels and status', async () => {
    await seed();
    const query = (scanBy?: 'TimestampAscending') =>
      emu.clients.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(T0),
          EndTime: new Date(T0 + 2 * MIN),
          ScanBy: scanBy,
          MetricDataQueries: [
            { Id: 'sum', MetricStat: { Metric: { Namespace: 'Lab', MetricName: 'Latency', Dimensions: dims }, Period: 60, Stat: 'Sum' } },
            { Id: 'mx', Label: 'peak', MetricStat: { Metric: { Namespace: 'Lab', MetricName: 'Latency', Dimensions: dims }, Period: 120, Stat: 'Maximum' } },
            { Id: 'hidden', ReturnData: false, MetricStat: { Metric: { Namespace: 'Lab', MetricName: 'Latency' }, Period: 60, Stat: 'Sum' } },
          ],
        }),
      );
    const out = await query();
    expect(out.MetricDataResults).toEqual([
      { Id: 'sum', Label: 'Latency', Timestamps: [new Date(T0 + MIN), new Date(T0)], Values: [8, 110], StatusCode: 'Complete', Messages: [] },
      { Id: 'mx', Label: 'peak', Timestamps: [new Date(T0)], Values: [40], StatusCode: 'Complete', Messages: [] },
    ]);
    const asc = await query('TimestampAscending');
    expect(asc.MetricDataResults?.[0].Values).toEqual([110, 8]);
  });
});

describe('ListMetrics', () => {
  it('lists metrics filtered by namespace, name and dimensions', async () => {
    await seed();
    const cw = emu.clients.cloudwatch;
    const all = await cw.send(new ListMetricsCommand({ Namespace: 'Lab' }));
    expect(all.Metrics).toHaveLength(3);
    const latency = await cw.send(new ListMetricsCommand({ MetricName: 'Latency', Dimensions: [{ Name: 'InstanceId' }] }));
    expect(latency.Metrics).toEqual([{ Namespace: 'Lab', MetricName: 'Latency', Dimensions: dims }]);
    const byValue = await cw.send(new ListMetricsCommand({ Dimensions: [{ Name: 'Service', Value: 'web' }] }));
    expect(byValue.Metrics?.map((m) => m.MetricName)).toEqual(['Errors']);
  });
});
