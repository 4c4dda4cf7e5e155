// The CloudTrail for Security Monitoring lab's solves and checks: labwright's reusable building
// blocks bound to the lab's fixtures. The lab object, its mutations and the tests use these.
// Names go through `named`: a run's steps see the run's names (runner/names.ts), `check` the lab's.
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../aws/clients';
import { alarmConfigured, alarmFiredAndNotified, type AlarmCheckParams } from '../../checks/alarm';
import { athenaResultLocationSet } from '../../checks/athena';
import { athenaTrailQueryLists, athenaTrailTableReads } from '../../checks/athena-trail';
import { insightsQueryLists } from '../../checks/insights-query';
import { metricFilterMatches } from '../../checks/metric-filter';
import { deniedCallsLogged, trailConfigured, trailDeliversToLogGroup } from '../../checks/trail';
import { discoverTrailAccount, provisionTrailAccount, type TrailAccountEnvironment } from '../../environments/trail-account';
import { ENVIRONMENT } from '../../fixtures/cloudtrail-security-monitoring/environment';
import * as f from '../../fixtures/cloudtrail-security-monitoring/lab';
import type { LabContext } from '../../runner/context';
import type { EnvironmentDeps } from '../../runner/lab';
import { bindNames, named, type RunNames } from '../../runner/names';
import { createAlarmWithEmailTopic, type AlarmParams } from '../../steps/alarm';
import { createAthenaTable, runAthenaStatement, setAthenaResultLocation } from '../../steps/athena';
import { runInsightsQuery } from '../../steps/insights';
import { createMetricFilter } from '../../steps/metric-filter';
import { createTrail, makeDeniedCalls, sendTrailToLogGroup, type DeniedCall } from '../../steps/trail';

/** The lab's environment record. */
export type Env = TrailAccountEnvironment;
/** What the lab's steps receive. */
export type Ctx = LabContext<Env>;

/**
 * The lab's environment, provisioned and discovered. Provisioning uses `deps.names` (a session
 * always passes the run's), else the lab's literal names; discovery a kept run's names, else the lab's.
 */
export const provisionLabEnvironment = (deps: EnvironmentDeps): Promise<Env> => provisionTrailAccount(bindNames(ENVIRONMENT, deps.names), deps);
export const discoverLabEnvironment = (clients: AwsClients, region: string, names?: RunNames): Promise<Env> => discoverTrailAccount(bindNames(ENVIRONMENT, names), clients, region);

const TRAIL = { name: f.TRAIL_NAME, multiRegion: true, readWriteType: 'All' } as const;

/** The intruder's denied calls, as the CLI makes them. */
const SENDERS: Record<string, (c: AwsClients) => Promise<unknown>> = {
  DescribeInstances: (c) => c.ec2.send(new DescribeInstancesCommand({})),
  ListBuckets: (c) => c.s3.send(new ListBucketsCommand({})),
  ListUsers: (c) => c.iam.send(new ListUsersCommand({})),
};
export const DENIED: DeniedCall[] = f.DENIED_CALLS.map((d) => ({ label: d.cli, send: SENDERS[d.eventName], errorCode: d.errorCode }));

const alarm: AlarmParams = {
  name: f.ALARM_NAME,
  logGroup: f.LOG_GROUP,
  metricFilter: f.METRIC_FILTER_NAME,
  namespace: f.METRIC_NAMESPACE,
  metricName: f.METRIC_NAME,
  statistic: f.ALARM_STATISTIC,
  periodSeconds: f.ALARM_PERIOD,
  threshold: f.ALARM_THRESHOLD,
  comparison: f.ALARM_COMPARISON,
  topicName: f.ALARM_TOPIC_NAME,
  email: f.ALARM_EMAIL,
};
const alarmChecks: AlarmCheckParams = {
  ...alarm,
  section: f.SECTIONS.alarm,
  trafficSection: f.SECTIONS.alarmTraffic,
  breachingTraffic: `a call the intruder is not allowed to make, such as ${f.DENIED_CALLS[0].cli}`,
  words: {
    counted: 'unauthorized API calls',
    another: 'another unauthorized API call',
    summed: 'unauthorized calls',
    arrival: 'Denied calls reach it only after the trail delivers their records to CloudWatch Logs (about 5 minutes)',
  },
};

