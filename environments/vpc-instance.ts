// Building block: the environment a lab platform pre-provisions for an instance lab, from a template
// (the lab's fixtures): a VPC with a public subnet, security groups, an instance the run's key pair
// logs in to (SSH open only to the client's address), a log bucket and a delivery role. Every
// resource carries the run's name (the template as bound to the run's names) and its run-id tag,
// and is written to the ledger as soon as its create call returns, so a failure halfway leaves
// nothing teardown cannot find.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../aws/clients';
import * as ec2 from '../aws/ec2';
import * as iam from '../aws/iam';
import { visibilityFor, waitUntilVisible } from '../aws/idempotent';
import * as s3 from '../aws/s3';
import { systemClock, type Clock } from '../core/clock';
import { FatalPollError, poll } from '../core/poll';
import { registerSecret } from '../core/redact';
import { RUN_TAG } from '../core/run-tag';
import type { LabEnvironment } from '../runner/context';
import type { CleanupLedger } from '../runner/ledger';
import type { Target } from '../runner/target';

/** What an instance lab's environment template names and sizes (fixtures/<lab-id>/environment.ts). */
export interface VpcInstanceTemplate {
  vpcCidr: string;
  vpcName: string;
  subnetCidr: string;
  subnetName: string;
  keyPairName: string;
  instanceType: string;
  /** The image, found by name so every region and the emulator resolve it. */
  imageNamePattern: string;
  imageOwner: string;
  /** The instance's Name tag (how `check` finds it, and how hints call it). */
  instanceName: string;
  /** The image's user the run's key pair logs in as (no password is ever set). */
  sshUser: string;
  /**
   * Security groups of the VPC, by name; the instance starts with `instanceGroup`. `ports` are open
   * to anywhere, `clientPorts` only to the client's public IP (/32).
   */
  securityGroups: Array<{ name: string; description: string; ports: number[]; clientPorts?: number[] }>;
  instanceGroup: string;
  /** The log bucket is named `<bucketPrefix>-<run id>`. */
  bucketPrefix: string;
  /** The role a service assumes to deliver logs, with its trust policy and one inline policy. */
  role: { name: string; policyName: string; trustPolicy: string; policy: string };
}

/** The resources of an instance lab's environment, by id. */
export interface VpcInstanceEnvironment extends LabEnvironment {
  vpcId: string;
  subnetId: string;
  internetGatewayId?: string;
  routeTableId?: string;
  /** Security group ids by the template's names. */
  securityGroups: Record<string, string>;
  instanceId: string;
  eniId: string;
  publicIp?: string;
  privateIp: string;
  bucket: string;
  roleArn: string;
  keyPairName?: string;
  /** The SSH login the lab hands the student. Secrets: registered for redaction when set. */
  sshUser: string;
  sshPassword?: string;
  sshPrivateKey?: string;
}

/**
 * Cloud-config user data giving a user password login, as some lab platforms set it up (the
 * emulator honours it). Provisioning here never uses it: the run's key pair is the only login.
 */
export function cloudConfig(user: string, password: string): string {
  return ['#cloud-config', 'ssh_pwauth: true', 'users:', '  - default', `  - name: ${user}`, '    lock_passwd: false', '    shell: /bin/bash', 'chpasswd:', '  expire: false', '  list: |', `    ${user}:${password}`, ''].join('\n');
}

/** What provisioning needs: a subset of the LabContext, available before any step runs. */
export interface ProvisionDeps {
  clients: Pick<AwsClients, 'ec2' | 's3' | 'iam' | 'sts'>;
  /** Without `clientIp`, ports meant for the client stay closed. */
  target: Pick<Target, 'name' | 'budgetScale' | 'intervalsMs'> & Partial<Pick<Target, 'clientIp'>>;
  ledger: CleanupLedger;
  runId: string;
  log(line: string): void;
  region: string;
  clock?: Clock;
  signal?: AbortSignal;
}

/** How long an instance takes to reach `running` on AWS (scaled by the target). */
const INSTANCE_RUNNING_BUDGET_MS = 300_000;

