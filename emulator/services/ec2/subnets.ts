import { ec2Id } from '../../../core/ids';
import { AwsError } from '../../framework/types';
import { availableIpCount } from './addresses';
import { containsCidr, overlaps, parseCidr } from './cidr';
import { hasDependencies, missingParameter } from './errors';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op } from './handler';
import { getSubnet, getVpc, selectByIds } from './lookup';
import { resolveZone } from './regions';
import type { Ec2State, SubnetRec } from './state';
import { setTags, tagList, tagsFromSpecs, tagsOf, type TagSpecification } from './tags';

/** The SDK `Subnet` shape of a record. */
function subnetView(st: Ec2State, s: SubnetRec, ownerId: string, region: string, state: 'pending' | 'available' = 'available') {
  return {
    AvailabilityZoneId: s.azId,
    MapCustomerOwnedIpOnLaunch: false,
    OwnerId: ownerId,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    Tags: tagList(st, s.id),
    SubnetArn: `arn:aws:ec2:${region}:${ownerId}:subnet/${s.id}`,
    EnableDns64: false,
    Ipv6Native: false,
    PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    SubnetId: s.id,
    State: state,
    VpcId: s.vpcId,
    CidrBlock: s.cidr,
    AvailableIpAddressCount: availableIpCount(st, s),
    AvailabilityZone: s.az,
    DefaultForAz: false,
    MapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
  };
}

/** The subnet operations: CreateSubnet, DescribeSubnets, DeleteSubnet, ModifySubnetAttribute. */
export const subnetHandlers = {
  CreateSubnet: ec2Op<{ VpcId?: string; CidrBlock?: string; AvailabilityZone?: string; AvailabilityZoneId?: string; TagSpecifications?: TagSpecification[] }>(
    (input, { st, ctx, now }) => {
      const vpc = getVpc(st, input.VpcId);
      if (!input.CidrBlock) throw missingParameter('cidrBlock');
      const block = parseCidr(input.CidrBlock);
      if (!block) {
        throw new AwsError('InvalidParameterValue', `Value (${input.CidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
      }
      if (block.prefix < 16 || block.prefix > 28 || !containsCidr(parseCidr(vpc.cidr)!, block)) {
        throw new AwsError('InvalidSubnet.Range', `The CIDR '${input.CidrBlock}' is invalid.`);
      }
      const clash = Object.values(st.subnets).some((s) => s.vpcId === vpc.id && overlaps(parseCidr(s.cidr)!, block));
      if (clash) throw new AwsError('InvalidSubnet.Conflict', `The CIDR '${input.CidrBlock}' conflicts with another subnet`);
      const zone = resolveZone(ctx.region, input.AvailabilityZone, input.AvailabilityZoneId);
      const tags = tagsFromSpecs(input.TagSpecifications, ['subnet']);
      const subnet: SubnetRec = { id: ec2Id('subnet'), vpcId: vpc.id, cidr: input.CidrBlock, az: zone.name, azId: zone.id, mapPublicIpOnLaunch: false, createdAt: now };
      st.subnets[subnet.id] = subnet;
      setTags(st, subnet.id, tags.subnet);
      return { Subnet: subnetView(st, subnet, ctx.accountId, ctx.region, 'pending') };
    },
  ),

  DescribeSubnets: ec2Op<{ SubnetIds?: string[]; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st, ctx }) => {
      const subnets = applyFilters(selectByIds(st.subnets, 'subnet', input.SubnetIds), input.Filters, {
        fields: {
          'subnet-id': (s) => s.id,
          'vpc-id': (s) => s.vpcId,
          'cidr-block': (s) => s.cidr,
          cidr: (s) => s.cidr,
          cidrBlock: (s) => s.cidr,
          'availability-zone': (s) => s.az,
          'availability-zone-id': (s) => s.azId,
          state: () => 'available',
          'map-public-ip-on-launch': (s) => s.mapPublicIpOnLaunch,
          'default-for-az': () => false,
          'owner-id': () => ctx.accountId,
          'available-ip-address-count': (s) => availableIpCount(st, s),
          'subnet-arn': (s) => `arn:aws:ec2:${ctx.region}:${ctx.accountId}:subnet/${s.id}`,
        },
        tags: (s) => tagsOf(st, s.id),
      });
      const { page, nextToken } = paginate(subnets, input.MaxResults, input.NextToken);
      return { Subnets: page.map((s) => subnetView(st, s, ctx.accountId, ctx.region)), NextToken: nextToken };
    },
    { readOnly: true },
  ),

  DeleteSubnet: ec2Op<{ SubnetId?: string }>((input, { st }) => {
    const subnet = getSubnet(st, input.SubnetId);
    if (Object.values(st.enis).some((e) => e.subnetId === subnet.id)) throw hasDependencies('subnet', subnet.id);
    for (const rtb of Object.values(st.routeTables)) rtb.associations = rtb.associations.filter((a) => a.subnetId !== subnet.id);
    for (const fl of Object.values(st.flowLogs)) if (fl.resourceId === subnet.id) delete st.flowLogs[fl.id];
    delete st.tags[subnet.id];
    delete st.subnets[subnet.id];
    return {};
  }),

  ModifySubnetAttribute: ec2Op<{ SubnetId?: string; MapPublicIpOnLaunch?: { Value?: boolean } }>((input, { st }) => {
    const subnet = getSubnet(st, input.SubnetId);
    if (input.MapPublicIpOnLaunch?.Value !== undefined) subnet.mapPublicIpOnLaunch = input.MapPublicIpOnLaunch.Value;
    return {};
  }),
};
