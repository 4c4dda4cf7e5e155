// "VPC Flow Logs for Network Monitoring" (spec/lab-vpc-flow-logs.md): fourteen steps over a VPC
// with a web server, as one declarative object. Its data is in fixtures/vpc-flow-logs/; the solves
// and checks are labwright's building blocks bound to that data (./vpc-flow-logs/blocks.ts).
import { ENVIRONMENT } from '../fixtures/vpc-flow-logs/environment';
import * as f from '../fixtures/vpc-flow-logs/lab';
import { defineLab } from '../runner/lab';
import { named } from '../runner/names';
import { resultLocationFor } from '../steps/athena';
import { seededSshSolves, seedSteps } from '../steps/seed-flow-records';
import { discoverLabEnvironment, provisionLabEnvironment, traffic, type Env } from './vpc-flow-logs/blocks';
import { monitoringSteps } from './vpc-flow-logs/monitoring-part';
import { networkSteps } from './vpc-flow-logs/network-part';
import { DISCOVERY_ACTIONS, PROVISION_ACTIONS, SOLVE_ACTIONS } from './vpc-flow-logs/permissions';

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

const seededParams = { ...traffic, logGroup: f.LOG_GROUP };
const seeded = {
  accepted: named((p: typeof seededParams) => seededSshSolves(p).accepted, seededParams),
  rejected: named((p: typeof seededParams) => seededSshSolves(p).rejected, seededParams),
  restored: named((p: typeof seededParams) => seededSshSolves(p).restored, seededParams),
};

/** Where labwright's solve points Athena's results (any run's bucket), as an ARN pattern of objects. */
const RUN_RESULTS = `${resultLocationFor(`${ENVIRONMENT.bucketPrefix}-*`).replace(/^s3:\/\//, 'arn:aws:s3:::')}*`;
/** Where the lab text has students point them: the S3 URI of the flow-log folder (AWSLogs/…) in the lab's bucket. */
const LAB_TEXT_RESULTS = 'arn:aws:s3:::*/AWSLogs/*';

/** The lab. */
export const vpcFlowLogs = defineLab<Env>({
  id: f.LAB_ID,
  title: f.LAB_TITLE,
  environment: {
    provision: provisionLabEnvironment,
    discover: discoverLabEnvironment,
    secrets: (env) => [env.sshPassword, env.sshPrivateKey],
    login: (env) => (env.sshPrivateKey ? { user: env.sshUser, privateKey: env.sshPrivateKey, instanceId: env.instanceId, publicIp: env.publicIp } : undefined),
    describe: (env) => `VPC ${env.vpcId}, instance ${env.instanceId} (${env.publicIp ?? env.privateIp}), bucket ${env.bucket}`,
    preflight: { instanceType: ENVIRONMENT.instanceType, imageNamePattern: ENVIRONMENT.imageNamePattern, imageOwner: ENVIRONMENT.imageOwner },
    iam: { discover: DISCOVERY_ACTIONS, provision: PROVISION_ACTIONS },
  },
  steps: [...networkSteps, ...monitoringSteps].sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id)),
  solveIam: SOLVE_ACTIONS,
  sweep: { rolePrefixes: [f.ROLE_NAME], bucketPrefixes: [ENVIRONMENT.bucketPrefix] },
  // Athena writes each statement's result file as the caller: only under the result location.
  iamResources: { check: { 's3:PutObject': [LAB_TEXT_RESULTS, RUN_RESULTS] }, run: { 's3:PutObject': [RUN_RESULTS] } },
  names: f.RUN_NAMES,
  seedEvidence: (steps, capabilities) => seedSteps(steps, capabilities, { 'ssh-accepted': seeded.accepted, 'ssh-rejected': seeded.rejected, 'ssh-restored': seeded.restored }),
});
