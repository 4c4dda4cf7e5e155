import { AwsError, type Handler } from '../../framework/types';
import type { LogsState, StoredLogGroup, StoredMetricFilter } from './types';
import { checkTransformation, compileFilterPattern } from './pattern-bridge';
import { checkLimit, checkStreamName, constraintError, decodeToken, encodeToken, invalidParameter, requireGroup } from './validation';

/** At most 100 metric filters per log group and 5 regex-containing patterns (spec §4.5, §4.7). */
const MAX_FILTERS = 100;
const MAX_REGEX_PATTERNS = 5;

const STANDARD_UNITS = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits', 'Megabits', 'Gigabits',
  'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second',
  'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
];

function checkPatternText(text: unknown): string {
  const t = text ?? '';
  if (typeof t !== 'string') throw constraintError('filterPattern', t, 'Member must be a string');
  if (t.length > 1024) throw constraintError('filterPattern', t, 'Member must have length less than or equal to 1024');
  return t;
}

function checkMetricName(member: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw constraintError(member, value ?? null, 'Member must not be null');
  if (value.length > 255) throw constraintError(member, value, 'Member must have length less than or equal to 255');
  if (/[:*$]/.test(value)) throw constraintError(member, value, 'Member must satisfy regular expression pattern: [^:*$]*');
  return value;
}

function regexPatterns(g: StoredLogGroup, except: string): number {
  return Object.values(g.metricFilters).filter((f) => f.filterName !== except && compileFilterPattern(f.filterPattern, 'metric').regexCount > 0).length;
}

function describe(g: StoredLogGroup, f: StoredMetricFilter) {
  return {
    filterName: f.filterName,
    filterPattern: f.filterPattern,
    metricTransformations: f.metricTransformations.map((t) => ({ ...t })),
    creationTime: f.creationTime,
    logGroupName: g.name,
  };
}

/** PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter, TestMetricFilter. */
export const metricFilterHandlers: Record<string, Handler> = {
  PutMetricFilter(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), { logGroupName: input.logGroupName });
    const filterName = checkStreamName(input.filterName, 'filterName');
    const text = checkPatternText(input.filterPattern);
    const ts = input.metricTransformations;
    if (!Array.isArray(ts) || ts.length === 0) throw constraintError('metricTransformations', ts ?? null, 'Member must have length greater than or equal to 1');
    if (ts.length > 1) throw constraintError('metricTransformations', `[${ts.length} items]`, 'Member must have length less than or equal to 1');
    const raw = ts[0];
    if (typeof raw.metricValue !== 'string') throw constraintError('metricTransformations.1.member.metricValue', null, 'Member must not be null');
    if (raw.unit !== undefined && !STANDARD_UNITS.includes(raw.unit)) {
      throw constraintError('metricTransformations.1.member.unit', raw.unit, `Member must satisfy enum value set: [${STANDARD_UNITS.join(', ')}]`);
    }
    const t: StoredMetricFilter['metricTransformations'][number] = {
      metricName: checkMetricName('metricTransformations.1.member.metricName', raw.metricName),
      metricNamespace: checkMetricName('metricTransformations.1.member.metricNamespace', raw.metricNamespace),
      metricValue: raw.metricValue,
      ...(raw.defaultValue !== undefined && raw.defaultValue !== null ? { defaultValue: raw.defaultValue } : {}),
      ...(raw.dimensions && Object.keys(raw.dimensions).length > 0 ? { dimensions: { ...raw.dimensions } } : {}),
      ...(raw.unit !== undefined ? { unit: raw.unit } : {}),
    };
    const pattern = compileFilterPattern(text, 'metric');
    checkTransformation(t, pattern);

    const existing = g.metricFilters[filterName];
    if (!existing && Object.keys(g.metricFilters).length >= MAX_FILTERS) {
      throw new AwsError('LimitExceededException', `Resource limit exceeded: a log group can have at most ${MAX_FILTERS} metric filters.`, 400);
    }
    if (pattern.regexCount > 0 && regexPatterns(g, filterName) >= MAX_REGEX_PATTERNS) {
      throw new AwsError('LimitExceededException', `Resource limit exceeded: a log group can have at most ${MAX_REGEX_PATTERNS} filter patterns that use regex.`, 400);
    }
    // An update replaces the filter in place; it applies to events ingested from now on only.
    g.metricFilters[filterName] = { filterName, filterPattern: text, creationTime: existing?.creationTime ?? ctx.clock.now(), metricTransformations: [t] };
    ctx.runtime.markDirty();
    return {};
  },

  DescribeMetricFilters(input, ctx) {
    const state = ctx.state<LogsState>();
    const limit = checkLimit(input.limit, 50, 50);
    if ((input.metricName === undefined) !== (input.metricNamespace === undefined)) {
      throw invalidParameter('metricName and metricNamespace must be specified together.');
    }
    if (input.filterNamePrefix !== undefined && input.logGroupName === undefined) {
      throw invalidParameter('filterNamePrefix can be specified only together with logGroupName.');
    }
    const groups = input.logGroupName !== undefined ? [requireGroup(state, { logGroupName: input.logGroupName })] : Object.keys(state.groups).sort().map((n) => state.groups[n]);
    const all = groups.flatMap((g) =>
      Object.keys(g.metricFilters)
        .sort()
        .map((k) => ({ g, f: g.metricFilters[k] })),
    );
    const matching = all.filter(
      ({ f }) =>
        (input.filterNamePrefix === undefined || f.filterName.startsWith(input.filterNamePrefix)) &&
        (input.metricName === undefined || (f.metricTransformations[0].metricName === input.metricName && f.metricTransformations[0].metricNamespace === input.metricNamespace)),
    );
    const offset = input.nextToken ? decodeToken<{ offset: number }>(input.nextToken).offset : 0;
    const page = matching.slice(offset, offset + limit);
    return {
      metricFilters: page.map(({ g, f }) => describe(g, f)),
      nextToken: matching.length > offset + limit ? encodeToken({ offset: offset + limit }) : undefined,
    };
  },

  DeleteMetricFilter(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), { logGroupName: input.logGroupName });
    const name = checkStreamName(input.filterName, 'filterName');
    if (!g.metricFilters[name]) throw new AwsError('ResourceNotFoundException', 'The specified metric filter does not exist.', 400);
    delete g.metricFilters[name];
    ctx.runtime.markDirty();
    return {};
  },

  TestMetricFilter(input) {
    const text = checkPatternText(input.filterPattern);
    const messages: unknown = input.logEventMessages;
    if (!Array.isArray(messages) || messages.length === 0) throw constraintError('logEventMessages', messages ?? null, 'Member must have length greater than or equal to 1');
    if (messages.length > 50) throw constraintError('logEventMessages', `[${messages.length} items]`, 'Member must have length less than or equal to 50');
    const pattern = compileFilterPattern(text, 'metric');
    const matches: Array<{ eventNumber: number; eventMessage: string; extractedValues: Record<string, string> }> = [];
    messages.forEach((message: string, i: number) => {
      const m = pattern.match(message);
      if (m.matched) matches.push({ eventNumber: i + 1, eventMessage: message, extractedValues: { ...m.extractedValues } });
    });
    return { matches };
  },
};
