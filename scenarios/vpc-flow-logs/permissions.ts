// The IAM actions of the VPC Flow Logs lab: what each check reads (so `labwright policy` can print a
// least-privilege policy for students' checkers) and what a full `run` needs. Names are IAM action
// names, which differ from API operation names in places (s3:ListBuckets is s3:ListAllMyBuckets).
// Tests record every call of a real check and run and prove these lists cover them.

import { ATHENA_READ_QUERY_ACTIONS, GLUE_TABLE_READ_ACTIONS } from '../../checks/athena';

/** What finding the student's environment reads (environments/vpc-instance-discover.ts). */
export const DISCOVERY_ACTIONS = [
  'ec2:DescribeInstances',
  'ec2:DescribeVpcs',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeFlowLogs',
  's3:ListAllMyBuckets',
  's3:GetBucketTagging',
  'iam:GetRole',
  'iam:ListRoles',
];

/** The read actions each step's check declares, by step id. */
export const CHECK_ACTIONS: Record<string, string[]> = {
  'flow-log-s3': ['ec2:DescribeFlowLogs', 's3:GetBucketPolicy'],
  'log-group': ['logs:DescribeLogGroups'],
  'flow-log-cloudwatch': ['ec2:DescribeFlowLogs'],
  'ssh-accepted': ['ec2:DescribeFlowLogs', 'logs:DescribeLogStreams', 'logs:FilterLogEvents'],
  'ssh-rejected': ['ec2:DescribeFlowLogs', 'ec2:DescribeNetworkInterfaces', 'logs:DescribeLogStreams', 'logs:FilterLogEvents'],
  'ssh-restored': ['ec2:DescribeFlowLogs', 'ec2:DescribeNetworkInterfaces', 'logs:DescribeLogStreams', 'logs:FilterLogEvents'],
  'metric-filter': ['logs:DescribeMetricFilters', 'logs:TestMetricFilter'],
  alarm: ['cloudwatch:DescribeAlarms', 'logs:DescribeMetricFilters', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic'],
  'alarm-fires': ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory', 'cloudwatch:GetMetricStatistics', 'sns:ListSubscriptionsByTopic'],
  'insights-top-rejects': ['logs:DescribeLogGroups', 'logs:DescribeQueries', 'logs:StartQuery', 'logs:GetQueryResults'],
  'athena-result-location': ['athena:GetWorkGroup'],
  'athena-table': ['athena:GetTableMetadata', ...GLUE_TABLE_READ_ACTIONS],
  'athena-partition': ['athena:GetTableMetadata', 's3:ListBucket', ...ATHENA_READ_QUERY_ACTIONS],
  'athena-rejects-query': ['s3:ListBucket', 'athena:ListQueryExecutions', 'athena:BatchGetQueryExecution', ...ATHENA_READ_QUERY_ACTIONS],
};

/** Creating the environment the lab platform pre-provisions (environments/vpc-instance.ts), tags included. */
export const PROVISION_ACTIONS = [
  'ec2:CreateVpc',
  'ec2:CreateSubnet',
  'ec2:ModifySubnetAttribute',
  'ec2:CreateInternetGateway',
  'ec2:AttachInternetGateway',
  'ec2:CreateRouteTable',
  'ec2:CreateRoute',
  'ec2:AssociateRouteTable',
  'ec2:CreateSecurityGroup',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateKeyPair',
  'ec2:DescribeImages',
  'ec2:DescribeInstanceTypeOfferings',
  'ec2:RunInstances',
  // Tagging on create (TagSpecifications) is authorized by CreateTags.
  'ec2:CreateTags',
  'ec2:DescribeInstances',
  'iam:CreateRole',
  'iam:TagRole',
  'iam:PutRolePolicy',
  's3:CreateBucket',
  's3:PutBucketTagging',
  // Finding what a create whose answer was lost made (aws/idempotent.ts), and waiting until the
  // environment can be read (eventual consistency); a lost key pair's key is gone, so it is replaced.
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeKeyPairs',
  'ec2:DeleteKeyPair',
  'iam:GetRole',
  's3:ListBucket',
];

/** What the solves do (steps/*.ts), with what AWS authorizes alongside. */
export const SOLVE_ACTIONS = [
  // The run's own Athena workgroup and database (run-scoped names); ownership read before a change.
  'athena:CreateWorkGroup',
  'athena:TagResource',
  'athena:GetDatabase',
  'glue:CreateDatabase',
  'glue:DeleteDatabase',
  'cloudwatch:ListTagsForResource',
  'sns:ListTagsForResource',
  'ec2:CreateFlowLogs',
  // A flow log to CloudWatch Logs passes DeliverVPCFlowLogsRole; one to S3 sets up log delivery and the bucket policy.
  'iam:PassRole',
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  's3:GetBucketPolicy',
  's3:PutBucketPolicy',
  'logs:CreateLogGroup',
  'logs:TagResource',
  // Reading back what a solve created before its check runs (eventual consistency), and telling a
  // log group a lost answer created from someone else's by its tags.
  'ec2:DescribeFlowLogs',
  'logs:DescribeLogGroups',
  'logs:ListTagsLogGroup',
  'sns:GetTopicAttributes',
  'ec2:ModifyInstanceAttribute',
  'logs:PutMetricFilter',
  'logs:DescribeMetricFilters',
  'sns:CreateTopic',
  'sns:TagResource',
  'sns:Subscribe',
  'cloudwatch:PutMetricAlarm',
  'cloudwatch:TagResource',
  'logs:StartQuery',
  'logs:GetQueryResults',
  'athena:UpdateWorkGroup',
  ...ATHENA_READ_QUERY_ACTIONS,
  // Query 1 creates the table, Query 2 adds a partition.
  'glue:CreateTable',
  'glue:BatchCreatePartition',
];

/**
 * Actions a check declares for a path a clean check of a solved lab does not take, with why; the
 * policy test allows exactly these beyond what it saw called (and fails once one of them is seen,
 * so the list never keeps an action that the recorded calls already justify).
 */
export const CHECK_CONTINGENCIES: Record<string, string> = {
  'iam:ListRoles': 'discovery lists roles named like the delivery role to name them in its error when the role is not found',
  's3:GetBucketTagging': "discovery tells the lab's bucket by its run-id tag when no bucket's name says it",
  'logs:StartQuery': "the Insights check runs its own count for the client when the student's results do not list it",
};
