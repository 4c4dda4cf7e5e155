import { InsightsSyntaxError } from './errors';

// Units accepted in `bin(5m)`, `datefloor(@timestamp, 1h)`. Fixed-length units are in ms; months,
// quarters and years are calendar units (UTC).
const FIXED: Record<string, number> = {
  ms: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};
const CALENDAR: Record<string, number> = {
  mo: 1, mon: 1, month: 1, months: 1,
  q: 3, qtr: 3, quarter: 3, quarters: 3,
  y: 12, yr: 12, year: 12, years: 12,
};
// Epoch day 0 was a Thursday; weeks are aligned to Monday 00:00 UTC (not established for AWS).
const MONDAY_OFFSET = 4 * 86_400_000;

/** A bin width: a fixed number of ms, or a number of calendar months. */
export type Period = { ms: number; months?: undefined } | { months: number; ms?: undefined };

/** Resolves `5m`, `1h`, `1mo`… to a Period; throws InsightsSyntaxError over [start, end) for an unknown unit. */
export function toPeriod(amount: number, unit: string, start: number, end: number): Period {
  const u = unit.toLowerCase();
  if (!(amount > 0)) throw new InsightsSyntaxError('A time period must be greater than zero.', start, end);
  if (u in FIXED) return { ms: amount * FIXED[u] };
  if (u in CALENDAR && Number.isInteger(amount)) return { months: amount * CALENDAR[u] };
  throw new InsightsSyntaxError(`Unknown time unit '${unit}'; use ms, s, m, h, d, w, mo, q or y.`, start, end);
}

/** Rounds epoch ms down to the start of its period. */
export function floorTime(t: number, p: Period): number {
  if (p.ms !== undefined) {
    const offset = p.ms % 604_800_000 === 0 ? MONDAY_OFFSET : 0;
    return Math.floor((t - offset) / p.ms) * p.ms + offset;
  }
  const d = new Date(t);
  const idx = d.getUTCFullYear() * 12 + d.getUTCMonth();
  const floored = Math.floor(idx / p.months) * p.months;
  return Date.UTC(Math.floor(floored / 12), floored % 12, 1);
}

/** Rounds epoch ms up to the next period boundary (a boundary stays where it is). */
export function ceilTime(t: number, p: Period): number {
  const f = floorTime(t, p);
  if (f === t) return t;
  if (p.ms !== undefined) return f + p.ms;
  const d = new Date(f);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + p.months, 1);
}
