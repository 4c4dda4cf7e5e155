// Check: a metric filter exists on a log group with the metric the lab names, and its pattern
// matches exactly the lab's expected test lines (flow-log records) through TestMetricFilter.
import type { MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import type { LabContext } from '../runner/context';
import { listMetricFilters, testMetricFilter } from '../aws/logs-metric-filters';
import { parseRecord } from '../flowlogs';
import { result, type CheckResult, type Evidence } from '../runner/model';

/** The filter as the lab names it, and the test lines its pattern must (and must not) match. */
export interface MetricFilterCheckParams {
  logGroup: string;
  name: string;
  metricName: string;
  metricValue: string;
  /** Flow-log lines (the console's "Custom log data"), and the 1-based numbers of those that must match. */
  testLines: readonly string[];
  expectedMatches: number[];
  /** The lab text's section that creates the filter, and the one that creates the log group. */
  section: string;
  logGroupSection: string;
  /** What the matching lines are, in words: all of them ("rejected SSH test lines"), what each counts ("failed SSH attempts"), and one ("a rejected SSH attempt"). */
  matchedWhat: string;
  countedWhat: string;
  countedOne: string;
  /** What one match counts as, for a wrong metric value (default `one rejected attempt`). */
  countedUnit?: string;
  /**
   * A test line in words, naming what sets it apart (default: a flow-log record, by action, port
   * and protocol). Labs whose lines are not flow records give their own.
   */
  describeLine?(line: string, n: number, expectedMatches: number[], lines: readonly string[]): string;
}

/** Check: the metric filter's metric and, through TestMetricFilter, its pattern. */
export function metricFilterMatches(p: MetricFilterCheckParams): (ctx: LabContext) => Promise<CheckResult> {
  return (ctx) => checkMetricFilter(ctx, p);
}

async function checkMetricFilter(ctx: LabContext, p: MetricFilterCheckParams): Promise<CheckResult> {
  const STEP = `step "${p.section}"`;
  let filters: MetricFilter[];
  try {
    filters = await listMetricFilters(ctx.clients.logs, p.logGroup);
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
    return result('failed', `The log group ${p.logGroup} does not exist.`, {
      hint: `The metric filter belongs to the log group ${p.logGroup}, which was not found; create the log group first (step "${p.logGroupSection}").`,
      detail: `DescribeMetricFilters(logGroupName=${p.logGroup}) → ResourceNotFoundException`,
    });
  }
  const filter = filters.find((f) => f.filterName === p.name);
  if (!filter) return missingFilter(p, filters);

  const evidence: Evidence[] = [{ kind: 'resource', title: `Metric filter ${p.name}`, data: filter }];
  const t = filter.metricTransformations?.[0];
  const detail =
    `filter ${filter.filterName} on ${filter.logGroupName}: pattern ${JSON.stringify(filter.filterPattern)}; ` +
    `metric ${t?.metricNamespace}/${t?.metricName} value ${JSON.stringify(t?.metricValue)}` +
    (t?.defaultValue !== undefined ? ` default ${t.defaultValue}` : '');
  const problems: string[] = [];
  if (t?.metricName !== p.metricName) problems.push(`it publishes the metric '${t?.metricName}', but the lab names the metric '${p.metricName}'`);
  if (t?.metricValue !== p.metricValue) {
    problems.push(`its metric value is '${t?.metricValue}', so each match would not count as ${p.countedUnit ?? 'one rejected attempt'}; the lab asks for a metric value of ${p.metricValue}`);
  }

  const matches = await testMetricFilter(ctx.clients.logs, filter.filterPattern ?? '', p.testLines);
  const matched = matches.map((m) => m.eventNumber!).sort((a, b) => a - b);
  evidence.push({ kind: 'text', title: 'TestMetricFilter on the lab\'s Custom log data', data: { matchedLines: matched, lines: p.testLines } });
  problems.push(...patternProblems(p, matched));

  const fullDetail = `${detail}; TestMetricFilter matched lines [${matched.join(', ')}], expected [${p.expectedMatches.join(', ')}]`;
  if (problems.length) {
    return result('failed', `Metric filter ${p.name} does not do what the lab asks.`, {
      hint: `Your metric filter ${p.name}: ${problems.join('; ')} (${STEP}).`,
      detail: fullDetail,
      evidence,
    });
  }
  return result('passed', `Metric filter ${p.name} publishes ${t?.metricNamespace}/${p.metricName} = ${p.metricValue} and matches only the ${p.matchedWhat}.`, {
    detail: fullDetail,
    evidence,
  });
}

/** What is wrong with the set of test lines a pattern matched, in the student's terms. */
function patternProblems(p: MetricFilterCheckParams, matched: number[]): string[] {
  const problems: string[] = [];
  for (let n = 1; n <= p.testLines.length; n++) {
    const shouldMatch = p.expectedMatches.includes(n);
    if (shouldMatch && !matched.includes(n)) {
      problems.push(`your pattern does not match ${describeLine(p, n)} (test line ${n}), one of the ${p.countedWhat} the filter is meant to count`);
    } else if (!shouldMatch && matched.includes(n)) {
      problems.push(`your pattern also matches ${describeLine(p, n)} (test line ${n}), which is not ${p.countedOne}`);
    }
  }
  return problems;
}

/**
 * A test line in words, naming only what sets it apart from the lines the pattern should match
 * ("an ACCEPT record", "a record to port 80"), so the hint points at the field without giving the pattern.
 */
function describeLine(p: MetricFilterCheckParams, n: number): string {
  if (p.describeLine) return p.describeLine(p.testLines[n - 1], n, p.expectedMatches, p.testLines);
  const rec = parseRecord(p.testLines[n - 1]);
  const targets = p.expectedMatches.map((i) => parseRecord(p.testLines[i - 1]));
  if (p.expectedMatches.includes(n)) return `a ${rec.action} record to port ${rec.dstPort}`;
  const differs = (get: (r: typeof rec) => unknown) => targets.every((t) => get(t) !== get(rec));
  const action = differs((r) => r.action) ? `${rec.action} ` : '';
  const port = differs((r) => r.dstPort) ? ` to port ${rec.dstPort}` : '';
  const protocol = differs((r) => r.protocol) ? ` of protocol ${rec.protocol}` : '';
  const words = `${action}record${port}${protocol}`;
  return `${/^[AEIOU]/.test(words) ? 'an' : 'a'} ${words}`;
}

/** The filter is missing: say what the group has instead (a near-miss name, a filter with the lab's metric). */
function missingFilter(p: MetricFilterCheckParams, filters: MetricFilter[]): CheckResult {
  const STEP = `step "${p.section}"`;
  const names = filters.map((f) => f.filterName ?? '');
  const near = filters.find(
    (f) => f.filterName?.toLowerCase().replace(/[^a-z0-9]/g, '') === p.name.replace(/[^a-z0-9]/g, '') || f.metricTransformations?.[0]?.metricName === p.metricName,
  );
  const hint = near
    ? `The log group ${p.logGroup} has a metric filter named '${near.filterName}', but the lab names it '${p.name}' (${STEP}, Filter name).`
    : `The log group ${p.logGroup} has no metric filter named '${p.name}' (${STEP}).`;
  return result('failed', `No metric filter ${p.name} on ${p.logGroup}.`, {
    hint,
    detail: `DescribeMetricFilters(${p.logGroup}) → [${names.join(', ')}]`,
    evidence: [{ kind: 'resource', title: `Metric filters of ${p.logGroup}`, data: filters }],
  });
}
