import { AwsError, type Handler, type RequestContext } from '../../framework/types';
import type { MonitoringState, StoredPoint } from './types';
import { addPoint, findMetric, periodAggregates, sortDimensions } from './store';
import { isPercentile, statisticValue } from './statistics';
import { checkUnit, invalidCombination, invalidValue, required, STATISTICS, toMs } from './errors';
import { publishLogMetricsFor } from '../logs/publish-metrics';

const HOUR = 3600_000;
const MAX_DATAPOINTS = 1440;

type Dimension = { Name: string; Value: string };

function checkDimensions(dims: unknown, where: string): Dimension[] {
  const list = (dims ?? []) as Dimension[];
  if (list.length > 30) throw invalidValue(`The collection ${where} must not have more than 30 members.`);
  for (const d of list) {
    if (!d.Name || d.Value === undefined || d.Value === null) throw invalidValue(`Every member of ${where} needs a Name and a Value.`);
  }
  return list;
}

function checkPeriod(period: unknown, name = 'Period'): number {
  const p = required(period as number | undefined, name);
  if (!Number.isInteger(p) || p < 1 || !([1, 5, 10, 20, 30].includes(p) || p % 60 === 0)) {
    throw invalidValue(`The parameter ${name} must be 1, 5, 10, 20, 30 or a multiple of 60.`);
  }
  return p;
}

/** The point one MetricDatum adds: Value, Values with Counts, or StatisticValues. */
function pointOf(d: any, i: number, t: number): StoredPoint {
  const where = `MetricData.member.${i + 1}`;
  const kinds = [d.Value !== undefined, d.Values !== undefined, d.StatisticValues !== undefined].filter(Boolean).length;
  if (kinds > 1) throw invalidCombination(`The parameters ${where}.Value, ${where}.Values and ${where}.StatisticValues are mutually exclusive.`);
  if (kinds === 0) throw invalidCombination(`One of ${where}.Value, ${where}.Values or ${where}.StatisticValues must be specified.`);
  const unit = checkUnit(d.Unit, `${where}.Unit`) ?? 'None';
  if (d.Value !== undefined) {
    if (!Number.isFinite(d.Value)) throw invalidValue(`The value ${d.Value} for parameter ${where}.Value is invalid.`);
    return { t, n: 1, sum: d.Value, min: d.Value, max: d.Value, unit, vals: [d.Value], cnts: [1] };
  }
  if (d.Values !== undefined) {
    const vals: number[] = d.Values;
    const cnts: number[] = d.Counts ?? vals.map(() => 1);
    if (cnts.length !== vals.length) throw invalidValue(`The parameters ${where}.Values and ${where}.Counts must be of the same size.`);
    if (vals.length === 0) throw invalidValue(`The parameter ${where}.Values must not be empty.`);
    const n = cnts.reduce((a, b) => a + b, 0);
    const sum = vals.reduce((a, v, k) => a + v * cnts[k], 0);
    return { t, n, sum, min: Math.min(...vals), max: Math.max(...vals), unit, vals: [...vals], cnts: [...cnts] };
  }
  const s = d.StatisticValues;
  for (const k of ['SampleCount', 'Sum', 'Minimum', 'Maximum']) {
    if (typeof s[k] !== 'number') throw invalidValue(`The parameter ${where}.StatisticValues.${k} is required.`);
  }
  return { t, n: s.SampleCount, sum: s.Sum, min: s.Minimum, max: s.Maximum, unit };
}

function checkStatistics(input: any): { stats: string[]; extended: string[] } {
  const stats: string[] = input.Statistics ?? [];
  const extended: string[] = input.ExtendedStatistics ?? [];
  if (stats.length === 0 && extended.length === 0) throw invalidCombination('Must specify either Statistics or ExtendedStatistics.');
  if (stats.length > 0 && extended.length > 0) throw invalidCombination('Statistics and ExtendedStatistics cannot both be specified.');
  for (const s of stats) if (!STATISTICS.includes(s)) throw invalidValue(`The value ${s} for parameter Statistics is not valid.`);
  for (const s of extended) if (!isPercentile(s)) throw invalidValue(`The value ${s} for parameter ExtendedStatistics is not supported.`);
  return { stats, extended };
}

