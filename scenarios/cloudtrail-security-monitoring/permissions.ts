// The IAM actions of the CloudTrail for Security Monitoring lab: what each check reads (`labwright
// policy`), what discovery reads, and what a full run needs. test/integration/check-policy-enforced
// proves on the emulator, with IAM enforced, that a user holding exactly the check policy gets the
// same verdicts as the root, and that each action the emulator can judge is needed.
import { TRAIL_ACCOUNT_DISCOVERY_ACTIONS, TRAIL_ACCOUNT_PROVISION_ACTIONS } from '../../environments/trail-account';
import { ATHENA_READ_QUERY_ACTIONS, GLUE_TABLE_READ_ACTIONS } from '../../checks/athena';


/** What finding the student's environment reads. */
export const DISCOVERY_ACTIONS = TRAIL_ACCOUNT_DISCOVERY_ACTIONS;

/** The read actions each step's check declares, by step id. */
export const CHECK_ACTIONS: Record<string, string[]> = {
  trail: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
  'trail-cloudwatch': ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'logs:DescribeLogGroups'],
  'denied-calls': ['logs:DescribeLogGroups', 'logs:FilterLogEvents', 'cloudtrail:GetTrailStatus'],
  'metric-filter': ['logs:DescribeMetricFilters', 'logs:TestMetricFilter'],
  alarm: ['cloudwatch:DescribeAlarms', 'logs:DescribeMetricFilters', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic'],
  'alarm-fires': ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory', 'cloudwatch:GetMetricStatistics', 'sns:ListSubscriptionsByTopic'],
  // StartQuery: the checker's own run, when the student's run misses the calls.
  'insights-denied-calls': ['logs:DescribeLogGroups', 'logs:DescribeQueries', 'logs:StartQuery', 'logs:GetQueryResults'],
  'athena-result-location': ['athena:GetWorkGroup'],
  'athena-table': ['athena:GetTableMetadata', 's3:ListBucket', ...ATHENA_READ_QUERY_ACTIONS],
  'athena-denied-query': ['athena:ListQueryExecutions', 'athena:BatchGetQueryExecution', ...ATHENA_READ_QUERY_ACTIONS],
};

/** Creating the environment the lab platform pre-provisions. */
export const PROVISION_ACTIONS = TRAIL_ACCOUNT_PROVISION_ACTIONS;

/** What the solves do, with what AWS authorizes alongside. */
export const SOLVE_ACTIONS = [
  // The run's own Athena workgroup and database (run-scoped names); ownership read before a change.
  'athena:CreateWorkGroup',
  'athena:GetWorkGroup',
  'athena:TagResource',
  'athena:GetDatabase',
  'glue:CreateDatabase',
  'glue:DeleteDatabase',
  'cloudwatch:ListTagsForResource',
  'sns:ListTagsForResource',
  'cloudtrail:CreateTrail',
  'cloudtrail:AddTags',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:StartLogging',
  'cloudtrail:UpdateTrail',
  'cloudtrail:DescribeTrails',
  // CloudTrail passes the role to itself for CloudWatch Logs delivery.
  'iam:PassRole',
  'iam:GetRole',
  'logs:CreateLogGroup',
  'logs:TagResource',
  'logs:DescribeLogGroups',
  'logs:ListTagsLogGroup',
  'logs:PutMetricFilter',
  'logs:DescribeMetricFilters',
  'sns:CreateTopic',
  'sns:TagResource',
  'sns:Subscribe',
  'sns:GetTopicAttributes',
  'cloudwatch:PutMetricAlarm',
  'cloudwatch:TagResource',
  'logs:StartQuery',
  'logs:GetQueryResults',
  'athena:UpdateWorkGroup',
  'athena:GetTableMetadata',
  ...ATHENA_READ_QUERY_ACTIONS,
  'glue:CreateTable',
];
