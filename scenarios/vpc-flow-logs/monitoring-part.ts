// Steps 7–14 of the VPC Flow Logs lab: the metric filter, the alarm and its firing, Logs Insights
// and Athena (architecture §5; titles, needs, capabilities and budgets from the harness contract).
import type { LabContext } from '../../aws/context';
import { checkAlarm, checkAlarmFires } from '../../checks/alarm';
import { checkAthenaPartition, checkAthenaRejectsQuery, checkAthenaResultLocation, checkAthenaTable } from '../../checks/athena';
import { checkInsightsTopRejects } from '../../checks/insights';
import { checkMetricFilter } from '../../checks/metric-filter';
import type { Step } from '../../runner/model';
import { solveAlarm, solveAlarmFires } from '../../steps/alarm';
import { solveAthenaPartition, solveAthenaRejectsQuery, solveAthenaResultLocation, solveAthenaTable } from '../../steps/athena';
import { solveInsightsTopRejects } from '../../steps/insights';
import { solveMetricFilter } from '../../steps/metric-filter';

/** The monitoring and analysis steps of the lab, in the lab's order. */
export const monitoringSteps: Step<LabContext>[] = [
  {
    id: 'metric-filter',
    title: 'Create the metric filter dest-port-22-rejects',
    needs: ['log-group'],
    capabilities: ['metric-filter-eval'],
    waitBudgetMs: 30_000,
    solve: solveMetricFilter,
    check: checkMetricFilter,
  },
  {
    id: 'alarm',
    title: 'Create the alarm SSH rejects with an SNS email topic',
    needs: ['metric-filter'],
    waitBudgetMs: 30_000,
    solve: solveAlarm,
    check: checkAlarm,
  },
  {
    id: 'alarm-fires',
    title: 'Rejected SSH traffic puts the alarm in ALARM and sends the email',
    needs: ['alarm', 'ssh-restored'],
    capabilities: ['instance-ssh', 'flow-log-delivery', 'metric-filter-eval', 'alarm-eval', 'sns-delivery'],
    waitBudgetMs: 900_000,
    solve: solveAlarmFires,
    check: checkAlarmFires,
  },
  {
    id: 'insights-top-rejects',
    title: 'Logs Insights lists the client among the top rejected sources',
    needs: ['ssh-rejected'],
    capabilities: ['flow-log-delivery', 'logs-insights'],
    waitBudgetMs: 600_000,
    solve: solveInsightsTopRejects,
    check: checkInsightsTopRejects,
  },
  {
    id: 'athena-result-location',
    title: 'Set the Athena query result location',
    capabilities: ['athena'],
    waitBudgetMs: 30_000,
    solve: solveAthenaResultLocation,
    check: checkAthenaResultLocation,
  },
  {
    id: 'athena-table',
    title: 'Create the Athena table vpc_flow_logs',
    needs: ['athena-result-location', 'flow-log-s3'],
    capabilities: ['athena'],
    waitBudgetMs: 60_000,
    solve: solveAthenaTable,
    check: checkAthenaTable,
  },
  {
    id: 'athena-partition',
    title: "Add today's partition to vpc_flow_logs",
    needs: ['athena-table'],
    capabilities: ['athena'],
    waitBudgetMs: 60_000,
    solve: solveAthenaPartition,
    check: checkAthenaPartition,
  },
  {
    id: 'athena-rejects-query',
    title: "Athena finds the client's rejected SSH traffic",
    needs: ['athena-partition', 'ssh-rejected'],
    capabilities: ['athena', 'flow-log-delivery-s3'],
    waitBudgetMs: 900_000,
    solve: solveAthenaRejectsQuery,
    check: checkAthenaRejectsQuery,
  },
];