/** The start of the first period: a time rounded down to the minute (or the period when shorter), as alarms see periods. */
function alignStart(ms: number, periodMs: number): number {
  const align = Math.min(periodMs, 60_000);
  return Math.floor(ms / align) * align;
}

function metricState(ctx: RequestContext): MonitoringState {
  publishLogMetricsFor(ctx);
  return ctx.state<MonitoringState>();
}

/** PutMetricData, GetMetricStatistics, GetMetricData, ListMetrics. */
export const metricHandlers: Record<string, Handler> = {
  PutMetricData(input, ctx) {
    const namespace = required<string>(input.Namespace, 'Namespace');
    if (namespace.startsWith('AWS/')) throw invalidValue(`The value ${namespace} for parameter Namespace is invalid: the AWS/ prefix is reserved for AWS services.`);
    if (namespace.length > 255) throw invalidValue('The parameter Namespace must be at most 255 characters.');
    const data: any[] = input.MetricData ?? [];
    if (data.length === 0) throw invalidValue('The parameter MetricData must not be empty.');
    if (data.length > 1000) throw invalidValue('The collection MetricData must not have more than 1000 members.');
    const now = ctx.clock.now();
    const points = data.map((d, i) => {
      const name = required<string>(d.MetricName, `MetricData.member.${i + 1}.MetricName`);
      const t = d.Timestamp !== undefined ? toMs(d.Timestamp, `MetricData.member.${i + 1}.Timestamp`) : now;
      if (t > now + 2 * HOUR) throw invalidValue(`The parameter MetricData.member.${i + 1}.Timestamp must specify a time no more than two hours in the future.`);
      if (t < now - 14 * 24 * HOUR) throw invalidValue(`The parameter MetricData.member.${i + 1}.Timestamp must specify a time within the past two weeks.`);
      return { name, dims: checkDimensions(d.Dimensions, `MetricData.member.${i + 1}.Dimensions`), point: pointOf(d, i, t) };
    });
    const state = ctx.state<MonitoringState>();
    for (const p of points) addPoint(state, namespace, p.name, p.dims, p.point, now);
    ctx.runtime.markDirty();
    return {};
  },

  GetMetricStatistics(input, ctx) {
    const namespace = required<string>(input.Namespace, 'Namespace');
    const metricName = required<string>(input.MetricName, 'MetricName');
    const start = toMs(required(input.StartTime, 'StartTime'), 'StartTime');
    const end = toMs(required(input.EndTime, 'EndTime'), 'EndTime');
    const period = checkPeriod(input.Period);
    const { stats, extended } = checkStatistics(input);
    const unit = checkUnit(input.Unit);
    if (start >= end) throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
    const periodMs = period * 1000;
    const from = alignStart(start, periodMs);
    const count = Math.ceil((end - from) / periodMs);
    if (count > MAX_DATAPOINTS) {
      throw invalidCombination(`You have requested up to ${count} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`);
    }
    const metric = findMetric(metricState(ctx), namespace, metricName, checkDimensions(input.Dimensions, 'Dimensions'));
    const datapoints = periodAggregates(metric, from, end, periodMs, unit).map((b) => {
      const dp: Record<string, unknown> = { Timestamp: new Date(b.timestampMs) };
      for (const s of stats) dp[s] = statisticValue(b.agg, s);
      if (extended.length > 0) {
        dp.ExtendedStatistics = Object.fromEntries(extended.map((s) => [s, statisticValue(b.agg, s)]).filter(([, v]) => v !== undefined));
      }
      dp.Unit = b.unit;
      return dp;
    });
    return { Label: metricName, Datapoints: datapoints };
  },

  GetMetricData(input, ctx) {
    const queries: any[] = required(input.MetricDataQueries, 'MetricDataQueries');
    if (queries.length === 0 || queries.length > 500) throw invalidValue('The parameter MetricDataQueries must have 1 to 500 members.');
    const start = toMs(required(input.StartTime, 'StartTime'), 'StartTime');
    const end = toMs(required(input.EndTime, 'EndTime'), 'EndTime');
    if (start >= end) throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
    const scanBy = input.ScanBy ?? 'TimestampDescending';
    if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') throw invalidValue(`The value ${scanBy} for parameter ScanBy is not valid.`);
    const state = metricState(ctx);
    const ids = new Set<string>();
    const results = [];
    for (const [i, q] of queries.entries()) {
      const where = `MetricDataQueries.member.${i + 1}`;
      const id = required<string>(q.Id, `${where}.Id`);
      if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) throw invalidValue(`The value ${id} for parameter ${where}.Id is invalid: it must start with a lowercase letter and use letters, digits and _ only.`);
      if (ids.has(id)) throw invalidValue(`The value ${id} for parameter ${where}.Id is not unique.`);
      ids.add(id);
      if ((q.MetricStat === undefined) === (q.Expression === undefined)) throw invalidCombination(`Exactly one of ${where}.MetricStat and ${where}.Expression must be specified.`);
      if (q.Expression !== undefined) throw invalidValue(`The parameter ${where}.Expression is not supported: this emulator evaluates MetricStat queries only.`);
      const ms = q.MetricStat;
      const m = required<any>(ms.Metric, `${where}.MetricStat.Metric`);
      const stat = required<string>(ms.Stat, `${where}.MetricStat.Stat`);
      if (!STATISTICS.includes(stat) && !isPercentile(stat)) throw invalidValue(`The value ${stat} for parameter ${where}.MetricStat.Stat is not supported.`);
      const periodMs = checkPeriod(ms.Period, `${where}.MetricStat.Period`) * 1000;
      const metric = findMetric(state, required(m.Namespace, `${where}.MetricStat.Metric.Namespace`), required(m.MetricName, `${where}.MetricStat.Metric.MetricName`), m.Dimensions);
      const points = periodAggregates(metric, alignStart(start, periodMs), end, periodMs, checkUnit(ms.Unit))
        .map((b) => ({ t: b.timestampMs, v: statisticValue(b.agg, stat) }))
        .filter((p): p is { t: number; v: number } => p.v !== undefined);
      if (scanBy === 'TimestampDescending') points.reverse();
      if (q.ReturnData === false) continue;
      results.push({ Id: id, Label: q.Label ?? m.MetricName, Timestamps: points.map((p) => new Date(p.t)), Values: points.map((p) => p.v), StatusCode: 'Complete', Messages: [] });
    }
    return { MetricDataResults: results, Messages: [] };
  },

  ListMetrics(input, ctx) {
    const state = metricState(ctx);
    const filters = (input.Dimensions ?? []) as Array<{ Name: string; Value?: string }>;
    const now = ctx.clock.now();
    if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H') throw invalidValue(`The value ${input.RecentlyActive} for parameter RecentlyActive is not valid.`);
    const all = Object.values(state.metrics)
      .filter((m) => (input.Namespace === undefined || m.namespace === input.Namespace) && (input.MetricName === undefined || m.metricName === input.MetricName))
      .filter((m) => filters.every((f) => m.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value))))
      // CloudWatch lists metrics that received data in the last two weeks (three hours with RecentlyActive).
      .filter((m) => m.lastPutMs >= now - (input.RecentlyActive ? 3 * HOUR : 14 * 24 * HOUR))
      .sort((a, b) => (a.namespace + a.metricName < b.namespace + b.metricName ? -1 : 1));
    const offset = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new AwsError('InvalidNextToken', 'The service returned an invalid NextToken.', 400);
    const page = all.slice(offset, offset + 500);
    return {
      Metrics: page.map((m) => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: sortDimensions(m.dimensions) })),
      NextToken: all.length > offset + 500 ? Buffer.from(String(offset + 500)).toString('base64url') : undefined,
    };
  },
};
