// The VPC Flow Logs lab's solves and checks: labwright's reusable building blocks bound to the lab's
// fixtures. The lab object (../vpc-flow-logs.scenario.ts), its mutations and the tests use these.
// Names go through `named`: a run's steps see the run's names (runner/names.ts), `check` the lab's.
import { utcDay } from '../../core/clock';
import { provisionVpcInstance, type ProvisionDeps, type VpcInstanceEnvironment } from '../../environments/vpc-instance';
import { discoverVpcInstance } from '../../environments/vpc-instance-discover';
import { ENVIRONMENT } from '../../fixtures/vpc-flow-logs/environment';
import type { LabContext } from '../../runner/context';
import type { EnvironmentDeps } from '../../runner/lab';
import { bindNames, named, type RunNames } from '../../runner/names';
import * as f from '../../fixtures/vpc-flow-logs/lab';
import { alarmConfigured, alarmFiredAndNotified, type AlarmCheckParams } from '../../checks/alarm';
import { athenaFlowLogTableMatches, athenaRejectsQueryListsClient, athenaResultLocationSet, athenaTodayPartitionReads, type AthenaFlowLogParams } from '../../checks/athena';
import { flowLogToLogGroupExists, flowLogToS3Exists, logGroupExists } from '../../checks/flow-logs';
import { insightsTopRejectsListsClient } from '../../checks/insights';
import { metricFilterMatches } from '../../checks/metric-filter';
import { sshAcceptedLogged, sshRejectedLogged, sshRestoredLogged, type TrafficCheckParams } from '../../checks/traffic';
import { createAlarmWithEmailTopic, makeRejectedSsh, rejectedSshAgain, type AlarmParams } from '../../steps/alarm';
import { addPartitionsForFiledDays, ATHENA_STATE, createAthenaTable, runAthenaStatement, setAthenaResultLocation } from '../../steps/athena';
import { s3FolderFor } from '../../flowlogs';
import { createFlowLogToLogGroup, createFlowLogToS3, createLogGroup } from '../../steps/flow-logs';
import { runInsightsQuery } from '../../steps/insights';
import { createMetricFilter } from '../../steps/metric-filter';
import { sshAccepted, sshAgain, sshDroppedAgain, sshRejected, sshRestored, type TrafficParams } from '../../steps/traffic';

/** The lab's environment record. */
export type Env = VpcInstanceEnvironment;

/** RunState keys of the flow-log solves. */
export const FLOW_LOG_STATE = { s3: 'flow-log-s3.id', cloudwatch: 'flow-log-cloudwatch.id' } as const;

export const traffic: TrafficParams = { instanceLabel: f.INSTANCE_LABEL, openGroup: f.SG_HTTP_AND_SSH, closedGroup: f.SG_HTTP_ONLY };
const trafficChecks: TrafficCheckParams = { ...traffic, logGroup: f.LOG_GROUP, section: f.SECTIONS.traffic, logGroupSection: f.SECTIONS.flowLogCloudWatch };
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
const alarmChecks: AlarmCheckParams = { ...alarm, section: f.SECTIONS.alarm, trafficSection: f.SECTIONS.alarmTraffic, breachingTraffic: `SSH while the instance has ${f.SG_HTTP_ONLY}` };
const athena: AthenaFlowLogParams = {
  table: f.ATHENA_TABLE,
  database: f.ATHENA_DATABASE,
  workGroup: f.ATHENA_WORKGROUP,
  createTableSql: f.athenaCreateTable,
  rejectsQuery: f.ATHENA_REJECTS_QUERY,
  sections: { table: f.SECTIONS.athenaTable, partition: f.SECTIONS.athenaPartition, query: f.SECTIONS.athenaQuery, settings: f.SECTIONS.athenaSettings },
  breachingTraffic: f.REJECTED_TRAFFIC,
};
const flowLog = { trafficType: 'ALL', intervalSeconds: f.FLOW_LOG_INTERVAL } as const;

export const solveFlowLogS3 = createFlowLogToS3({ ...flowLog, stateKey: FLOW_LOG_STATE.s3 });
export const solveLogGroup = named(createLogGroup, { name: f.LOG_GROUP });
export const solveFlowLogCloudWatch = named(createFlowLogToLogGroup, { ...flowLog, logGroup: f.LOG_GROUP, stateKey: FLOW_LOG_STATE.cloudwatch });
export const solveSshAccepted = named(sshAccepted, traffic);
export const solveSshRejected = named(sshRejected, traffic);
export const solveSshRestored = named(sshRestored, traffic);
/** While an SSH check waits for its record: log in (or be dropped) once more. */
export const reproduceSshLogin = named(sshAgain, traffic);
export const reproduceSshDropped = named(sshDroppedAgain, traffic);
export const solveMetricFilter = named(createMetricFilter, {
  logGroup: f.LOG_GROUP,
  name: f.METRIC_FILTER_NAME,
  pattern: f.FILTER_PATTERN,
  namespace: f.METRIC_NAMESPACE,
  metricName: f.METRIC_NAME,
  metricValue: f.METRIC_VALUE,
});
export const solveAlarm = named(createAlarmWithEmailTopic, alarm);
export const solveAlarmFires = named(makeRejectedSsh, traffic);
/** While alarm-fires waits: one more rejected SSH attempt. */
export const reproduceRejectedSsh = named(rejectedSshAgain, traffic);
export const solveInsightsTopRejects = named(runInsightsQuery, { logGroup: f.LOG_GROUP, query: f.INSIGHTS_TOP_REJECTS, label: 'sample query "Top 20 source IP addresses with highest number of rejected requests"' });
export const solveAthenaResultLocation = named(setAthenaResultLocation, { workGroup: f.ATHENA_WORKGROUP });
const where = { database: f.ATHENA_DATABASE, workGroup: f.ATHENA_WORKGROUP };
export const solveAthenaTable = named(
  (p: typeof where) =>
    createAthenaTable<Env>({
      ...p,
      table: f.ATHENA_TABLE,
      label: `Query 1: CREATE EXTERNAL TABLE ${p.database}.${f.ATHENA_TABLE}`,
      sql: (env) => f.athenaCreateTable(env.bucket, env.accountId, env.region, p.database),
    }),
  where,
);
/** The partitions of the dates the run's flow-log files are filed under (a run across midnight has two). */
const partitionFiledDays = (p: typeof where) =>
  addPartitionsForFiledDays<Env>({
    ...p,
    table: f.ATHENA_TABLE,
    folder: (env, time) => s3FolderFor({ accountId: env.accountId, region: env.region, time }),
    sql: (env, day) => f.athenaAddPartition(env.bucket, env.accountId, env.region, day, p.database),
  });
