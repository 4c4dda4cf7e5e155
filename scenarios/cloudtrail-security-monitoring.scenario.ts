// "CloudTrail for Security Monitoring" (fixtures/cloudtrail-security-monitoring/lab.md): a trail
// that records every API call, delivered to S3 and CloudWatch Logs; an IAM user without permissions
// makes calls AWS denies; the CIS "unauthorized API calls" metric filter and alarm catch them;
// Logs Insights and Athena find them. Labwright's building blocks bound to the lab's fixtures.
import { ENVIRONMENT } from '../fixtures/cloudtrail-security-monitoring/environment';
import * as f from '../fixtures/cloudtrail-security-monitoring/lab';
import { defineLab, type LabStep } from '../runner/lab';
import * as b from './cloudtrail-security-monitoring/blocks';
import { cloudTrailMutations as m } from './cloudtrail-security-monitoring/mutations';
import { CHECK_ACTIONS as iam, DISCOVERY_ACTIONS, PROVISION_ACTIONS, SOLVE_ACTIONS } from './cloudtrail-security-monitoring/permissions';

const steps: Array<LabStep<b.Env>> = [
  { id: 'trail', title: `Create the multi-region trail ${f.TRAIL_NAME} and start logging`, waitBudgetMs: 60_000, solve: b.solveTrail, check: b.checkTrail, mutations: m.trail, iam: { check: iam.trail } },
  {
    id: 'trail-cloudwatch',
    title: `Send the trail to the log group ${f.LOG_GROUP}`,
    needs: ['trail'],
    waitBudgetMs: 60_000,
    solve: b.solveTrailCloudWatch,
    check: b.checkTrailCloudWatch,
    mutations: m['trail-cloudwatch'],
    iam: { check: iam['trail-cloudwatch'] },
  },
  {
    id: 'denied-calls',
    title: `Calls by ${f.INTRUDER_NAME} are denied and recorded in ${f.LOG_GROUP}`,
    needs: ['trail-cloudwatch'],
    capabilities: ['iam-enforcement', 'cloudtrail-delivery'],
    waitBudgetMs: 900_000,
    solve: b.solveDeniedCalls,
    check: b.checkDeniedCalls,
    mutations: m['denied-calls'],
    iam: { check: iam['denied-calls'] },
  },
  {
    id: 'metric-filter',
    title: `Create the CIS metric filter ${f.METRIC_FILTER_NAME}`,
    needs: ['trail-cloudwatch'],
    capabilities: ['metric-filter-eval'],
    waitBudgetMs: 30_000,
    solve: b.solveMetricFilter,
    check: b.checkMetricFilter,
    mutations: m['metric-filter'],
    iam: { check: iam['metric-filter'] },
  },
  { id: 'alarm', title: `Create the alarm ${f.ALARM_NAME} with an SNS email topic`, needs: ['metric-filter'], waitBudgetMs: 30_000, solve: b.solveAlarm, check: b.checkAlarm, mutations: m.alarm, iam: { check: iam.alarm } },
  {
    id: 'alarm-fires',
    title: 'Denied calls put the alarm in ALARM and send the email',
    needs: ['alarm', 'denied-calls'],
    capabilities: ['iam-enforcement', 'cloudtrail-delivery', 'metric-filter-eval', 'alarm-eval', 'sns-delivery'],
    waitBudgetMs: 1_200_000,
    solve: b.solveAlarmFires,
    check: b.checkAlarmFires,
    mutations: m['alarm-fires'],
    iam: { check: iam['alarm-fires'] },
  },
  {
    id: 'insights-denied-calls',
    title: 'Logs Insights lists the denied calls by user and API',
    needs: ['denied-calls'],
    capabilities: ['cloudtrail-delivery', 'logs-insights'],
    waitBudgetMs: 600_000,
    solve: b.solveInsights,
    check: b.checkInsights,
    mutations: m['insights-denied-calls'],
    iam: { check: iam['insights-denied-calls'] },
  },
  {
    id: 'athena-result-location',
    title: 'Set the Athena query result location',
    capabilities: ['athena'],
    waitBudgetMs: 30_000,
    solve: b.solveAthenaResultLocation,
    check: b.checkAthenaResultLocation,
    mutations: m['athena-result-location'],
    iam: { check: iam['athena-result-location'] },
  },
  {
    id: 'athena-table',
    title: `Create the Athena table ${f.ATHENA_TABLE} over the trail`,
    needs: ['athena-result-location', 'trail'],
    capabilities: ['athena'],
    waitBudgetMs: 60_000,
    solve: b.solveAthenaTable,
    check: b.checkAthenaTable,
    mutations: m['athena-table'],
    iam: { check: iam['athena-table'] },
  },
  {
    id: 'athena-denied-query',
    title: "Athena finds the intruder's denied calls",
    needs: ['athena-table', 'denied-calls'],
    capabilities: ['athena', 'cloudtrail-delivery'],
    waitBudgetMs: 1_200_000,
    solve: b.solveAthenaDeniedQuery,
    check: b.checkAthenaDeniedQuery,
    mutations: m['athena-denied-query'],
    iam: { check: iam['athena-denied-query'] },
  },
];

/** The lab. */
export const cloudTrailSecurityMonitoring = defineLab<b.Env>({
  id: f.LAB_ID,
  title: f.LAB_TITLE,
  environment: {
    provision: b.provisionLabEnvironment,
    discover: b.discoverLabEnvironment,
    secrets: (env) => [env.userSecretAccessKey],
    describe: (env) => `bucket ${env.bucket}, role ${env.roleArn.split('/').pop()}, user ${env.userName}`,
    iam: { discover: DISCOVERY_ACTIONS, provision: PROVISION_ACTIONS },
  },
  steps,
  solveIam: SOLVE_ACTIONS,
  sweep: { rolePrefixes: [f.ROLE_NAME], bucketPrefixes: [ENVIRONMENT.bucketPrefix] },
  names: f.RUN_NAMES,
});
