import { Client } from 'ssh2';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, DescribeImagesCommand, RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { cloudConfig } from '../../../environments/vpc-instance';
import { startTestEmulator, type TestEmulator, type TestEmulatorOptions } from '../helpers';

/** The password of the lab's login user in these tests (cloud-config user data). */
export const PASSWORD = 'Labwright-aws-profile-1';
export const USER = 'cloud_user';

/** Starts an emulator with the aws profile (time scale 1 unless told). */
export function startAwsEmulator(opts: TestEmulatorOptions = {}): Promise<TestEmulator> {
  return startTestEmulator({ profile: 'aws', ...opts });
}

/** Calls a control endpoint and returns its status and JSON body. */
export async function control<T = any>(emu: TestEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${emu.endpoint}${path}`, { method, body: body ? JSON.stringify(body) : undefined, headers: body ? { 'content-type': 'application/json' } : {} });
  return { status: res.status, json: (await res.json()) as T };
}

/** One SSH password login with a real ssh2 client: `ok`, or `denied` when authentication fails. */
export function sshLogin(port: number, password = PASSWORD): Promise<'ok' | 'denied'> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => (c.end(), resolve('ok')));
    c.on('error', (err) => (/authentication methods failed/i.test(err.message) ? resolve('denied') : reject(err)));
    c.connect({ host: '127.0.0.1', port, username: USER, password, readyTimeout: 30_000 }); // a handshake is CPU work on a loaded machine
  });
}

/**
 * Calls `fn` until it stops answering `….NotFound` (EC2's eventual consistency), letting time pass
 * with `settle` between attempts (a fake clock's advance, or a short real wait).
 */
export async function retryNotFound<T>(fn: () => Promise<T>, settle: () => Promise<void>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!/\.NotFound$/.test((err as Error).name) || attempt >= 50) throw err;
      await settle();
    }
  }
}

/** A real-clock settle for retryNotFound: a tenth of a second. */
export const realSettle = () => new Promise<void>((r) => setTimeout(r, 100));

/** The lab's network and one t3.micro instance with an SSH security group; the instance starts pending. */
export async function labInstance(ec2: EC2Client, settle: () => Promise<void>, availabilityZone = 'us-east-1a'): Promise<{ vpcId: string; subnetId: string; groupId: string; instanceId: string }> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnetId = (await retryNotFound(() => ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: availabilityZone })), settle)).Subnet!.SubnetId!;
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'SecurityGroupHTTPAndSSH', Description: 'ssh', VpcId: vpcId }))).GroupId!;
  await retryNotFound(
    () => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })),
    settle,
  );
  const image = (await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-kernel-6.1-x86_64'] }] }))).Images![0].ImageId!;
  const run = await retryNotFound(
    () =>
      ec2.send(
        new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [groupId], UserData: Buffer.from(cloudConfig(USER, PASSWORD)).toString('base64') }),
      ),
    settle,
  );
  return { vpcId, subnetId, groupId, instanceId: run.Instances![0].InstanceId! };
}
