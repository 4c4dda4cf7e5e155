// A course lab composed of labwright's building blocks: a log group, a metric filter proven on the
// lab's test lines, and an alarm with an email topic. No environment beyond the account.
import { DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  accountEnvironment,
  alarmConfigured,
  createAlarmWithEmailTopic,
  createLogGroup,
  createMetricFilter,
  defineLab,
  logGroupExists,
  metricFilterMatches,
  type LabContext,
} from 'labwright';
import * as f from '../fixtures/rdp-rejects/lab';

const filter = { logGroup: f.LOG_GROUP, name: f.FILTER_NAME, pattern: f.FILTER_PATTERN, namespace: f.METRIC_NAMESPACE, metricName: f.METRIC_NAME, metricValue: '1' };
const alarm = { ...f.ALARM, logGroup: f.LOG_GROUP, metricFilter: f.FILTER_NAME, namespace: f.METRIC_NAMESPACE, metricName: f.METRIC_NAME };

/** The lab. */
export const rdpRejects = defineLab({
  id: f.LAB_ID,
  title: f.LAB_TITLE,
  environment: {
    provision: (deps) => accountEnvironment(deps.clients, deps.region),
    discover: (clients, region) => accountEnvironment(clients, region),
    iam: { discover: [], provision: [] },
  },
  steps: [
    {
      id: 'log-group',
      title: `Create the log group ${f.LOG_GROUP}`,
      solve: createLogGroup({ name: f.LOG_GROUP }),
      check: logGroupExists({ name: f.LOG_GROUP, section: f.SECTIONS.logGroup }),
      mutations: [{ name: 'the log group is deleted', apply: (ctx: LabContext) => ctx.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: f.LOG_GROUP })).then(() => undefined) }],
      iam: { check: ['logs:DescribeLogGroups'], solve: ['logs:CreateLogGroup', 'logs:TagResource'] },
    },
    {
      id: 'metric-filter',
      title: `Create the metric filter ${f.FILTER_NAME}`,
      needs: ['log-group'],
      capabilities: ['metric-filter-eval'],
      solve: createMetricFilter(filter),
      check: metricFilterMatches({
        ...filter,
        testLines: f.TEST_LINES,
        expectedMatches: f.EXPECTED_MATCHES,
        section: f.SECTIONS.metricFilter,
        logGroupSection: f.SECTIONS.logGroup,
        matchedWhat: 'rejected RDP test lines',
        countedWhat: 'rejected RDP attempts',
        countedOne: 'a rejected RDP attempt',
      }),
      mutations: [{ name: 'the pattern also counts SSH', apply: createMetricFilter({ ...filter, pattern: f.FILTER_PATTERN.replace('destport="3389"', 'destport') }) }],
      iam: { check: ['logs:DescribeMetricFilters', 'logs:TestMetricFilter'], solve: ['logs:PutMetricFilter'] },
    },
    {
      id: 'alarm',
      title: `Create the alarm ${f.ALARM.name} with an email topic`,
      needs: ['metric-filter'],
      solve: createAlarmWithEmailTopic(alarm),
      check: alarmConfigured({ ...alarm, section: f.SECTIONS.alarm, trafficSection: f.SECTIONS.alarm, breachingTraffic: 'an RDP connection to a closed port' }),
      mutations: [
        {
          name: 'the threshold is 50',
          apply: (ctx: LabContext) =>
            ctx.clients.cloudwatch
              .send(new PutMetricAlarmCommand({ AlarmName: f.ALARM.name, Namespace: f.METRIC_NAMESPACE, MetricName: f.METRIC_NAME, Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 50, ComparisonOperator: 'GreaterThanOrEqualToThreshold' }))
              .then(() => undefined),
        },
      ],
      iam: { check: ['cloudwatch:DescribeAlarms', 'logs:DescribeMetricFilters', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic'], solve: ['sns:CreateTopic', 'sns:Subscribe', 'cloudwatch:PutMetricAlarm'] },
    },
  ],
});
