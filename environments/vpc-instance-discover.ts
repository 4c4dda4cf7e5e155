// Building block: finds the student's instance-lab environment, read-only, by the template's names and tags: `check` runs on an
// account labwright did not provision, so nothing here may rely on a run's saved ids.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Instance } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import * as ec2 from '../aws/ec2';
import * as iam from '../aws/iam';
import * as s3 from '../aws/s3';
import { RUN_TAG } from '../core/run-tag';
import type { VpcInstanceEnvironment, VpcInstanceTemplate } from './vpc-instance';

/** Thrown when the environment cannot be told apart; its message is a hint for the student. */
export class DiscoveryError extends Error {
  override readonly name = 'DiscoveryError';
}

type Clients = Pick<AwsClients, 'ec2' | 's3' | 'iam' | 'sts'>;

/** Finds the lab environment by the lab's names and tags; throws a DiscoveryError naming what is missing or ambiguous. */
export async function discoverVpcInstance(t: VpcInstanceTemplate, clients: Clients, region: string): Promise<VpcInstanceEnvironment> {
  const instanceName = t.instanceName;
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  const instance = await findInstance(clients, region, instanceName);
  const vpcId = instance.VpcId!;
  const vpc = await ec2.getVpc(clients.ec2, vpcId);
  const runId = ec2.tagValue(vpc?.Tags, RUN_TAG) ?? ec2.tagValue(instance.Tags, RUN_TAG);
  const eni = instance.NetworkInterfaces?.find((n) => n.Attachment?.DeviceIndex === 0) ?? instance.NetworkInterfaces?.[0];
  if (!eni?.NetworkInterfaceId) throw new DiscoveryError(`The '${instanceName}' instance (${instance.InstanceId}) has no network interface; is it still starting?`);

  const names = t.securityGroups.map((g) => g.name);
  const groups = await ec2.findSecurityGroupsByName(clients.ec2, vpcId, names);
  const group = (name: string) => {
    const hits = groups.filter((g) => g.GroupName === name);
    if (hits.length === 0) throw new DiscoveryError(`No security group named '${name}' was found in the VPC of the '${instanceName}' instance (${vpcId}).`);
    return hits[0].GroupId!;
  };

  return {
    accountId: identity.Account!,
    region,
    vpcId,
    subnetId: instance.SubnetId!,
    securityGroups: Object.fromEntries(names.map((n) => [n, group(n)])),
    instanceId: instance.InstanceId!,
    eniId: eni.NetworkInterfaceId,
    publicIp: instance.PublicIpAddress,
    privateIp: instance.PrivateIpAddress ?? eni.PrivateIpAddress!,
    bucket: await findBucket(clients, t.bucketPrefix, vpcId, runId),
    roleArn: await findRoleArn(clients, t.role.name, runId),
    keyPairName: instance.KeyName,
    sshUser: t.sshUser,
  };
}

/** The one live instance with the template's Name tag. */
async function findInstance(clients: Clients, region: string, instanceName: string): Promise<Instance> {
  const found = await ec2.findInstancesByName(clients.ec2, instanceName);
  if (found.length === 0) {
    throw new DiscoveryError(`No running instance named '${instanceName}' was found in ${region}. Check that you are in the lab's region and that the lab environment has finished starting.`);
  }
  if (found.length > 1) {
    const list = found.map((i) => `${i.InstanceId} in ${i.VpcId}`).join(', ');
    throw new DiscoveryError(`${found.length} instances are named '${instanceName}' (${list}); the checker cannot tell which one is the lab's. Terminate or rename the extra ones.`);
  }
  return found[0];
}

/**
 * The lab bucket: the one carrying the VPC's run id (by name or tag), else the only bucket named
 * like a labwright log bucket, else the bucket the VPC's S3 flow log writes to, else the account's
 * only bucket (a fresh lab account holds just the provided one).
 */
async function findBucket(clients: Clients, bucketPrefix: string, vpcId: string, runId: string | undefined): Promise<string> {
  const all = await s3.listBuckets(clients.s3);
  const labwright = all.filter((b) => b.startsWith(bucketPrefix));
  if (runId) {
    const expected = `${bucketPrefix}-${runId}`.toLowerCase();
    const byName = labwright.filter((b) => b === expected);
    if (byName.length === 1) return byName[0];
    for (const b of labwright) if ((await s3.getBucketTags(clients.s3, b))[RUN_TAG] === runId) return b;
  }
  if (labwright.length === 1) return labwright[0];
  if (labwright.length > 1) {
    throw new DiscoveryError(`${labwright.length} buckets are named like the lab's log bucket (${labwright.join(', ')}); the checker cannot tell which one belongs to this lab.`);
  }
  const referenced = new Set(
    (await ec2.listFlowLogs(clients.ec2, vpcId))
      .filter((f) => f.LogDestinationType === 's3' && f.LogDestination)
      .map((f) => f.LogDestination!.replace(/^arn:aws[a-z-]*:s3:::/, '').split('/')[0])
      .filter((b) => all.includes(b)),
  );
  if (referenced.size === 1) return [...referenced][0];
  if (referenced.size > 1) {
    throw new DiscoveryError(`The lab VPC's flow logs write to ${referenced.size} buckets (${[...referenced].join(', ')}); the checker cannot tell which one is the lab's.`);
  }
  if (all.length === 1) return all[0];
  throw new DiscoveryError(
    all.length === 0
      ? 'No S3 bucket was found in this account; the lab provides one for the flow logs. Has the lab environment finished starting?'
      : `The checker could not tell which of the ${all.length} buckets in this account is the lab's log bucket.`,
  );
}

/** The ARN of the template's delivery role (exact name, or suffixed with the run id on shared accounts). */
async function findRoleArn(clients: Clients, roleName: string, runId: string | undefined): Promise<string> {
  const exact = await iam.getRole(clients.iam, roleName);
  if (exact?.Arn) return exact.Arn;
  if (runId) {
    const suffixed = await iam.getRole(clients.iam, `${roleName}-${runId}`);
    if (suffixed?.Arn) return suffixed.Arn;
  }
  const similar = await iam.findRolesByName(clients.iam, roleName);
  if (similar.length === 1) return similar[0].Arn!;
  if (similar.length > 1) {
    throw new DiscoveryError(`${similar.length} IAM roles are named like '${roleName}' (${similar.map((r) => r.RoleName).join(', ')}); the checker cannot tell which one is the lab's.`);
  }
  throw new DiscoveryError(`No IAM role named '${roleName}' was found in this account; the lab provides it for delivering logs.`);
}
