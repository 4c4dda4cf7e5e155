// Steps 7–14 of the VPC Flow Logs lab: the metric filter, the alarm and its firing, Logs Insights
// and Athena (architecture §5; titles, needs, capabilities and budgets from the harness contract).

import type { LabStep } from '../../runner/lab';
import * as b from './blocks';
import type { Env } from './blocks';
import { vpcFlowLogsMutations } from './mutations';
import { CHECK_ACTIONS } from './permissions';

/** The monitoring and analysis steps of the lab, in the lab's order. */
export const monitoringSteps: Array<LabStep<Env>> = [
  {
    id: 'metric-filter',
    title: 'Create the metric filter dest-port-22-rejects',
    needs: ['log-group'],
    capabilities: ['metric-filter-eval'],
    waitBudgetMs: 30_000,
    solve: b.solveMetricFilter,
    check: b.checkMetricFilter,
    mutations: vpcFlowLogsMutations['metric-filter'],
    iam: { check: CHECK_ACTIONS['metric-filter'] },
  },
  {
    id: 'alarm',
    title: 'Create the alarm SSH rejects with an SNS email topic',
    needs: ['metric-filter'],
    waitBudgetMs: 30_000,
    solve: b.solveAlarm,
    check: b.checkAlarm,
    mutations: vpcFlowLogsMutations['alarm'],
    iam: { check: CHECK_ACTIONS['alarm'] },
  },
  {
    id: 'alarm-fires',
    title: 'Rejected SSH traffic puts the alarm in ALARM and sends the email',
    needs: ['alarm', 'ssh-restored'],
    capabilities: ['instance-ssh', 'flow-log-delivery', 'metric-filter-eval', 'alarm-eval', 'sns-delivery'],
    waitBudgetMs: 900_000,
    solve: b.solveAlarmFires,
    // The rejects' datapoint may arrive late or be judged before the alarm could: make another.
    reproduce: b.reproduceRejectedSsh,
    check: b.checkAlarmFires,
    mutations: vpcFlowLogsMutations['alarm-fires'],
    iam: { check: CHECK_ACTIONS['alarm-fires'] },
  },
  {
    id: 'insights-top-rejects',
    title: 'Logs Insights lists the client among the top rejected sources',
    needs: ['ssh-rejected'],
    capabilities: ['flow-log-delivery', 'logs-insights'],
    waitBudgetMs: 600_000,
    solve: b.solveInsightsTopRejects,
    check: b.checkInsightsTopRejects,
    mutations: vpcFlowLogsMutations['insights-top-rejects'],
    iam: { check: CHECK_ACTIONS['insights-top-rejects'] },
  },
  {
    id: 'athena-result-location',
    title: 'Set the Athena query result location',
    capabilities: ['athena'],
    waitBudgetMs: 30_000,
    solve: b.solveAthenaResultLocation,
    check: b.checkAthenaResultLocation,
    mutations: vpcFlowLogsMutations['athena-result-location'],
    iam: { check: CHECK_ACTIONS['athena-result-location'] },
  },
  {
    id: 'athena-table',
    title: 'Create the Athena table vpc_flow_logs',
    needs: ['athena-result-location', 'flow-log-s3'],
    capabilities: ['athena'],
    waitBudgetMs: 60_000,
    solve: b.solveAthenaTable,
    check: b.checkAthenaTable,
    mutations: vpcFlowLogsMutations['athena-table'],
    iam: { check: CHECK_ACTIONS['athena-table'] },
  },
  {
    id: 'athena-partition',
    title: "Add today's partition to vpc_flow_logs",
    needs: ['athena-table'],
    capabilities: ['athena'],
    waitBudgetMs: 60_000,
    solve: b.solveAthenaPartition,
    check: b.checkAthenaPartition,
    mutations: vpcFlowLogsMutations['athena-partition'],
    iam: { check: CHECK_ACTIONS['athena-partition'] },
  },
  {
    id: 'athena-rejects-query',
    title: "Athena finds the client's rejected SSH traffic",
    needs: ['athena-partition', 'ssh-rejected'],
    capabilities: ['athena', 'flow-log-delivery-s3'],
    waitBudgetMs: 900_000,
    solve: b.solveAthenaRejectsQuery,
    check: b.checkAthenaRejectsQuery,
    mutations: vpcFlowLogsMutations['athena-rejects-query'],
    iam: { check: CHECK_ACTIONS['athena-rejects-query'] },
  },
];
