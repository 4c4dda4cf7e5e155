import {
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DetachInternetGatewayCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { FakeClock } from '../../core/clock';
import { ingressPermissionsOf, listRunningInstances, securityGroupsOf, userDataText } from '../../emulator/services/ec2/store';
import { createVpcWithSubnet, ec2StateOf, startEc2Emulator } from './ec2-fixture';
import { failureSummary, type TestEmulator } from './helpers';

const AL2023 = 'ami-05b10e08d247fb927';
const USER_DATA = '#cloud-config\nssh_pwauth: true\nusers:\n  - name: cloud_user\n    plain_text_passwd: secret-for-tests\n    lock_passwd: false\n';

describe('EC2 instances and network interfaces through the real SDK', () => {
  let emu: TestEmulator;
  let ec2: EC2Client;
  const clock = new FakeClock(Date.UTC(2026, 2, 1, 12, 0, 0));
  const state = () => ec2StateOf(emu);
  let vpcId: string;
  let subnetId: string;
  let sshGroup: string;
  let httpGroup: string;

  beforeAll(async () => {
    ({ emu, ec2 } = await startEc2Emulator({ clock }));
    ({ vpcId, subnetId } = await createVpcWithSubnet(ec2, 'us-east-1a'));
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }));
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    sshGroup = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'SecurityGroupHTTPAndSSH', Description: 'HTTP and SSH', VpcId: vpcId }))).GroupId!;
    httpGroup = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'SecurityGroupHTTPOnly', Description: 'HTTP only', VpcId: vpcId }))).GroupId!;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: sshGroup,
        IpPermissions: [22, 80].map((p) => ({ IpProtocol: 'tcp', FromPort: p, ToPort: p, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })),
      }),
    );
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: httpGroup, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new CreateKeyPairCommand({ KeyName: 'lab-key', KeyType: 'ed25519' }));
  });
  afterAll(() => emu.stop());

  async function describe1(instanceId: string): Promise<Instance> {
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    return out.Reservations![0].Instances![0];
  }

  async function launchWebServer(extra: Record<string, unknown> = {}) {
    return ec2.send(
      new RunInstancesCommand({
        ImageId: AL2023,
        InstanceType: 't3.micro',
        KeyName: 'lab-key',
        SubnetId: subnetId,
        SecurityGroupIds: [sshGroup],
        UserData: Buffer.from(USER_DATA).toString('base64'),
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'Web Server' }] }],
        MinCount: 1,
        MaxCount: 1,
        ...extra,
      }),
    );
  }

  it('launches the Web Server: pending with a private IP in the subnet, a public IP, the key, groups and tags', async () => {
    const launchedAt = clock.now();
    const reservation = await launchWebServer();
    expect(reservation.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(reservation.OwnerId).toBe('000000000000');
    const inst = reservation.Instances![0];
    expect(inst.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(inst).toMatchObject({
      ImageId: AL2023,
      InstanceType: 't3.micro',
      KeyName: 'lab-key',
      State: { Code: 0, Name: 'pending' },
      SubnetId: subnetId,
      VpcId: vpcId,
      PrivateIpAddress: '10.0.1.4',
      PrivateDnsName: 'ip-10-0-1-4.ec2.internal',
      AmiLaunchIndex: 0,
      Architecture: 'x86_64',
      RootDeviceName: '/dev/xvda',
      RootDeviceType: 'ebs',
      Placement: { AvailabilityZone: 'us-east-1a', GroupName: '', Tenancy: 'default' },
      Monitoring: { State: 'disabled' },
      SecurityGroups: [{ GroupId: sshGroup, GroupName: 'SecurityGroupHTTPAndSSH' }],
      Tags: [{ Key: 'Name', Value: 'Web Server' }],
    });
    expect(inst.LaunchTime!.getTime()).toBe(launchedAt);
    expect(inst.PublicIpAddress).toMatch(/^(203\.0\.113|198\.51\.100)\.\d+$/);
    expect(inst.PublicDnsName).toBe(`ec2-${inst.PublicIpAddress!.replace(/\./g, '-')}.compute-1.amazonaws.com`);
    expect(inst.NetworkInterfaces).toHaveLength(1);
    expect(inst.NetworkInterfaces![0]).toMatchObject({
      NetworkInterfaceId: expect.stringMatching(/^eni-[0-9a-f]{17}$/),
      PrivateIpAddress: '10.0.1.4',
      Association: { PublicIp: inst.PublicIpAddress, IpOwnerId: 'amazon' },
      Attachment: { DeviceIndex: 0, Status: 'attached', DeleteOnTermination: true },
      Groups: [{ GroupId: sshGroup, GroupName: 'SecurityGroupHTTPAndSSH' }],
      SubnetId: subnetId,
      VpcId: vpcId,
      Status: 'in-use',
    });
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
  });

  it('moves pending → running on the clock; DescribeInstanceStatus shows only running instances', async () => {
    const id = (await launchWebServer()).Instances![0].InstanceId!;
    const byTag = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['Web Server'] }, { Name: 'instance-state-name', Values: ['pending'] }] }),
    );
    expect(byTag.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId))).toEqual([id]);
    expect((await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }))).InstanceStatuses).toEqual([]);
    expect(listRunningInstances(state(), clock.now()).map((i) => i.id)).not.toContain(id);

    await clock.advance(1_000);
    expect((await describe1(id)).State).toEqual({ Code: 16, Name: 'running' });
    const status = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }));
    expect(status.InstanceStatuses).toEqual([
      expect.objectContaining({
        InstanceId: id,
        AvailabilityZone: 'us-east-1a',
        InstanceState: { Code: 16, Name: 'running' },
        InstanceStatus: { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] },
        SystemStatus: { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] },
      }),
    ]);
    expect(listRunningInstances(state(), clock.now()).map((i) => i.id)).toContain(id);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  });

  it('stores the user data and reports it and the groups through DescribeInstanceAttribute', async () => {
    const id = (await launchWebServer()).Instances![0].InstanceId!;
    const ud = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'userData' }));
    expect(Buffer.from(ud.UserData!.Value!, 'base64').toString()).toBe(USER_DATA);
    expect(userDataText(state().instances[id])).toBe(USER_DATA);
    const groups = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'groupSet' }));
    expect(groups.Groups).toEqual([{ GroupId: sshGroup, GroupName: 'SecurityGroupHTTPAndSSH' }]);
    const type = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'instanceType' }));
    expect(type.InstanceType).toEqual({ Value: 't3.micro' });
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  });

  it('describes the ENI: addresses, MAC, groups, attachment; filters by instance', async () => {
    const inst = (await launchWebServer()).Instances![0];
    const out = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [inst.InstanceId!] }] }));
    expect(out.NetworkInterfaces).toHaveLength(1);
    const eni = out.NetworkInterfaces![0];
    expect(eni).toMatchObject({
      NetworkInterfaceId: inst.NetworkInterfaces![0].NetworkInterfaceId,
      PrivateIpAddress: inst.PrivateIpAddress,
      Association: { PublicIp: inst.PublicIpAddress },
      Groups: [{ GroupId: sshGroup, GroupName: 'SecurityGroupHTTPAndSSH' }],
      Attachment: { InstanceId: inst.InstanceId, DeviceIndex: 0, Status: 'attached', InstanceOwnerId: '000000000000' },
      SubnetId: subnetId,
      VpcId: vpcId,
      AvailabilityZone: 'us-east-1a',
      Status: 'in-use',
      InterfaceType: 'interface',
      OwnerId: '000000000000',
    });
    expect(eni.MacAddress).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    const byIp = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'association.public-ip', Values: [inst.PublicIpAddress!] }] }));
    expect(byIp.NetworkInterfaces!.map((e) => e.NetworkInterfaceId)).toEqual([eni.NetworkInterfaceId]);
    expect(await failureSummary(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ['eni-123'] })))).toMatchObject({
      name: 'InvalidNetworkInterfaceID.NotFound',
      message: "The networkInterface ID 'eni-123' does not exist",
    });
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
  });

  it('swaps security groups as the lab does, and the front door sees the change', async () => {
    const inst = (await launchWebServer()).Instances![0];
    const id = inst.InstanceId!;
    const eniId = inst.NetworkInterfaces![0].NetworkInterfaceId!;
    const sshAllowed = () => ingressPermissionsOf(state(), eniId).some((p) => p.ipProtocol === 'tcp' && p.fromPort! <= 22 && p.toPort! >= 22);
    expect(sshAllowed()).toBe(true);

    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Groups: [httpGroup] }));
    expect((await describe1(id)).SecurityGroups).toEqual([{ GroupId: httpGroup, GroupName: 'SecurityGroupHTTPOnly' }]);
    const eni = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] }))).NetworkInterfaces![0];
    expect(eni.Groups).toEqual([{ GroupId: httpGroup, GroupName: 'SecurityGroupHTTPOnly' }]);
    expect(securityGroupsOf(state(), eniId).map((g) => g.name)).toEqual(['SecurityGroupHTTPOnly']);
    expect(sshAllowed()).toBe(false);

    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eniId, Groups: [sshGroup] }));
    expect((await describe1(id)).SecurityGroups).toEqual([{ GroupId: sshGroup, GroupName: 'SecurityGroupHTTPAndSSH' }]);
    expect(sshAllowed()).toBe(true);

    const otherVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.5.0.0/16' }))).Vpc!.VpcId!;
    const foreign = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'foreign', Description: 'x', VpcId: otherVpc }))).GroupId!;
    expect(await failureSummary(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Groups: [foreign] })))).toMatchObject({ name: 'InvalidParameter' });
    expect(await failureSummary(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Groups: ['sg-0123456789abcdef0'] })))).toMatchObject({
      name: 'InvalidGroup.NotFound',
      message: "The security group 'sg-0123456789abcdef0' does not exist",
    });
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  });

  it('blocks deleting a group or subnet in use, terminates on the clock, then disappears after an hour', async () => {
    const inst = (await launchWebServer({ SecurityGroupIds: [httpGroup] })).Instances![0];
    const id = inst.InstanceId!;
    await clock.advance(1_000);
    expect(await failureSummary(ec2.send(new DeleteSecurityGroupCommand({ GroupId: httpGroup })))).toEqual({
      name: 'DependencyViolation',
      message: `resource ${httpGroup} has a dependent object`,
      status: 400,
    });
    expect(await failureSummary(ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId })))).toMatchObject({
      name: 'DependencyViolation',
      message: `The subnet '${subnetId}' has dependencies and cannot be deleted.`,
    });

    const term = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(term.TerminatingInstances).toEqual([{ InstanceId: id, PreviousState: { Code: 16, Name: 'running' }, CurrentState: { Code: 32, Name: 'shutting-down' } }]);
    expect((await describe1(id)).State).toEqual({ Code: 32, Name: 'shutting-down' });
    await clock.advance(1_000);
    const gone = await describe1(id);
    expect(gone.State).toEqual({ Code: 48, Name: 'terminated' });
    expect(gone.StateTransitionReason).toMatch(/^User initiated \(2026-03-01 \d\d:\d\d:\d\d GMT\)$/);
    expect(gone.PublicIpAddress).toBeUndefined();
    expect(gone.NetworkInterfaces).toEqual([]);
    const enis = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [id] }] }));
    expect(enis.NetworkInterfaces).toEqual([]);
    // Terminating again is harmless.
    const again = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(again.TerminatingInstances![0]).toMatchObject({ PreviousState: { Name: 'terminated' }, CurrentState: { Name: 'terminated' } });

    await clock.advance(3_600_000);
    expect(await failureSummary(ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })))).toEqual({
      name: 'InvalidInstanceID.NotFound',
      message: `The instance ID '${id}' does not exist`,
      status: 400,
    });
  });

  it('stops and starts: the public IP is released on stop and a new one given on start', async () => {
    const inst = (await launchWebServer()).Instances![0];
    const id = inst.InstanceId!;
    await clock.advance(1_000);
    expect(await failureSummary(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 't3.small' } })))).toMatchObject({
      name: 'IncorrectInstanceState',
    });
    const stop = await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(stop.StoppingInstances![0]).toMatchObject({ PreviousState: { Name: 'running' }, CurrentState: { Code: 64, Name: 'stopping' } });
    await clock.advance(1_000);
    const stopped = await describe1(id);
    expect(stopped.State).toEqual({ Code: 80, Name: 'stopped' });
    expect(stopped.PublicIpAddress).toBeUndefined();
    expect(stopped.PrivateIpAddress).toBe(inst.PrivateIpAddress);
    // Type changes are allowed once stopped.
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 't3.small' } }));
    const start = await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect(start.StartingInstances![0]).toMatchObject({ PreviousState: { Name: 'stopped' }, CurrentState: { Name: 'pending' } });
    await clock.advance(1_000);
    const running = await describe1(id);
    expect(running).toMatchObject({ State: { Name: 'running' }, InstanceType: 't3.small' });
    expect(running.PublicIpAddress).toMatch(/^(203\.0\.113|198\.51\.100)\.\d+$/);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    await clock.advance(1_000);
  });

  it('launches several instances in one reservation with distinct addresses; honours client tokens', async () => {
    const res = await launchWebServer({ MinCount: 2, MaxCount: 2, ClientToken: 'token-1' });
    expect(res.Instances!.map((i) => i.AmiLaunchIndex)).toEqual([0, 1]);
    const ips = res.Instances!.map((i) => i.PrivateIpAddress);
    expect(new Set(ips).size).toBe(2);
    const again = await launchWebServer({ MinCount: 2, MaxCount: 2, ClientToken: 'token-1' });
    expect(again.Instances!.map((i) => i.InstanceId)).toEqual(res.Instances!.map((i) => i.InstanceId));
    const subnet = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0];
    expect(subnet.AvailableIpAddressCount).toBeLessThanOrEqual(249);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: res.Instances!.map((i) => i.InstanceId!) }));
    await clock.advance(1_000);
  });

  it('gives a public IP only when the subnet maps one or the interface asks for it', async () => {
    const privateSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.2.0/24' }))).Subnet!.SubnetId!;
    const plain = (await launchWebServer({ SubnetId: privateSubnet })).Instances![0];
    expect(plain.PublicIpAddress).toBeUndefined();
    expect(plain.PublicDnsName).toBe('');
    const asked = (
      await launchWebServer({
        SubnetId: undefined,
        SecurityGroupIds: undefined,
        NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: privateSubnet, Groups: [sshGroup], AssociatePublicIpAddress: true }],
      })
    ).Instances![0];
    expect(asked.PublicIpAddress).toMatch(/^(203\.0\.113|198\.51\.100)\.\d+$/);
    expect(asked.SubnetId).toBe(privateSubnet);
    // Public addresses are mapped, so the gateway cannot be detached.
    const igw = Object.values(state().igws).find((g) => g.vpcId === vpcId)!.id;
    expect(await failureSummary(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId })))).toMatchObject({ name: 'DependencyViolation' });
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [plain.InstanceId!, asked.InstanceId!] }));
    await clock.advance(1_000);
  });

  it('refuses launches with unknown images, keys, subnets or groups, bad user data, wrong architecture, or DryRun', async () => {
    expect(await failureSummary(launchWebServer({ ImageId: 'ami-0123456789abcdef0' }))).toMatchObject({
      name: 'InvalidAMIID.NotFound',
      message: "The image id '[ami-0123456789abcdef0]' does not exist",
    });
    expect(await failureSummary(launchWebServer({ KeyName: 'nope' }))).toEqual({ name: 'InvalidKeyPair.NotFound', message: "The key pair 'nope' does not exist", status: 400 });
    expect(await failureSummary(launchWebServer({ SubnetId: 'subnet-0123456789abcdef0' }))).toMatchObject({
      name: 'InvalidSubnetID.NotFound',
      message: "The subnet ID 'subnet-0123456789abcdef0' does not exist",
    });
    expect(await failureSummary(launchWebServer({ SecurityGroupIds: ['sg-123'] }))).toMatchObject({ name: 'InvalidGroup.NotFound', message: "The security group 'sg-123' does not exist" });
    expect(await failureSummary(launchWebServer({ SubnetId: undefined }))).toMatchObject({ name: 'VPCIdNotSpecified' });
    expect(await failureSummary(launchWebServer({ UserData: 'not base64!' }))).toMatchObject({ name: 'InvalidParameterValue', message: 'Invalid BASE64 encoding of user data.' });
    expect(await failureSummary(launchWebServer({ ImageId: 'ami-0c9f6749650d5c0e3' }))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(await failureSummary(launchWebServer({ DryRun: true }))).toEqual({ name: 'DryRunOperation', message: 'Request would have succeeded, but DryRun flag is set.', status: 412 });
    expect(await failureSummary(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-123'] })))).toEqual({
      name: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-123' does not exist",
      status: 400,
    });
    expect(await failureSummary(ec2.send(new TerminateInstancesCommand({ InstanceIds: ['instance-1'] })))).toMatchObject({ name: 'InvalidInstanceID.Malformed' });
    const live = listRunningInstances(state(), clock.now()).filter((i) => i.subnetId === subnetId);
    expect(live).toEqual([]);
  });
});
