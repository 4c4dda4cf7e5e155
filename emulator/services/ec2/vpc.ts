import { ec2Id } from '../../../core/ids';
import { AwsError } from '../../framework/types';
import { parseCidr } from './cidr';
import { hasDependencies } from './errors';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op } from './handler';
import { getVpc, selectByIds } from './lookup';
import { createMainRouteTable } from './route-tables';
import { createDefaultSecurityGroup } from './security-groups';
import type { Ec2State, VpcRec } from './state';
import { setTags, tagList, tagsFromSpecs, tagsOf, type TagSpecification } from './tags';

type Bool = { Value?: boolean };

/** The SDK `Vpc` shape of a record. */
function vpcView(st: Ec2State, vpc: VpcRec, ownerId: string, state: 'pending' | 'available' = 'available') {
  return {
    OwnerId: ownerId,
    InstanceTenancy: 'default',
    CidrBlockAssociationSet: [{ AssociationId: vpc.cidrAssociationId, CidrBlock: vpc.cidr, CidrBlockState: { State: 'associated' } }],
    IsDefault: false,
    Tags: tagList(st, vpc.id),
    VpcId: vpc.id,
    State: state,
    CidrBlock: vpc.cidr,
    DhcpOptionsId: vpc.dhcpOptionsId,
  };
}