/** Normalises a query for recognition: comments, case and spacing aside. */
function normal(text: string, comment: RegExp): string {
  return text.replace(comment, ' ').toLowerCase().replace(/\s+/g, ' ').trim();
}
/** A Logs Insights query that counts calls by user ARN and event name (the student's attempt at the lab's query). */
export function isDeniedCallsInsightsQuery(query: string): boolean {
  const q = normal(query, /#[^\n]*/g);
  return /\bstats [^|]*\bby [^|]*useridentity\.arn/.test(q) && /\bstats [^|]*\bby [^|]*eventname/.test(q);
}
/** What the student's Insights query misses: the filter on errorCode. */
export function deniedCallsInsightsProblem(query: string): string | undefined {
  return /\|?\s*filter [^|]*\berrorcode\b/.test(normal(query, /#[^\n]*/g)) ? undefined : 'counts every call, allowed ones too: the lab keeps only the denied calls by filtering on errorCode first';
}
/** An Athena query of the lab's table that reads the caller's ARN (the student's attempt at Query 2). */
export function isDeniedCallsAthenaQuery(sql: string): boolean {
  const q = normal(sql, /--[^\n]*|\/\*[\s\S]*?\*\//g);
  return /^(select|with)\b/.test(q) && new RegExp(`\\bfrom ("?default"? ?\\. ?)?"?${f.ATHENA_TABLE}"?\\b`).test(q) && /\buseridentity\.arn\b/.test(q);
}
/** What the student's Query 2 misses: the condition on errorcode. */
export function deniedCallsAthenaProblem(sql: string): string | undefined {
  return /\bwhere\b.*\berrorcode\b/.test(normal(sql, /--[^\n]*|\/\*[\s\S]*?\*\//g)) ? undefined : 'lists every call, allowed ones too: Query 2 keeps only the rows whose errorcode is an unauthorized-operation or access-denied code';
}
const DENIED_CODE = /UnauthorizedOperation$|^AccessDenied/;

/** Where the lab's Athena table lives and its queries run (the run's own database and workgroup in a run). */
const where = { database: f.ATHENA_DATABASE, workGroup: f.ATHENA_WORKGROUP };

export const solveTrail = named(createTrail, TRAIL);
export const solveTrailCloudWatch = named(sendTrailToLogGroup, { trail: f.TRAIL_NAME, logGroup: f.LOG_GROUP });
export const solveDeniedCalls = makeDeniedCalls(DENIED);
export const solveMetricFilter = named(createMetricFilter, { logGroup: f.LOG_GROUP, name: f.METRIC_FILTER_NAME, pattern: f.FILTER_PATTERN, namespace: f.METRIC_NAMESPACE, metricName: f.METRIC_NAME, metricValue: f.METRIC_VALUE });
export const solveAlarm = named(createAlarmWithEmailTopic, alarm);
export const solveAlarmFires = makeDeniedCalls(DENIED);
export const solveInsights = named(runInsightsQuery, { logGroup: f.LOG_GROUP, query: f.INSIGHTS_DENIED_CALLS, label: 'query of the denied calls' });
export const solveAthenaResultLocation = named(setAthenaResultLocation, { workGroup: f.ATHENA_WORKGROUP });
export const solveAthenaTable = named(
  (p: typeof where) => createAthenaTable<Env>({ ...p, table: f.ATHENA_TABLE, label: `Query 1: CREATE EXTERNAL TABLE ${f.ATHENA_TABLE}`, sql: (env) => f.athenaCreateTable(env.bucket, env.accountId, env.region) }),
  where,
);
export const solveAthenaDeniedQuery = named((p: typeof where) => runAthenaStatement<Env>({ ...p, label: () => 'Query 2: the denied calls', sql: () => f.ATHENA_DENIED_QUERY, flushFirst: true }), where);

export const checkTrail = named(trailConfigured, { ...TRAIL, section: f.SECTIONS.trail });
export const checkTrailCloudWatch = named(trailDeliversToLogGroup, { trail: f.TRAIL_NAME, logGroup: f.LOG_GROUP, roleName: f.ROLE_NAME, section: f.SECTIONS.trailCloudWatch, trailSection: f.SECTIONS.trail });
export const checkDeniedCalls = named(deniedCallsLogged, { logGroup: f.LOG_GROUP, trail: f.TRAIL_NAME, calls: f.DENIED_CALLS, section: f.SECTIONS.deniedCalls, logGroupSection: f.SECTIONS.trailCloudWatch });
export const checkMetricFilter = named(metricFilterMatches, {
  logGroup: f.LOG_GROUP,
  name: f.METRIC_FILTER_NAME,
  metricName: f.METRIC_NAME,
  metricValue: f.METRIC_VALUE,
  testLines: f.TEST_LINES,
  expectedMatches: f.TEST_LINES_EXPECTED_MATCHES,
  section: f.SECTIONS.metricFilter,
  logGroupSection: f.SECTIONS.trailCloudWatch,
  matchedWhat: 'denied calls among the test records',
  countedWhat: 'unauthorized API calls',
  countedOne: 'an unauthorized API call',
  countedUnit: 'one unauthorized call',
  describeLine: (line) => {
    const r = JSON.parse(line) as { eventName: string; errorCode?: string };
    return r.errorCode ? `a ${r.eventName} record that failed with ${r.errorCode}` : `a ${r.eventName} record that succeeded (no errorCode)`;
  },
});
export const checkAlarm = named(alarmConfigured, alarmChecks);
export const checkAlarmFires = named(alarmFiredAndNotified, alarmChecks);
export const checkInsights = named(insightsQueryLists<Env>, {
  logGroup: f.LOG_GROUP,
  query: f.INSIGHTS_DENIED_CALLS,
  label: 'the query of the denied calls',
  isLabQuery: isDeniedCallsInsightsQuery,
  queryProblem: deniedCallsInsightsProblem,
  expectedRow: (row, env) => row['userIdentity.arn'] === env.userArn && Boolean(row.eventName),
  expectedWhat: (env) => `denied calls of ${env.userName}`,
  section: f.SECTIONS.insights,
  logGroupSection: f.SECTIONS.trailCloudWatch,
  dataSection: f.SECTIONS.deniedCalls,
});
export const checkAthenaResultLocation = named(athenaResultLocationSet, { where: f.SECTIONS.athenaSettings, workGroup: f.ATHENA_WORKGROUP });
export const checkAthenaTable = named(athenaTrailTableReads, {
  ...where,
  table: f.ATHENA_TABLE,
  requiredColumns: { useridentity: 'struct<', eventtime: 'string', eventsource: 'string', eventname: 'string', awsregion: 'string', errorcode: 'string', errormessage: 'string' },
  section: f.SECTIONS.athenaTable,
});
export const checkAthenaDeniedQuery = named(athenaTrailQueryLists<Env>, {
  ...where,
  query: f.ATHENA_DENIED_QUERY,
  label: 'Query 2 (the denied calls)',
  isLabQuery: isDeniedCallsAthenaQuery,
  queryProblem: deniedCallsAthenaProblem,
  expectedRow: (row, env) => row.arn === env.userArn && DENIED_CODE.test(row.errorcode ?? ''),
  expectedWhat: (env) => `denied calls of ${env.userName}`,
  ownQuery: (env) => f.ATHENA_DENIED_QUERY.replace('WHERE ', `WHERE useridentity.arn = '${env.userArn}' AND (`).replace('\nORDER BY', ')\nORDER BY'),
  section: f.SECTIONS.athenaQuery,
  dataSection: f.SECTIONS.deniedCalls,
});
