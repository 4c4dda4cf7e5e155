// The harness against the emulator's aws profile through the real SDK: the probe reads the time
// profile (budgets = AWS's × F, no flush), every create-then-use of the environment survives EC2's
// eventual consistency (3 s at F = 1, enough to fail any call made without retrying), and the
// subnet goes to a zone that offers the lab's instance type (us-east-1e offers no t3).
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { createClients, destroyClients, type AwsClients } from '../../aws/clients';
import * as ec2 from '../../aws/ec2';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { endpointTarget, probeEndpoint } from '../../runner/targets/endpoint';
import { TEST_CREDENTIALS } from '../emulator/helpers';

jest.setTimeout(60_000);

const TAGS = { 'labwright:run-id': 'lw-aws-profile-harness' };
const noLog = () => undefined;
const visibility = { budgetMs: 20_000 };

describe('the harness on an aws-profile emulator', () => {
  let emu: RunningEmulator;
  let c: AwsClients;

  beforeAll(async () => {
    // F = 1: a new resource stays unknown for 3 s, so a call that does not retry fails for sure.
    emu = await startEmulator({ port: 0, host: '127.0.0.1', profile: 'aws', timeScale: 1, engines: false });
    c = createClients({ region: 'us-east-1', endpoint: emu.endpoint, credentials: TEST_CREDENTIALS });
  });
  afterAll(async () => {
    destroyClients(c);
    await emu.stop();
  });

  it('the probe takes the profile and scale from the health answer: AWS budgets × F, no flush, the click allowed', async () => {
    const set = await probeEndpoint(emu.endpoint);
    expect(set).toMatchObject({ kind: 'labwright', timeProfile: 'aws', timeScale: 1, budgetScale: 1 });
    const target = endpointTarget({ name: 'endpoint', endpoint: emu.endpoint, region: 'us-east-1', capabilitySet: set });
    expect(target.flushFlowLogs).toBeUndefined();
    expect(typeof target.confirmSubscriptions).toBe('function');
    expect(target).toMatchObject({ timeProfile: 'aws', timeScale: 1 });
  });

  it('a fast emulator keeps the ×0.03 budgets and its flush', async () => {
    const fast = await startEmulator({ port: 0, host: '127.0.0.1', engines: false });
    try {
      const set = await probeEndpoint(fast.endpoint);
      expect(set).toMatchObject({ timeProfile: 'fast', budgetScale: 0.03 });
      expect(typeof endpointTarget({ name: 'endpoint', endpoint: fast.endpoint, region: 'us-east-1', capabilitySet: set }).flushFlowLogs).toBe('function');
    } finally {
      await fast.stop();
    }
  });

  it('picks a zone that offers the instance type, and every create-then-use retries NotFound', async () => {
    const zone = await ec2.zoneOffering(c.ec2, 't3.micro');
    expect(zone).toMatch(/^us-east-1[a-f]$/);
    expect(zone).not.toBe('us-east-1e');

    const vpcId = await ec2.createVpc(c.ec2, '10.50.0.0/16', { Name: 'consistency', ...TAGS }, noLog, { visibility });
    // CreateSubnet right after CreateVpc: InvalidVpcID.NotFound for 3 s on the aws profile.
    const subnetId = await ec2.createPublicSubnet(c.ec2, vpcId, '10.50.1.0/24', { Name: 'consistency', ...TAGS }, noLog, { visibility, availabilityZone: zone });
    const subnet = (await c.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets![0];
    expect(subnet).toMatchObject({ SubnetId: subnetId, AvailabilityZone: zone, MapPublicIpOnLaunch: true });
    const igwId = await ec2.createInternetGateway(c.ec2, TAGS, noLog, { visibility });
    await ec2.attachInternetGateway(c.ec2, igwId, vpcId, noLog, { visibility });
    const rtbId = await ec2.createRouteTable(c.ec2, vpcId, TAGS, noLog, { visibility });
    await ec2.createRoute(c.ec2, rtbId, '0.0.0.0/0', igwId, noLog, { visibility });
    await ec2.associateRouteTable(c.ec2, rtbId, subnetId, noLog, { visibility });
    // AuthorizeSecurityGroupIngress on the new group, RunInstances with the new group, key and subnet.
    const groupId = await ec2.createSecurityGroup(c.ec2, vpcId, 'consistency-ssh', 'ssh', [22], TAGS, noLog, { visibility });
    const key = await ec2.createKeyPair(c.ec2, 'consistency-key', TAGS, noLog, { visibility });
    const imageId = (await ec2.findImageByName(c.ec2, 'al2023-ami-2023.*-kernel-6.1-x86_64', 'amazon'))!;
    const instanceId = await ec2.runInstance(c.ec2, { imageId, instanceType: 't3.micro', subnetId, securityGroupIds: [groupId], keyName: key.name, tags: TAGS }, noLog, { visibility });
    await ec2.putInstanceSecurityGroups(c.ec2, instanceId, [groupId], 'consistency-ssh', noLog, { visibility });
    expect(instanceId).toMatch(/^i-/);
  });
});