/** The VPC operations: CreateVpc, DescribeVpcs, DeleteVpc, ModifyVpcAttribute, DescribeVpcAttribute. */
export const vpcHandlers = {
  CreateVpc: ec2Op<{ CidrBlock?: string; TagSpecifications?: TagSpecification[]; InstanceTenancy?: string; AmazonProvidedIpv6CidrBlock?: boolean }>(
    (input, { st, ctx, now }) => {
      if (!input.CidrBlock) throw new AwsError('MissingParameter', 'Either \'cidrBlock\' or \'ipv4IpamPoolId\' should be provided.');
      const block = parseCidr(input.CidrBlock);
      if (!block) {
        throw new AwsError('InvalidParameterValue', `Value (${input.CidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
      }
      // AWS allows VPC blocks from /16 to /28.
      if (block.prefix < 16 || block.prefix > 28) throw new AwsError('InvalidVpc.Range', `The CIDR '${input.CidrBlock}' is invalid.`);
      const tags = tagsFromSpecs(input.TagSpecifications, ['vpc']);
      st.dhcpOptionsId ??= ec2Id('dopt');
      const vpc: VpcRec = {
        id: ec2Id('vpc'),
        cidr: input.CidrBlock,
        cidrAssociationId: ec2Id('vpc-cidr-assoc'),
        dhcpOptionsId: st.dhcpOptionsId,
        enableDnsSupport: true,
        enableDnsHostnames: false,
        enableNetworkAddressUsageMetrics: false,
        defaultSecurityGroupId: '',
        mainRouteTableId: '',
        createdAt: now,
      };
      st.vpcs[vpc.id] = vpc;
      vpc.defaultSecurityGroupId = createDefaultSecurityGroup(st, vpc.id, ctx.accountId).id;
      vpc.mainRouteTableId = createMainRouteTable(st, vpc).id;
      setTags(st, vpc.id, tags.vpc);
      // AWS answers CreateVpc with the VPC still pending; it is available when next described.
      return { Vpc: vpcView(st, vpc, ctx.accountId, 'pending') };
    },
  ),

  DescribeVpcs: ec2Op<{ VpcIds?: string[]; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st, ctx }) => {
      const vpcs = applyFilters(selectByIds(st.vpcs, 'vpc', input.VpcIds), input.Filters, {
        fields: {
          'vpc-id': (v) => v.id,
          cidr: (v) => v.cidr,
          'cidr-block-association.cidr-block': (v) => v.cidr,
          'cidr-block-association.association-id': (v) => v.cidrAssociationId,
          'cidr-block-association.state': () => 'associated',
          state: () => 'available',
          'owner-id': () => ctx.accountId,
          'is-default': () => false,
          'dhcp-options-id': (v) => v.dhcpOptionsId,
        },
        tags: (v) => tagsOf(st, v.id),
      });
      const { page, nextToken } = paginate(vpcs, input.MaxResults, input.NextToken);
      return { Vpcs: page.map((v) => vpcView(st, v, ctx.accountId)), NextToken: nextToken };
    },
    { readOnly: true },
  ),

  DeleteVpc: ec2Op<{ VpcId?: string }>((input, { st }) => {
    const vpc = getVpc(st, input.VpcId);
    const inVpc = <T extends { vpcId?: string }>(table: Record<string, T>) => Object.values(table).some((r) => r.vpcId === vpc.id);
    const blocked =
      inVpc(st.subnets) ||
      inVpc(st.igws) ||
      inVpc(st.enis) ||
      Object.values(st.securityGroups).some((g) => g.vpcId === vpc.id && g.id !== vpc.defaultSecurityGroupId) ||
      Object.values(st.routeTables).some((r) => r.vpcId === vpc.id && r.id !== vpc.mainRouteTableId);
    if (blocked) throw hasDependencies('vpc', vpc.id);
    for (const id of [vpc.defaultSecurityGroupId, vpc.mainRouteTableId, vpc.id]) delete st.tags[id];
    delete st.securityGroups[vpc.defaultSecurityGroupId];
    delete st.routeTables[vpc.mainRouteTableId];
    // A flow log goes with the resource it watches.
    for (const fl of Object.values(st.flowLogs)) if (fl.resourceId === vpc.id) delete st.flowLogs[fl.id];
    delete st.vpcs[vpc.id];
    return {};
  }),

  ModifyVpcAttribute: ec2Op<{ VpcId?: string; EnableDnsSupport?: Bool; EnableDnsHostnames?: Bool; EnableNetworkAddressUsageMetrics?: Bool }>(
    (input, { st }) => {
      const vpc = getVpc(st, input.VpcId);
      const given = [input.EnableDnsSupport, input.EnableDnsHostnames, input.EnableNetworkAddressUsageMetrics].filter((x) => x?.Value !== undefined);
      if (given.length !== 1) {
        throw new AwsError('InvalidParameterCombination', 'Exactly one attribute must be specified in a ModifyVpcAttribute request.');
      }
      const hostnames = input.EnableDnsHostnames?.Value ?? vpc.enableDnsHostnames;
      const support = input.EnableDnsSupport?.Value ?? vpc.enableDnsSupport;
      if (hostnames && !support) {
        throw new AwsError('InvalidParameterValue', 'Cannot enable DNS hostnames when DNS support is disabled.');
      }
      vpc.enableDnsHostnames = hostnames;
      vpc.enableDnsSupport = support;
      vpc.enableNetworkAddressUsageMetrics = input.EnableNetworkAddressUsageMetrics?.Value ?? vpc.enableNetworkAddressUsageMetrics;
      return {};
    },
  ),

  DescribeVpcAttribute: ec2Op<{ VpcId?: string; Attribute?: string }>(
    (input, { st }) => {
      const vpc = getVpc(st, input.VpcId);
      switch (input.Attribute) {
        case 'enableDnsSupport':
          return { VpcId: vpc.id, EnableDnsSupport: { Value: vpc.enableDnsSupport } };
        case 'enableDnsHostnames':
          return { VpcId: vpc.id, EnableDnsHostnames: { Value: vpc.enableDnsHostnames } };
        case 'enableNetworkAddressUsageMetrics':
          return { VpcId: vpc.id, EnableNetworkAddressUsageMetrics: { Value: vpc.enableNetworkAddressUsageMetrics } };
        default:
          throw new AwsError('InvalidParameterValue', `Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
      }
    },
    { readOnly: true },
  ),
};
