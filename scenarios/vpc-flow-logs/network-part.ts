// Steps 1–6 of the VPC Flow Logs lab: the two flow logs, the log group, and the SSH traffic that
// the flow logs must record (step ids, titles, needs, capabilities and budgets: architecture §5).
import type { LabContext } from '../../aws/context';
import { checkFlowLogCloudWatch, checkFlowLogS3, checkLogGroup } from '../../checks/flow-logs';
import { checkSshAccepted, checkSshRejected, checkSshRestored } from '../../checks/traffic';
import type { Step } from '../../runner/model';
import { solveFlowLogCloudWatch, solveFlowLogS3, solveLogGroup } from '../../steps/flow-logs';
import { solveSshAccepted, solveSshRejected, solveSshRestored } from '../../steps/traffic';

/** Steps flow-log-s3 … ssh-restored. */
export const networkSteps: Step<LabContext>[] = [
  {
    id: 'flow-log-s3',
    title: 'Create a VPC flow log to S3',
    waitBudgetMs: 60_000,
    solve: solveFlowLogS3,
    check: checkFlowLogS3,
  },
  {
    id: 'log-group',
    title: 'Create the CloudWatch log group VPCFlowLogs',
    waitBudgetMs: 30_000,
    solve: solveLogGroup,
    check: checkLogGroup,
  },
  {
    id: 'flow-log-cloudwatch',
    title: 'Create a VPC flow log to CloudWatch Logs',
    needs: ['log-group'],
    waitBudgetMs: 60_000,
    solve: solveFlowLogCloudWatch,
    check: checkFlowLogCloudWatch,
  },
  {
    id: 'ssh-accepted',
    title: 'SSH to the Web Server is accepted and logged',
    needs: ['flow-log-cloudwatch'],
    capabilities: ['instance-ssh', 'flow-log-delivery'],
    waitBudgetMs: 600_000,
    solve: solveSshAccepted,
    check: checkSshAccepted,
  },
  {
    id: 'ssh-rejected',
    title: 'With SecurityGroupHTTPOnly, SSH times out and is logged as REJECT',
    needs: ['ssh-accepted'],
    capabilities: ['instance-ssh', 'flow-log-delivery'],
    waitBudgetMs: 600_000,
    solve: solveSshRejected,
    check: checkSshRejected,
  },
  {
    id: 'ssh-restored',
    title: 'With SecurityGroupHTTPAndSSH back, SSH is accepted again',
    needs: ['ssh-rejected'],
    capabilities: ['instance-ssh', 'flow-log-delivery'],
    waitBudgetMs: 600_000,
    solve: solveSshRestored,
    check: checkSshRestored,
  },
];
