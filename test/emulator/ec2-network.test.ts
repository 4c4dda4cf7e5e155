import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { startEc2Emulator } from './ec2-fixture';
import { failureSummary, type TestEmulator } from './helpers';

describe('EC2 networking through the real SDK: regions, VPCs, subnets, gateways, route tables, tags', () => {
  let emu: TestEmulator;
  let ec2: EC2Client;
  beforeAll(async () => {
    ({ emu, ec2 } = await startEc2Emulator());
  });
  afterAll(() => emu.stop());

  /** The lab's network: VPC 10.0.0.0/16 with a public subnet 10.0.1.0/24. */
  async function labVpc() {
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'lab-vpc' }] }] }),
    );
    return Vpc!;
  }

  describe('regions and availability zones', () => {
    it('lists the opt-in-free regions with their EC2 endpoints', async () => {
      const out = await ec2.send(new DescribeRegionsCommand({}));
      const east = out.Regions!.find((r) => r.RegionName === 'us-east-1');
      expect(east).toEqual({ RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' });
      expect(out.Regions!.length).toBeGreaterThan(10);
      const filtered = await ec2.send(new DescribeRegionsCommand({ Filters: [{ Name: 'region-name', Values: ['eu-*'] }] }));
      expect(filtered.Regions!.every((r) => r.RegionName!.startsWith('eu-'))).toBe(true);
    });

    it('lists us-east-1a… with zone ids use1-az1…', async () => {
      const out = await ec2.send(new DescribeAvailabilityZonesCommand({}));
      expect(out.AvailabilityZones!.map((z) => z.ZoneName)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
      expect(out.AvailabilityZones![0]).toMatchObject({ ZoneId: 'use1-az1', RegionName: 'us-east-1', State: 'available', ZoneType: 'availability-zone' });
      const one = await ec2.send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1c'] }));
      expect(one.AvailabilityZones!.map((z) => z.ZoneId)).toEqual(['use1-az3']);
    });

    it('answers for the region the client signs for', async () => {
      const out = await emu.clientsFor('test', 'eu-west-1').ec2.send(new DescribeAvailabilityZonesCommand({}));
      expect(out.AvailabilityZones!.map((z) => `${z.ZoneName}/${z.ZoneId}`)).toEqual(['eu-west-1a/euw1-az1', 'eu-west-1b/euw1-az2', 'eu-west-1c/euw1-az3']);
    });
  });

  describe('VPCs', () => {
    it('creates the lab VPC pending, then describes it available with its tags', async () => {
      const vpc = await labVpc();
      expect(vpc.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
      expect(vpc).toMatchObject({ CidrBlock: '10.0.0.0/16', State: 'pending', OwnerId: '000000000000', IsDefault: false, InstanceTenancy: 'default' });
      expect(vpc.DhcpOptionsId).toMatch(/^dopt-/);
      expect(vpc.CidrBlockAssociationSet).toEqual([
        { AssociationId: expect.stringMatching(/^vpc-cidr-assoc-/), CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
      ]);
      const out = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpc.VpcId!] }));
      expect(out.Vpcs).toHaveLength(1);
      expect(out.Vpcs![0]).toMatchObject({ VpcId: vpc.VpcId, State: 'available', Tags: [{ Key: 'Name', Value: 'lab-vpc' }] });
    });

    it('gives each VPC a default security group and a main route table with the local route', async () => {
      const vpc = await labVpc();
      const rtbs = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }));
      expect(rtbs.RouteTables).toHaveLength(1);
      const main = rtbs.RouteTables![0];
      expect(main.Associations).toEqual([
        { Main: true, RouteTableAssociationId: expect.stringMatching(/^rtbassoc-/), RouteTableId: main.RouteTableId, AssociationState: { State: 'associated' } },
      ]);
      expect(main.Routes).toEqual([{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }]);
    });

    it('filters by tag, tag-key, cidr and wildcards; unknown filters are refused', async () => {
      const vpc = await ec2.send(
        new CreateVpcCommand({ CidrBlock: '172.16.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Team', Value: 'blue-42' }] }] }),
      );
      const byTag = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Team', Values: ['blue-??'] }] }));
      expect(byTag.Vpcs!.map((v) => v.VpcId)).toEqual([vpc.Vpc!.VpcId]);
      const byKey = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag-key', Values: ['Team'] }, { Name: 'cidr', Values: ['172.16.*'] }] }));
      expect(byKey.Vpcs!.map((v) => v.VpcId)).toEqual([vpc.Vpc!.VpcId]);
      const none = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Team', Values: ['red'] }] }));
      expect(none.Vpcs).toEqual([]);
      const bad = await failureSummary(ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })));
      expect(bad).toEqual({ name: 'InvalidParameterValue', message: "The filter 'colour' is invalid", status: 400 });
    });

    it('answers NotFound and Malformed ids with AWS codes and messages', async () => {
      expect(await failureSummary(ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-123'] })))).toEqual({
        name: 'InvalidVpcID.NotFound',
        message: "The vpc ID 'vpc-123' does not exist",
        status: 400,
      });
      const malformed = await failureSummary(ec2.send(new DescribeVpcsCommand({ VpcIds: ['subnet-1'] })));
      expect(malformed.name).toBe('InvalidVpcID.Malformed');
      expect(malformed.message).toBe('Invalid id: "subnet-1" (expecting "vpc-...")');
    });

    it('refuses CIDRs that are not valid or outside /16–/28', async () => {
      expect(await failureSummary(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })))).toMatchObject({
        name: 'InvalidVpc.Range',
        message: "The CIDR '10.0.0.0/8' is invalid.",
      });
      expect(await failureSummary(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.300/16' })))).toMatchObject({
        name: 'InvalidParameterValue',
        message: 'Value (10.0.0.300/16) for parameter cidrBlock is invalid. This is not a valid CIDR block.',
      });
    });

    it('answers DryRun with DryRunOperation and HTTP 412, creating nothing', async () => {
      const before = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length;
      expect(await failureSummary(ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16', DryRun: true })))).toEqual({
        name: 'DryRunOperation',
        message: 'Request would have succeeded, but DryRun flag is set.',
        status: 412,
      });
      expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length).toBe(before);
    });

    it('modifies and describes DNS attributes', async () => {
      const vpc = await labVpc();
      const before = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames' }));
      expect(before.EnableDnsHostnames).toEqual({ Value: false });
      await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpc.VpcId, EnableDnsHostnames: { Value: true } }));
      const after = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames' }));
      expect(after).toMatchObject({ VpcId: vpc.VpcId, EnableDnsHostnames: { Value: true } });
      const support = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsSupport' }));
      expect(support.EnableDnsSupport).toEqual({ Value: true });
    });
  });

  describe('subnets', () => {
    it('creates the public subnet inside the VPC and maps public IPs on request', async () => {
      const vpc = await labVpc();
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'public' }] }] }),
      );
      expect(Subnet).toMatchObject({
        VpcId: vpc.VpcId,
        CidrBlock: '10.0.1.0/24',
        AvailabilityZone: 'us-east-1a',
        AvailabilityZoneId: 'use1-az1',
        AvailableIpAddressCount: 251,
        MapPublicIpOnLaunch: false,
        DefaultForAz: false,
        OwnerId: '000000000000',
        SubnetArn: `arn:aws:ec2:us-east-1:000000000000:subnet/${Subnet!.SubnetId}`,
        Tags: [{ Key: 'Name', Value: 'public' }],
      });
      await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: Subnet!.SubnetId, MapPublicIpOnLaunch: { Value: true } }));
      const out = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }, { Name: 'map-public-ip-on-launch', Values: ['true'] }] }));
      expect(out.Subnets!.map((s) => [s.SubnetId, s.State, s.MapPublicIpOnLaunch])).toEqual([[Subnet!.SubnetId, 'available', true]]);
    });

    it('refuses blocks outside the VPC and blocks that overlap another subnet', async () => {
      const vpc = await labVpc();
      await ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' }));
      expect(await failureSummary(ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.1.0.0/24' })))).toMatchObject({
        name: 'InvalidSubnet.Range',
        message: "The CIDR '10.1.0.0/24' is invalid.",
      });
      expect(await failureSummary(ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.0.1.128/25' })))).toMatchObject({
        name: 'InvalidSubnet.Conflict',
        message: "The CIDR '10.0.1.128/25' conflicts with another subnet",
      });
      expect(await failureSummary(ec2.send(new CreateSubnetCommand({ VpcId: 'vpc-0000000000000000a', CidrBlock: '10.0.2.0/24' })))).toMatchObject({
        name: 'InvalidVpcID.NotFound',
      });
      expect(await failureSummary(ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'eu-west-1a' })))).toMatchObject({
        name: 'InvalidParameterValue',
      });
    });
  });

  describe('internet gateways and routes', () => {
    it('attaches an IGW, routes 0.0.0.0/0 through it from a table associated with the subnet', async () => {
      const vpc = await labVpc();
      const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' }));
      const { InternetGateway } = await ec2.send(
        new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'Name', Value: 'lab-igw' }] }] }),
      );
      expect(InternetGateway).toMatchObject({ Attachments: [], OwnerId: '000000000000', Tags: [{ Key: 'Name', Value: 'lab-igw' }] });
      const igwId = InternetGateway!.InternetGatewayId!;
      await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpc.VpcId }));
      const igws = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpc.VpcId!] }] }));
      expect(igws.InternetGateways!.map((g) => g.Attachments)).toEqual([[{ State: 'available', VpcId: vpc.VpcId }]]);

      const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpc.VpcId }));
      const rtbId = RouteTable!.RouteTableId!;
      expect(await ec2.send(new CreateRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId }))).toMatchObject({ Return: true });
      const assoc = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtbId, SubnetId: Subnet!.SubnetId }));
      expect(assoc.AssociationId).toMatch(/^rtbassoc-/);
      expect(assoc.AssociationState).toEqual({ State: 'associated' });

      const out = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [Subnet!.SubnetId!] }] }));
      expect(out.RouteTables).toHaveLength(1);
      expect(out.RouteTables![0].Routes).toEqual([
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId, Origin: 'CreateRoute', State: 'active' },
      ]);
      expect(out.RouteTables![0].Associations).toEqual([
        { Main: false, RouteTableAssociationId: assoc.AssociationId, RouteTableId: rtbId, SubnetId: Subnet!.SubnetId, AssociationState: { State: 'associated' } },
      ]);

      // The route turns into a blackhole once the gateway is detached.
      await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpc.VpcId }));
      const after = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rtbId] }));
      expect(after.RouteTables![0].Routes![1].State).toBe('blackhole');
    });

    it('refuses a second attachment, a detach from the wrong VPC and deleting an attached gateway', async () => {
      const vpc = await labVpc();
      const other = await labVpc();
      const igwId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
      await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpc.VpcId }));
      expect(await failureSummary(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: other.VpcId })))).toMatchObject({
        name: 'Resource.AlreadyAssociated',
        message: `resource ${igwId} is already attached to network ${vpc.VpcId}`,
      });
      expect(await failureSummary(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: other.VpcId })))).toMatchObject({
        name: 'Gateway.NotAttached',
        message: `resource ${igwId} is not attached to network ${other.VpcId}`,
      });
      expect(await failureSummary(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igwId })))).toMatchObject({
        name: 'DependencyViolation',
        message: `The internetGateway '${igwId}' has dependencies and cannot be deleted.`,
      });
      expect(await failureSummary(ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: ['igw-0123'] })))).toMatchObject({
        name: 'InvalidInternetGatewayID.NotFound',
        message: "The internetGateway ID 'igw-0123' does not exist",
      });
    });

    it('refuses duplicate and unknown routes, the local route, and a gateway of another VPC', async () => {
      const vpc = await labVpc();
      const other = await labVpc();
      const igwId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
      await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: other.VpcId }));
      const rtbId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc.VpcId }))).RouteTable!.RouteTableId!;
      expect(await failureSummary(ec2.send(new CreateRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId })))).toMatchObject({
        name: 'InvalidParameterValue',
        message: `route table ${rtbId} and network gateway ${igwId} belong to different networks`,
      });
      expect(await failureSummary(ec2.send(new CreateRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'igw-0123' })))).toMatchObject({
        name: 'InvalidInternetGatewayID.NotFound',
      });
      expect(await failureSummary(ec2.send(new DeleteRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '0.0.0.0/0' })))).toMatchObject({
        name: 'InvalidRoute.NotFound',
        message: `no route with destination-cidr-block 0.0.0.0/0 in route table ${rtbId}`,
      });
      expect(await failureSummary(ec2.send(new DeleteRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '10.0.0.0/16' })))).toMatchObject({
        name: 'InvalidParameterValue',
      });
      const otherRtb = (await ec2.send(new CreateRouteTableCommand({ VpcId: other.VpcId }))).RouteTable!.RouteTableId!;
      await ec2.send(new CreateRouteCommand({ RouteTableId: otherRtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId }));
      expect(await failureSummary(ec2.send(new CreateRouteCommand({ RouteTableId: otherRtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId })))).toMatchObject({
        name: 'RouteAlreadyExists',
        message: 'The route identified by 0.0.0.0/0 already exists.',
      });
      await ec2.send(new DeleteRouteCommand({ RouteTableId: otherRtb, DestinationCidrBlock: '0.0.0.0/0' }));
      const left = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [otherRtb] }));
      expect(left.RouteTables![0].Routes!.map((r) => r.DestinationCidrBlock)).toEqual(['10.0.0.0/16']);
    });
  });

  describe('deleting in dependency order', () => {
    it('refuses to delete a VPC, subnet or route table that still has dependencies, then tears down cleanly', async () => {
      const vpc = await labVpc();
      const vpcId = vpc.VpcId!;
      const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
      const igwId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
      await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
      const rtbId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
      const assocId = (await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtbId, SubnetId: subnetId }))).AssociationId!;

      const vpcBlocked = { name: 'DependencyViolation', message: `The vpc '${vpcId}' has dependencies and cannot be deleted.`, status: 400 };
      expect(await failureSummary(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toEqual(vpcBlocked);
      expect(await failureSummary(ec2.send(new DeleteRouteTableCommand({ RouteTableId: rtbId })))).toMatchObject({
        name: 'DependencyViolation',
        message: `The routeTable '${rtbId}' has dependencies and cannot be deleted.`,
      });
      await ec2.send(new DisassociateRouteTableCommand({ AssociationId: assocId }));
      await ec2.send(new DeleteRouteTableCommand({ RouteTableId: rtbId }));
      await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
      expect(await failureSummary(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toEqual(vpcBlocked);
      await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
      await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igwId }));
      await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
      expect(await failureSummary(ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })))).toMatchObject({ name: 'InvalidVpcID.NotFound' });
      const rtbs = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
      expect(rtbs.RouteTables).toEqual([]);
    });
  });

  describe('tags', () => {
    it('creates, describes with filters and deletes tags on any resource', async () => {
      const vpc = await labVpc();
      const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.0.3.0/24' }))).Subnet!.SubnetId!;
      await ec2.send(new CreateTagsCommand({ Resources: [vpc.VpcId!, subnetId], Tags: [{ Key: 'Stage', Value: 'test' }, { Key: 'Owner', Value: 'lab' }] }));
      const tags = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [vpc.VpcId!, subnetId] }, { Name: 'key', Values: ['Stage'] }] }));
      expect(tags.Tags).toEqual([
        { ResourceId: vpc.VpcId, ResourceType: 'vpc', Key: 'Stage', Value: 'test' },
        { ResourceId: subnetId, ResourceType: 'subnet', Key: 'Stage', Value: 'test' },
      ]);
      const byType = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-type', Values: ['subnet'] }, { Name: 'resource-id', Values: [subnetId] }] }));
      expect(byType.Tags!.map((t) => t.Key).sort()).toEqual(['Owner', 'Stage']);
      // A Value that does not match leaves the tag; no Value removes it whatever its value.
      await ec2.send(new DeleteTagsCommand({ Resources: [subnetId], Tags: [{ Key: 'Stage', Value: 'prod' }, { Key: 'Owner' }] }));
      const left = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
      expect(left.Subnets![0].Tags).toEqual([{ Key: 'Stage', Value: 'test' }]);
    });

    it('refuses tags on resources that do not exist and reserved aws: keys', async () => {
      expect(await failureSummary(ec2.send(new CreateTagsCommand({ Resources: ['vpc-0000000000000000b'], Tags: [{ Key: 'a', Value: 'b' }] })))).toMatchObject({
        name: 'InvalidVpcID.NotFound',
        message: "The vpc ID 'vpc-0000000000000000b' does not exist",
      });
      expect(await failureSummary(ec2.send(new CreateTagsCommand({ Resources: ['nothing'], Tags: [{ Key: 'a', Value: 'b' }] })))).toMatchObject({
        name: 'InvalidID',
        message: "The ID 'nothing' is not valid",
      });
      const vpc = await labVpc();
      expect(await failureSummary(ec2.send(new CreateTagsCommand({ Resources: [vpc.VpcId!], Tags: [{ Key: 'aws:x', Value: 'b' }] })))).toMatchObject({
        name: 'InvalidParameterValue',
      });
      expect(
        await failureSummary(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'a', Value: 'b' }] }] }))),
      ).toMatchObject({ name: 'InvalidParameterValue', message: "'subnet' is not a valid taggable resource type for this operation." });
    });
  });
});