/** The lab bucket's name for a run: `<prefix>-<runId>`, made a valid S3 bucket name. */
export function bucketNameFor(prefix: string, runId: string): string {
  const raw = `${prefix}-${runId}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return raw.slice(0, 63).replace(/-+$/, '');
}

/**
 * Creates the whole lab environment through the SDK and returns its ids. The template's names are
 * used as given: a run binds them to its own names first (runner/names.ts `bindNames`).
 */
export async function provisionVpcInstance(t: VpcInstanceTemplate, deps: ProvisionDeps): Promise<VpcInstanceEnvironment> {
  const { clients, ledger, runId, log, region } = deps;
  const tags = { [RUN_TAG]: runId };
  const add = (kind: Parameters<CleanupLedger['add']>[0]['kind'], id: string, meta?: Record<string, string>) => ledger.add({ kind, id, region, meta });

  // Reads right after a create may not see it yet (eventual consistency): creates that must find
  // what a lost answer made, and the final reads, wait this long for it to show up.
  const visibility = visibilityFor(deps.target, deps.clock, deps.signal);
  const opts = { visibility };

  // Four branches that need nothing of each other run side by side (the network, the key pair, the
  // image, the bucket and role); the instance needs the first three. Every branch ends before this
  // returns or throws, so a failure in one never leaves another creating behind teardown's back.
  const network = async () => {
    // Not every zone offers every instance type: put the subnet in one that offers the lab's.
    const availabilityZone = await ec2.zoneOffering(clients.ec2, t.instanceType);
    const vpcId = await ec2.createVpc(clients.ec2, t.vpcCidr, { Name: t.vpcName, ...tags }, log, opts);
    add('vpc', vpcId);
    const subnetId = await ec2.createPublicSubnet(clients.ec2, vpcId, t.subnetCidr, { Name: t.subnetName, ...tags }, log, { ...opts, availabilityZone });
    add('subnet', subnetId, { vpcId });
    const internetGatewayId = await ec2.createInternetGateway(clients.ec2, { Name: `${t.vpcName} IGW`, ...tags }, log, opts);
    add('internet-gateway', internetGatewayId);
    await ec2.attachInternetGateway(clients.ec2, internetGatewayId, vpcId, log, opts);
    add('internet-gateway-attachment', internetGatewayId, { vpcId });
    const routeTableId = await ec2.createRouteTable(clients.ec2, vpcId, { Name: `${t.subnetName} routes`, ...tags }, log, opts);
    add('route-table', routeTableId, { vpcId });
    await ec2.createRoute(clients.ec2, routeTableId, '0.0.0.0/0', internetGatewayId, log, opts);
    add('route', `${routeTableId}:0.0.0.0/0`, { routeTableId, destination: '0.0.0.0/0' });
    const associationId = await ec2.associateRouteTable(clients.ec2, routeTableId, subnetId, log, opts);
    add('route-table-association', associationId, { routeTableId, subnetId });

    // Ports meant for the client (SSH) are open to its public address alone, never to the internet.
    const needsClient = t.securityGroups.some((g) => g.clientPorts?.length);
    const clientIp = needsClient ? await deps.target.clientIp?.() : undefined;
    if (needsClient && !clientIp) log('The client address is unknown: the ports meant for it stay closed.');
    const securityGroups: Record<string, string> = {};
    for (const g of t.securityGroups) {
      const rules: ec2.IngressRule[] = [...g.ports, ...(clientIp ? (g.clientPorts ?? []).map((port) => ({ port, cidr: `${clientIp}/32` })) : [])];
      const id = await ec2.createSecurityGroup(clients.ec2, vpcId, g.name, g.description, rules, tags, log, opts);
      add('security-group', id, { vpcId, name: g.name });
      securityGroups[g.name] = id;
    }
    return { vpcId, subnetId, internetGatewayId, routeTableId, securityGroups };
  };
  const keyPair = async () => {
    // The private key exists only in memory and is masked wherever output is written.
    const key = await ec2.createKeyPair(clients.ec2, t.keyPairName, tags, log, opts);
    registerSecret(key.privateKey);
    add('key-pair', key.name);
    return key;
  };
  const image = async () => {
    const imageId = await ec2.findImageByName(clients.ec2, t.imageNamePattern, t.imageOwner);
    if (!imageId) throw new Error(`No image matches '${t.imageNamePattern}' in ${region}; check the region or the image pattern of the lab's environment template.`);
    return imageId;
  };
  const bucketAndRole = async () => {
    const bucket = bucketNameFor(t.bucketPrefix, runId);
    await s3.createBucket(clients.s3, bucket, region, log);
    add('bucket', bucket);
    await s3.putBucketTags(clients.s3, bucket, tags, log);
    const roleArn = await iam.createRole(clients.iam, t.role.name, t.role.trustPolicy, tags, log, opts);
    add('role', t.role.name);
    await iam.putRolePolicy(clients.iam, t.role.name, t.role.policyName, t.role.policy, log);
    add('role-policy', `${t.role.name}:${t.role.policyName}`, { roleName: t.role.name, policyName: t.role.policyName });
    return { bucket, roleArn };
  };
  const [identity, net, key, imageId, storage] = await allSettled([clients.sts.send(new GetCallerIdentityCommand({})), network(), keyPair(), image(), bucketAndRole()]);
  const accountId = identity.Account!;
  const { vpcId, subnetId, internetGatewayId, routeTableId, securityGroups } = net;
  const { bucket, roleArn } = storage;
  const roleName = t.role.name;
  if (!securityGroups[t.instanceGroup]) throw new Error(`The environment template starts the instance with '${t.instanceGroup}', which is not one of its security groups.`);

  const instanceId = await ec2.runInstance(
    clients.ec2,
    {
      imageId,
      instanceType: t.instanceType,
      subnetId,
      securityGroupIds: [securityGroups[t.instanceGroup]],
      // The key pair is the only login: no user data, so no password travels anywhere.
      keyName: key.name,
      tags: { Name: t.instanceName, ...tags },
    },
    log,
    opts,
  );
  add('instance', instanceId, { vpcId });

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
    securityGroups,
    instanceId,
    eniId: eni.NetworkInterfaceId,
    publicIp: running.PublicIpAddress,
    privateIp: running.PrivateIpAddress!,
    bucket,
    roleArn,
    keyPairName: key.name,
    sshUser: t.sshUser,
    sshPrivateKey: key.privateKey,
  };
}

/** Like Promise.all, but waits for every promise to settle before throwing the first failure. */
async function allSettled<T extends readonly unknown[]>(promises: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
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
