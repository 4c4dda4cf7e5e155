import type { StoredPoint } from './types';

/** The aggregate of a set of points; `values` is present only when every point kept raw values. */
export interface Aggregate {
  n: number;
  sum: number;
  min: number;
  max: number;
  values?: Array<[number, number]>;
}

/** Merges points (all of one period) into one aggregate; undefined when there are none. */
export function aggregatePoints(points: StoredPoint[]): Aggregate | undefined {
  if (points.length === 0) return undefined;
  const agg: Aggregate = { n: 0, sum: 0, min: Infinity, max: -Infinity, values: [] };
  for (const p of points) {
    agg.n += p.n;
    agg.sum += p.sum;
    agg.min = Math.min(agg.min, p.min);
    agg.max = Math.max(agg.max, p.max);
    if (p.vals && agg.values) p.vals.forEach((v, i) => agg.values!.push([v, p.cnts?.[i] ?? 1]));
    else agg.values = undefined;
  }
  return agg;
}

/** True for `p90`, `p99.9`… (ExtendedStatistic percentiles 0–100). */
export function isPercentile(stat: string): boolean {
  const m = /^p(\d{1,2}(\.\d{1,10})?|100(\.0{1,10})?)$/.exec(stat);
  return m !== null;
}

/**
 * One statistic of an aggregate: SampleCount, Sum, Average, Minimum, Maximum or pNN. A
 * percentile needs raw values (a statistic set has none) and is undefined without them. CloudWatch
 * does not say how it interpolates; nearest rank is used.
 */
export function statisticValue(agg: Aggregate, stat: string): number | undefined {
  switch (stat) {
    case 'SampleCount':
      return agg.n;
    case 'Sum':
      return agg.sum;
    case 'Average':
      return agg.n === 0 ? undefined : agg.sum / agg.n;
    case 'Minimum':
      return agg.min;
    case 'Maximum':
      return agg.max;
  }
  if (!isPercentile(stat) || !agg.values || agg.values.length === 0) return undefined;
  const p = Number(stat.slice(1));
  const sorted = [...agg.values].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, c]) => s + c, 0);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [v, c] of sorted) {
    seen += c;
    if (seen >= rank) return v;
  }
  return sorted[sorted.length - 1][0];
}
