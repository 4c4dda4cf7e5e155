// Provisions the lab environment a lab platform would pre-provision (fixtures/environment.ts): the
// network, the two security groups, the Web Server with an SSH login, the log bucket and the
// delivery role. Every resource is tagged with the run id and written to the ledger as soon as its
// create call returns, so a failure halfway leaves nothing teardown cannot find.
import { randomBytes } from 'node:crypto';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../aws/clients';
import type { LabEnvironment } from '../aws/context';
import * as ec2 from '../aws/ec2';
import * as iam from '../aws/iam';
import { visibilityFor, waitUntilVisible } from '../aws/idempotent';
import * as s3 from '../aws/s3';
import { systemClock, type Clock } from '../core/clock';
import { FatalPollError, poll } from '../core/poll';
import { registerSecret } from '../core/redact';
import { cloudConfig, ENVIRONMENT, FLOW_LOGS_ROLE_POLICY, FLOW_LOGS_TRUST_POLICY, RUN_TAG } from '../fixtures/environment';
import { INSTANCE_NAME, ROLE_NAME, SG_HTTP_AND_SSH, SG_HTTP_ONLY } from '../fixtures/vpc-flow-logs';
import type { CleanupLedger } from '../runner/ledger';
import type { Target } from '../runner/target';

/** What provisioning needs: a subset of the LabContext, available before any step runs. */
export interface ProvisionDeps {
  clients: Pick<AwsClients, 'ec2' | 's3' | 'iam' | 'sts'>;
  target: Pick<Target, 'name' | 'budgetScale' | 'intervalsMs'>;
  ledger: CleanupLedger;
  runId: string;
  log(line: string): void;
  region: string;
  clock?: Clock;
  signal?: AbortSignal;
}

/** Name of the inline policy put on the delivery role. */
export const ROLE_POLICY_NAME = 'DeliverVPCFlowLogsPolicy';
/** How long an instance takes to reach `running` on AWS (scaled by the target). */
const INSTANCE_RUNNING_BUDGET_MS = 300_000;

