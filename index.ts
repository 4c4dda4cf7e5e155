// labwright's public API for course repositories: declare a lab with `defineLab` and compose it from
// labwright's building blocks (solves in steps/, checks in checks/, environments in environments/).
// The jest helper is `labwright/jest`; the CLI is `labwright`.
export { defineLab, type AnyLab, type AwsPreflightSpec, type EnvironmentDeps, type LabDefinition, type LabEnvironmentSpec, type LabStep, type SweepHints } from './runner/lab';
export type { LabContext, LabEnvironment, RunState } from './runner/context';
export { result, type Capability, type CheckResult, type Evidence, type Step, type Verdict } from './runner/model';
export type { Mutation } from './runner/verify';
export { RUN_TAG } from './core/run-tag';

// Environments.
export { accountEnvironment, ACCOUNT_ENVIRONMENT_ACTIONS } from './environments/account';
export { provisionVpcInstance, cloudConfig, type VpcInstanceEnvironment, type VpcInstanceTemplate } from './environments/vpc-instance';
export { discoverVpcInstance, DiscoveryError } from './environments/vpc-instance-discover';

// Solves.
export { createAlarmWithEmailTopic, makeRejectedSsh, type AlarmParams } from './steps/alarm';
export { createAthenaTable, runAthenaStatement, setAthenaResultLocation } from './steps/athena';
export { createFlowLogToLogGroup, createFlowLogToS3, createLogGroup, type FlowLogSettings } from './steps/flow-logs';
export { runInsightsQuery } from './steps/insights';
export { createMetricFilter, type MetricFilterParams } from './steps/metric-filter';
export { sshLogin } from './steps/ssh';
export { generateRejectedSsh, sshAccepted, sshRejected, sshRestored, swapSecurityGroups, type TrafficParams } from './steps/traffic';

// Checks.
export { alarmConfigured, alarmFiredAndNotified, type AlarmCheckParams } from './checks/alarm';
export { athenaFlowLogTableMatches, athenaRejectsQueryListsClient, athenaResultLocationSet, athenaTodayPartitionReads } from './checks/athena';
export { flowLogToLogGroupExists, flowLogToS3Exists, logGroupExists } from './checks/flow-logs';
export { insightsTopRejectsListsClient } from './checks/insights';
export { metricFilterMatches, type MetricFilterCheckParams } from './checks/metric-filter';
export { sshAcceptedLogged, sshRejectedLogged, sshRestoredLogged } from './checks/traffic';
