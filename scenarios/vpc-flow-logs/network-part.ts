// Steps 1–6 of the VPC Flow Logs lab: the two flow logs, the log group, and the SSH traffic that
// the flow logs must record (step ids, titles, needs, capabilities and budgets: architecture §5).

import type { LabStep } from '../../runner/lab';
import * as b from './blocks';
import type { Env } from './blocks';
import { vpcFlowLogsMutations } from './mutations';
import { CHECK_ACTIONS } from './permissions';

/** Steps flow-log-s3 … ssh-restored. */
export const networkSteps: Array<LabStep<Env>> = [
  {
    id: 'flow-log-s3',
    title: 'Create a VPC flow log to S3',
    waitBudgetMs: 60_000,
    solve: b.solveFlowLogS3,
    check: b.checkFlowLogS3,
    mutations: vpcFlowLogsMutations['flow-log-s3'],
    iam: { check: CHECK_ACTIONS['flow-log-s3'] },
  },
  {
    id: 'log-group',
    title: 'Create the CloudWatch log group VPCFlowLogs',
    waitBudgetMs: 30_000,
    solve: b.solveLogGroup,
    check: b.checkLogGroup,
    mutations: vpcFlowLogsMutations['log-group'],
    iam: { check: CHECK_ACTIONS['log-group'] },
  },
  {
    id: 'flow-log-cloudwatch',
    title: 'Create a VPC flow log to CloudWatch Logs',
    needs: ['log-group'],
    waitBudgetMs: 60_000,
    solve: b.solveFlowLogCloudWatch,
    check: b.checkFlowLogCloudWatch,
    mutations: vpcFlowLogsMutations['flow-log-cloudwatch'],
    iam: { check: CHECK_ACTIONS['flow-log-cloudwatch'] },
  },
  {
    id: 'ssh-accepted',
    title: 'SSH to the Web Server is accepted and logged',
    needs: ['flow-log-cloudwatch'],
    capabilities: ['instance-ssh', 'flow-log-delivery'],
    // On AWS capture starts 2–5 min after CreateFlowLogs and delivery takes 5–10 min more.
    waitBudgetMs: 1_200_000,
    solve: b.solveSshAccepted,
    reproduce: b.reproduceSshLogin,
    check: b.checkSshAccepted,
    mutations: vpcFlowLogsMutations['ssh-accepted'],
    iam: { check: CHECK_ACTIONS['ssh-accepted'] },
  },
  {
    id: 'ssh-rejected',
    title: 'With SecurityGroupHTTPOnly, SSH times out and is logged as REJECT',
    needs: ['ssh-accepted'],
    capabilities: ['instance-ssh', 'flow-log-delivery'],
    // CloudWatch Logs delivery: ~5 min, up to ~10, after the one-minute window closes.
    waitBudgetMs: 900_000,
    solve: b.solveSshRejected,
    reproduce: b.reproduceSshDropped,
    check: b.checkSshRejected,
    mutations: vpcFlowLogsMutations['ssh-rejected'],
    iam: { check: CHECK_ACTIONS['ssh-rejected'] },
  },
  {
    id: 'ssh-restored',
    title: 'With SecurityGroupHTTPAndSSH back, SSH is accepted again',
    needs: ['ssh-rejected'],
    capabilities: ['instance-ssh', 'flow-log-delivery'],
    // CloudWatch Logs delivery: ~5 min, up to ~10, after the one-minute window closes.
    waitBudgetMs: 900_000,
    solve: b.solveSshRestored,
    reproduce: b.reproduceSshLogin,
    check: b.checkSshRestored,
    mutations: vpcFlowLogsMutations['ssh-restored'],
    iam: { check: CHECK_ACTIONS['ssh-restored'] },
  },
];