/** The lab bucket's name for a run: `labwright-flow-logs-<runId>`, made a valid S3 bucket name. */
export function bucketNameFor(runId: string): string {
  const raw = `${ENVIRONMENT.bucketPrefix}-${runId}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return raw.slice(0, 63).replace(/-+$/, '');
}

/**
 * Names that are unique per account (role) or per region (key pair): on a real account parallel
 * runs would collide, so they carry the run id there; elsewhere they keep the lab's exact names.
 */
export function accountUniqueName(base: string, runId: string, targetName: string): string {
  return targetName === 'aws' ? `${base}-${runId}`.slice(0, 64) : base;
}

/** A password AWS-style login prompts accept: letters and digits, 20 characters. */
function generatePassword(): string {
  return randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 20);
}

/** Creates the whole lab environment through the SDK and returns its ids. */
export async function provisionEnvironment(deps: ProvisionDeps): Promise<LabEnvironment> {
  const { clients, ledger, runId, log, region } = deps;
  const tags = { [RUN_TAG]: runId };
  const add = (kind: Parameters<CleanupLedger['add']>[0]['kind'], id: string, meta?: Record<string, string>) => ledger.add({ kind, id, region, meta });

  // Reads right after a create may not see it yet (eventual consistency): creates that must find
  // what a lost answer made, and the final reads, wait this long for it to show up.
  const visibility = visibilityFor(deps.target, deps.clock, deps.signal);
  const opts = { visibility };

  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  const accountId = identity.Account!;

  const vpcId = await ec2.createVpc(clients.ec2, ENVIRONMENT.vpcCidr, { Name: ENVIRONMENT.vpcName, ...tags }, log, opts);
  add('vpc', vpcId);
  const subnetId = await ec2.createPublicSubnet(clients.ec2, vpcId, ENVIRONMENT.subnetCidr, { Name: ENVIRONMENT.subnetName, ...tags }, log, opts);
  add('subnet', subnetId, { vpcId });
  const internetGatewayId = await ec2.createInternetGateway(clients.ec2, { Name: `${ENVIRONMENT.vpcName} IGW`, ...tags }, log, opts);
  add('internet-gateway', internetGatewayId);
  await ec2.attachInternetGateway(clients.ec2, internetGatewayId, vpcId, log, opts);
  add('internet-gateway-attachment', internetGatewayId, { vpcId });
  const routeTableId = await ec2.createRouteTable(clients.ec2, vpcId, { Name: `${ENVIRONMENT.subnetName} routes`, ...tags }, log);
  add('route-table', routeTableId, { vpcId });
  await ec2.createRoute(clients.ec2, routeTableId, '0.0.0.0/0', internetGatewayId, log);
  add('route', `${routeTableId}:0.0.0.0/0`, { routeTableId, destination: '0.0.0.0/0' });
  const associationId = await ec2.associateRouteTable(clients.ec2, routeTableId, subnetId, log, opts);
  add('route-table-association', associationId, { routeTableId, subnetId });

  const sgHttpAndSshId = await ec2.createSecurityGroup(clients.ec2, vpcId, SG_HTTP_AND_SSH, 'Allows HTTP and SSH from anywhere', [22, 80], tags, log, opts);
  add('security-group', sgHttpAndSshId, { vpcId, name: SG_HTTP_AND_SSH });
  const sgHttpOnlyId = await ec2.createSecurityGroup(clients.ec2, vpcId, SG_HTTP_ONLY, 'Allows HTTP from anywhere', [80], tags, log, opts);
  add('security-group', sgHttpOnlyId, { vpcId, name: SG_HTTP_ONLY });

  // The private key exists only in memory and is masked wherever output is written.
  const key = await ec2.createKeyPair(clients.ec2, accountUniqueName(ENVIRONMENT.keyPairName, runId, deps.target.name), tags, log, opts);
  registerSecret(key.privateKey);
  add('key-pair', key.name);
  const sshPassword = generatePassword();
  registerSecret(sshPassword);

  const imageId = await ec2.findImageByName(clients.ec2, ENVIRONMENT.imageNamePattern, ENVIRONMENT.imageOwner);
  if (!imageId) throw new Error(`No Amazon Linux 2023 image matches '${ENVIRONMENT.imageNamePattern}' in ${region}; check the region or the image pattern in fixtures/environment.ts.`);
  const instanceId = await ec2.runInstance(
    clients.ec2,
    {
      imageId,
      instanceType: ENVIRONMENT.instanceType,
      subnetId,
      securityGroupIds: [sgHttpAndSshId],
      keyName: key.name,
      userData: cloudConfig(ENVIRONMENT.sshUser, sshPassword),
      tags: { Name: INSTANCE_NAME, ...tags },
    },
    log,
  );
  add('instance', instanceId, { vpcId });

  const bucket = bucketNameFor(runId);
  await s3.createBucket(clients.s3, bucket, region, log);
  add('bucket', bucket);
  await s3.putBucketTags(clients.s3, bucket, tags, log);

  const roleName = accountUniqueName(ROLE_NAME, runId, deps.target.name);
  const roleArn = await iam.createRole(clients.iam, roleName, FLOW_LOGS_TRUST_POLICY, tags, log, opts);
  add('role', roleName);
  await iam.putRolePolicy(clients.iam, roleName, ROLE_POLICY_NAME, FLOW_LOGS_ROLE_POLICY, log);
  add('role-policy', `${roleName}:${ROLE_POLICY_NAME}`, { roleName, policyName: ROLE_POLICY_NAME });

  const running = await waitForRunning(deps, instanceId);
  // The lab platform hands the environment over once everything in it can be read.
  await waitUntilVisible(`The bucket ${bucket}`, async () => ((await s3.getBucketExists(clients.s3, bucket)) ? true : undefined), visibility);
  await waitUntilVisible(`The role ${roleName}`, () => iam.getRole(clients.iam, roleName), visibility);
  const eni = running.NetworkInterfaces?.find((n) => n.Attachment?.DeviceIndex === 0) ?? running.NetworkInterfaces?.[0];
  if (!eni?.NetworkInterfaceId) throw new Error(`Instance ${instanceId} is running but has no network interface.`);

  return {
    accountId,
    region,
    vpcId,
    subnetId,
    internetGatewayId,
    routeTableId,
    sgHttpAndSshId,
    sgHttpOnlyId,
    instanceId,
    eniId: eni.NetworkInterfaceId,
    publicIp: running.PublicIpAddress,
    privateIp: running.PrivateIpAddress!,
    bucket,
    roleArn,
    keyPairName: key.name,
    sshUser: ENVIRONMENT.sshUser,
    sshPassword,
    sshPrivateKey: key.privateKey,
  };
}

/**
 * Polls the instance until it is running. A new instance may be unknown to DescribeInstances for a
 * while (eventual consistency), so "not found" is only final once it has been seen; a terminated
 * instance stops the wait at once.
 */
async function waitForRunning(deps: ProvisionDeps, instanceId: string) {
  let seen = false;
  const out = await poll(
    async () => {
      const inst = await ec2.getInstance(deps.clients.ec2, instanceId);
      if (!inst && !seen) return { done: false as const, reason: `instance ${instanceId} is not visible yet` };
      seen = true;
      const state = inst?.State?.Name;
      if (!inst || state === 'terminated' || state === 'shutting-down') {
        throw new FatalPollError(`Instance ${instanceId} is ${state ?? 'gone'} instead of starting (${inst?.StateReason?.Message ?? 'no reason given'}).`);
      }
      return state === 'running' ? { done: true as const, value: inst } : { done: false as const, value: state, reason: `instance is ${state}` };
    },
    {
      description: `instance ${instanceId} to be running`,
      budgetMs: INSTANCE_RUNNING_BUDGET_MS * deps.target.budgetScale,
      intervalsMs: deps.target.intervalsMs,
      clock: deps.clock ?? systemClock,
      signal: deps.signal,
    },
  );
  return out.value;
}
