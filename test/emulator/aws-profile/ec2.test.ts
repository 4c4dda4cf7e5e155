import {
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeRouteTablesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { FakeClock } from '../../../core/clock';
import { failureSummary, startTestEmulator, type TestEmulator } from '../helpers';
import { control, labInstance, startAwsEmulator } from './aws-fixture';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('aws profile: EC2 as AWS documents it', () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  test('reads and writes naming a resource created moments before answer NotFound for a few seconds, then succeed', async () => {
    const clock = new FakeClock(T0);
    emu = await startAwsEmulator({ clock });
    const { ec2 } = emu.clients;
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    expect(await failureSummary(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' })))).toEqual({
      name: 'InvalidVpcID.NotFound',
      message: `The vpc ID '${vpcId}' does not exist`,
      status: 400,
    });
    await clock.advance(3000);
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
    await clock.advance(3000);
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'ssh', Description: 'ssh', VpcId: vpcId }))).GroupId!;
    const keyName = (await ec2.send(new CreateKeyPairCommand({ KeyName: 'lab-key' }))).KeyName!;
    const igwId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    const rtb = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0].RouteTableId!;
    const ingress = () => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    expect((await failureSummary(ingress())).name).toBe('InvalidGroup.NotFound');
    expect(await failureSummary(ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId })))).toEqual({
      name: 'InvalidGatewayID.NotFound',
      message: `The gateway ID '${igwId}' does not exist`,
      status: 400,
    });
    const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
    const launch = (extra: object) => ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId, ...extra }));
    expect((await failureSummary(launch({ KeyName: keyName }))).name).toBe('InvalidKeyPair.NotFound');
    expect((await failureSummary(launch({ SecurityGroupIds: [groupId] }))).name).toBe('InvalidGroup.NotFound');
    await clock.advance(3000);
    await ingress();
    const instanceId = (await launch({ KeyName: keyName, SecurityGroupIds: [groupId] })).Instances![0].InstanceId!;
    expect((await failureSummary(ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })))).name).toBe('InvalidInstanceID.NotFound');
    expect((await failureSummary(ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] })))).name).toBe('InvalidInstanceID.NotFound');
    // A list leaves it out rather than failing.
    expect((await ec2.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
    await clock.advance(3000);
    expect((await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0].InstanceId).toBe(instanceId);
    // The subnet created just before is also a subnet a new launch may not see yet.
    const subnet2 = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.2.0/24' }))).Subnet!.SubnetId!;
    expect((await failureSummary(launch({ SubnetId: subnet2 }))).name).toBe('InvalidSubnetID.NotFound');
  });

  test('an instance stays pending for about a minute (× the time scale)', async () => {
    const clock = new FakeClock(T0);
    emu = await startAwsEmulator({ clock, timeScale: 0.5 });
    const { ec2 } = emu.clients;
    const { instanceId } = await labInstance(ec2, () => clock.advance(1500));
    const state = async () => (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0].State!.Name;
    await clock.advance(1500); // past the propagation delay (3 s × 0.5), well inside the pending time
    expect(await state()).toBe('pending');
    await clock.advance(25_000);
    expect(await state()).toBe('pending');
    await clock.advance(5_000);
    expect(await state()).toBe('running');
  });

  test('DescribeInstanceTypeOfferings per AZ: us-east-1e does not offer t3.micro, and RunInstances there is Unsupported', async () => {
    const clock = new FakeClock(T0);
    emu = await startAwsEmulator({ clock });
    const { ec2 } = emu.clients;
    const offerings = await ec2.send(
      new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: ['t3.micro'] }] }),
    );
    expect(offerings.InstanceTypeOfferings!.map((o) => o.Location).sort()).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1f']);
    expect(offerings.InstanceTypeOfferings!.every((o) => o.LocationType === 'availability-zone' && o.InstanceType === 't3.micro')).toBe(true);
    const byId = await ec2.send(new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone-id', Filters: [{ Name: 'instance-type', Values: ['t2.micro'] }] }));
    expect(byId.InstanceTypeOfferings!.map((o) => o.Location)).toContain('use1-az5');
    const region = await ec2.send(new DescribeInstanceTypeOfferingsCommand({ Filters: [{ Name: 'instance-type', Values: ['t3.micro'] }] }));
    expect(region.InstanceTypeOfferings).toEqual([{ InstanceType: 't3.micro', LocationType: 'region', Location: 'us-east-1' }]);

    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    await clock.advance(3000);
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.5.0/24', AvailabilityZone: 'us-east-1e' }))).Subnet!.SubnetId!;
    await clock.advance(3000);
    const image = (await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'architecture', Values: ['x86_64'] }] }))).Images![0].ImageId!;
    expect(await failureSummary(ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId })))).toEqual({
      name: 'Unsupported',
      message:
        'Your requested instance type (t3.micro) is not supported in your requested Availability Zone (us-east-1e). Please retry your request by not specifying an Availability Zone or choosing us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f.',
      status: 400,
    });
    // The previous generation is offered there.
    expect((await ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances).toHaveLength(1);
  });

  test('the fast profile keeps launching t3.micro in us-east-1e and sees new resources at once', async () => {
    emu = await startTestEmulator();
    const { ec2 } = emu.clients;
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.5.0/24', AvailabilityZone: 'us-east-1e' }))).Subnet!.SubnetId!;
    const image = (await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'architecture', Values: ['x86_64'] }] }))).Images![0].ImageId!;
    expect((await ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances).toHaveLength(1);
    const offered = await ec2.send(new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: ['t3.micro'] }] }));
    expect(offered.InstanceTypeOfferings!.map((o) => o.Location)).toContain('us-east-1e');
  });

  test('fault knobs combine with the profile: a throttle first, then the profile\'s NotFound, then success', async () => {
    const clock = new FakeClock(T0);
    emu = await startAwsEmulator({ clock, faults: { throttleRate: 1, maxFaults: 1, services: ['ec2'], operations: ['CreateSubnet'] } });
    const { ec2 } = emu.clients;
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const create = () => ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }));
    expect((await failureSummary(create())).name).toBe('RequestLimitExceeded');
    expect((await failureSummary(create())).name).toBe('InvalidVpcID.NotFound');
    await clock.advance(3000);
    expect((await create()).Subnet!.VpcId).toBe(vpcId);
    const { json } = await control(emu, 'GET', '/_emulator/faults');
    expect(json.counts).toMatchObject({ throttle: 1, consistency: 1 });
  });
});
