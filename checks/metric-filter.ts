// Check of step "metric-filter": the filter dest-port-22-rejects exists on VPCFlowLogs with the
// metric the lab names, and its pattern behaves as the lab requires on the lab's test lines.
import type { MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import type { LabContext } from '../aws/context';
import { listMetricFilters, testMetricFilter } from '../aws/logs-metric-filters';
import { parseRecord } from '../flowlogs';
import { LOG_GROUP, METRIC_FILTER_NAME, METRIC_NAME, METRIC_VALUE, TEST_LINES, TEST_LINES_EXPECTED_MATCHES } from '../fixtures/vpc-flow-logs';
import { result, type CheckResult, type Evidence } from '../runner/model';

const STEP = 'step "Create a CloudWatch Log Metric Filter"';

/** Verifies the metric filter's metric and, through TestMetricFilter, its pattern. */
export async function checkMetricFilter(ctx: LabContext): Promise<CheckResult> {
  let filters: MetricFilter[];
  try {
    filters = await listMetricFilters(ctx.clients.logs, LOG_GROUP);
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
    return result('failed', `The log group ${LOG_GROUP} does not exist.`, {
      hint: `The metric filter belongs to the log group ${LOG_GROUP}, which was not found; create the log group first (step "Create the CloudWatch Log Group and VPC Flow Log").`,
      detail: `DescribeMetricFilters(logGroupName=${LOG_GROUP}) → ResourceNotFoundException`,
    });
  }
  const filter = filters.find((f) => f.filterName === METRIC_FILTER_NAME);
  if (!filter) return missingFilter(filters);

  const evidence: Evidence[] = [{ kind: 'resource', title: `Metric filter ${METRIC_FILTER_NAME}`, data: filter }];
  const t = filter.metricTransformations?.[0];
  const detail =
    `filter ${filter.filterName} on ${filter.logGroupName}: pattern ${JSON.stringify(filter.filterPattern)}; ` +
    `metric ${t?.metricNamespace}/${t?.metricName} value ${JSON.stringify(t?.metricValue)}` +
    (t?.defaultValue !== undefined ? ` default ${t.defaultValue}` : '');
  const problems: string[] = [];
  if (t?.metricName !== METRIC_NAME) problems.push(`it publishes the metric '${t?.metricName}', but the lab names the metric '${METRIC_NAME}'`);
  if (t?.metricValue !== METRIC_VALUE) {
    problems.push(`its metric value is '${t?.metricValue}', so each match would not count as one rejected attempt; the lab asks for a metric value of ${METRIC_VALUE}`);
  }

  const matches = await testMetricFilter(ctx.clients.logs, filter.filterPattern ?? '', TEST_LINES);
  const matched = matches.map((m) => m.eventNumber!).sort((a, b) => a - b);
  evidence.push({ kind: 'text', title: 'TestMetricFilter on the lab\'s Custom log data', data: { matchedLines: matched, lines: TEST_LINES } });
  problems.push(...patternProblems(matched));

  const fullDetail = `${detail}; TestMetricFilter matched lines [${matched.join(', ')}], expected [${TEST_LINES_EXPECTED_MATCHES.join(', ')}]`;
  if (problems.length) {
    return result('failed', `Metric filter ${METRIC_FILTER_NAME} does not do what the lab asks.`, {
      hint: `Your metric filter ${METRIC_FILTER_NAME}: ${problems.join('; ')} (${STEP}).`,
      detail: fullDetail,
      evidence,
    });
  }
  return result('passed', `Metric filter ${METRIC_FILTER_NAME} publishes ${t?.metricNamespace}/${METRIC_NAME} = ${METRIC_VALUE} and matches only the rejected SSH test lines.`, {
    detail: fullDetail,
    evidence,
  });
}

/** What is wrong with the set of test lines a pattern matched, in the student's terms. */
function patternProblems(matched: number[]): string[] {
  const problems: string[] = [];
  for (let n = 1; n <= TEST_LINES.length; n++) {
    const shouldMatch = TEST_LINES_EXPECTED_MATCHES.includes(n);
    if (shouldMatch && !matched.includes(n)) {
      problems.push(`your pattern does not match ${describeLine(n)} (test line ${n}), one of the failed SSH attempts the filter is meant to count`);
    } else if (!shouldMatch && matched.includes(n)) {
      problems.push(`your pattern also matches ${describeLine(n)} (test line ${n}), which is not a rejected SSH attempt`);
    }
  }
  return problems;
}

/**
 * A test line in words, naming only what sets it apart from the lines the pattern should match
 * ("an ACCEPT record", "a record to port 80"), so the hint points at the field without giving the pattern.
 */
function describeLine(n: number): string {
  const rec = parseRecord(TEST_LINES[n - 1]);
  const targets = TEST_LINES_EXPECTED_MATCHES.map((i) => parseRecord(TEST_LINES[i - 1]));
  if (TEST_LINES_EXPECTED_MATCHES.includes(n)) return `a ${rec.action} record to port ${rec.dstPort}`;
  const differs = (get: (r: typeof rec) => unknown) => targets.every((t) => get(t) !== get(rec));
  const action = differs((r) => r.action) ? `${rec.action} ` : '';
  const port = differs((r) => r.dstPort) ? ` to port ${rec.dstPort}` : '';
  const protocol = differs((r) => r.protocol) ? ` of protocol ${rec.protocol}` : '';
  const words = `${action}record${port}${protocol}`;
  return `${/^[AEIOU]/.test(words) ? 'an' : 'a'} ${words}`;
}

/** The filter is missing: say what the group has instead (a near-miss name, a filter with the lab's metric). */
function missingFilter(filters: MetricFilter[]): CheckResult {
  const names = filters.map((f) => f.filterName ?? '');
  const near = filters.find(
    (f) => f.filterName?.toLowerCase().replace(/[^a-z0-9]/g, '') === METRIC_FILTER_NAME.replace(/[^a-z0-9]/g, '') || f.metricTransformations?.[0]?.metricName === METRIC_NAME,
  );
  const hint = near
    ? `The log group ${LOG_GROUP} has a metric filter named '${near.filterName}', but the lab names it '${METRIC_FILTER_NAME}' (${STEP}, Filter name).`
    : `The log group ${LOG_GROUP} has no metric filter named '${METRIC_FILTER_NAME}' (${STEP}).`;
  return result('failed', `No metric filter ${METRIC_FILTER_NAME} on ${LOG_GROUP}.`, {
    hint,
    detail: `DescribeMetricFilters(${LOG_GROUP}) → [${names.join(', ')}]`,
    evidence: [{ kind: 'resource', title: `Metric filters of ${LOG_GROUP}`, data: filters }],
  });
}