export const solveAthenaPartition = named((p: typeof where) => {
  const today = runAthenaStatement<Env>({
    ...p,
    label: (now) => `Query 2: ADD PARTITION (dt='${utcDay(now)}')`,
    sql: (env, now) => f.athenaAddPartition(env.bucket, env.accountId, env.region, utcDay(now), p.database),
  });
  const filed = partitionFiledDays(p);
  return async (ctx: Ctx) => {
    await today(ctx);
    await filed(ctx);
  };
}, where);
export const solveAthenaRejectsQuery = named(
  (p: typeof where) =>
    runAthenaStatement<Env>({
      ...p,
      label: () => 'Query 3: rejected TCP traffic',
      sql: () => f.ATHENA_REJECTS_QUERY,
      flushFirst: true,
      // The S3 copy may be filed under the next day's folder (a run across midnight): its partition first.
      before: partitionFiledDays(p),
      stateKeys: { rows: ATHENA_STATE.rejectsRows, executionId: ATHENA_STATE.rejectsExecutionId },
      // The S3 copy of the REJECT records comes minutes after the CloudWatch Logs copy: run Query 3
      // again each minute until it lists the client's rejected SSH (S3 delivery: up to ~15 min on AWS).
      rerun: {
        everyMs: 60_000,
        budgetMs: 900_000,
        until: async (rows, ctx) => {
          const ip = await ctx.target.clientIp();
          return rows.some((r) => r.sourceaddress === ip && r.destinationport === '22' && r.action === 'REJECT');
        },
      },
    }),
  where,
);

export const checkFlowLogS3 = flowLogToS3Exists({ intervalSeconds: f.FLOW_LOG_INTERVAL, section: f.SECTIONS.flowLogS3 });
export const checkLogGroup = named(logGroupExists, { name: f.LOG_GROUP, section: f.SECTIONS.flowLogCloudWatch });
export const checkFlowLogCloudWatch = named(flowLogToLogGroupExists, { intervalSeconds: f.FLOW_LOG_INTERVAL, section: f.SECTIONS.flowLogCloudWatch, logGroup: f.LOG_GROUP, roleName: f.ROLE_NAME });
export const checkSshAccepted = named(sshAcceptedLogged, trafficChecks);
export const checkSshRejected = named(sshRejectedLogged, trafficChecks);
export const checkSshRestored = named(sshRestoredLogged, trafficChecks);
export const checkMetricFilter = named(metricFilterMatches, {
  logGroup: f.LOG_GROUP,
  name: f.METRIC_FILTER_NAME,
  metricName: f.METRIC_NAME,
  metricValue: f.METRIC_VALUE,
  testLines: f.TEST_LINES,
  expectedMatches: f.TEST_LINES_EXPECTED_MATCHES,
  section: f.SECTIONS.metricFilter,
  logGroupSection: f.SECTIONS.flowLogCloudWatch,
  matchedWhat: 'rejected SSH test lines',
  countedWhat: 'failed SSH attempts',
  countedOne: 'a rejected SSH attempt',
});
export const checkAlarm = named(alarmConfigured, alarmChecks);
export const checkAlarmFires = named(alarmFiredAndNotified, alarmChecks);
export const checkInsightsTopRejects = named(insightsTopRejectsListsClient, { logGroup: f.LOG_GROUP, section: f.SECTIONS.insights, logGroupSection: f.SECTIONS.flowLogCloudWatch, breachingTraffic: f.REJECTED_TRAFFIC });
export const checkAthenaResultLocation = named(athenaResultLocationSet, { where: f.SECTIONS.athenaSettings, workGroup: f.ATHENA_WORKGROUP });
export const checkAthenaTable = named(athenaFlowLogTableMatches, athena);
export const checkAthenaPartition = named(athenaTodayPartitionReads, athena);
export const checkAthenaRejectsQuery = named(athenaRejectsQueryListsClient, athena);

/** What the lab's steps receive. */
export type Ctx = LabContext<Env>;
/**
 * The lab's environment template, provisioned and discovered (the lab object binds the same).
 * Provisioning uses `deps.names` (a session always passes the run's), else the lab's literal names.
 */
export const provisionLabEnvironment = (deps: ProvisionDeps & Pick<EnvironmentDeps, 'names'>): Promise<Env> => provisionVpcInstance(bindNames(ENVIRONMENT, deps.names), deps);
export const discoverLabEnvironment = (clients: Parameters<typeof discoverVpcInstance>[1], region: string, names?: RunNames): Promise<Env> => discoverVpcInstance(bindNames(ENVIRONMENT, names), clients, region);
