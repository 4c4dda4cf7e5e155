import { discoverEnvironment } from '../checks/discover';
import { LAB_ID, LAB_TITLE } from '../fixtures/vpc-flow-logs';
import { provisionEnvironment } from '../steps/environment';
import { teardown } from '../steps/teardown';
import type { LabScenario } from './types';
import { monitoringSteps } from './vpc-flow-logs/monitoring-part';
import { networkSteps } from './vpc-flow-logs/network-part';

/** The contract's step order (architecture §5). */
const ORDER = [
  'flow-log-s3',
  'log-group',
  'flow-log-cloudwatch',
  'ssh-accepted',
  'ssh-rejected',
  'ssh-restored',
  'metric-filter',
  'alarm',
  'alarm-fires',
  'insights-top-rejects',
  'athena-result-location',
  'athena-table',
  'athena-partition',
  'athena-rejects-query',
];

const steps = [...networkSteps, ...monitoringSteps].sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));

/** "VPC Flow Logs for Network Monitoring": fourteen steps over the pre-provisioned environment. */
export const vpcFlowLogs: LabScenario = {
  lab: { id: LAB_ID, title: LAB_TITLE, steps },
  provision: (deps) => provisionEnvironment({ ...deps }),
  discover: (clients, region) => discoverEnvironment(clients, region),
  teardown: (ledger, clients, log) => teardown(ledger, clients, log),
};
