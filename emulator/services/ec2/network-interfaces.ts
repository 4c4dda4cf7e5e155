import { AwsError } from '../../framework/types';
import { privateDnsName, publicDnsName } from './addresses';
import { checkId, notFound } from './errors';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op } from './handler';
import { getEni, selectByIds } from './lookup';
import type { Ec2State, EniRec } from './state';
import { tagList, tagsOf } from './tags';

/**
 * Checks a security group list for an interface in `vpcId`: every group must exist and belong to
 * that VPC. Returns the ids without duplicates.
 */
export function checkGroupsForVpc(st: Ec2State, groupIds: string[], vpcId: string, subnetId?: string): string[] {
  if (groupIds.length === 0) throw new AwsError('InvalidParameterValue', 'Value () for parameter groupId is invalid. The value cannot be empty');
  for (const id of groupIds) {
    checkId('sg', id);
    const g = st.securityGroups[id];
    if (!g) throw notFound('sg', id);
    if (g.vpcId !== vpcId) {
      throw new AwsError(
        'InvalidParameter',
        subnetId ? `Security group ${id} and subnet ${subnetId} belong to different networks.` : `You have specified two resources that belong to different networks.`,
      );
    }
  }
  return [...new Set(groupIds)];
}

/** The public DNS name of an address, or '' when the VPC does not give DNS hostnames (as AWS shows it). */
export function publicDnsFor(st: Ec2State, eni: EniRec, region: string): string {
  return eni.publicIp && st.vpcs[eni.vpcId]?.enableDnsHostnames ? publicDnsName(eni.publicIp, region) : '';
}

/** The `GroupIdentifier[]` of an interface. */
export function groupIdentifiers(st: Ec2State, eni: EniRec) {
  return eni.groupIds.map((id) => ({ GroupId: id, GroupName: st.securityGroups[id]?.name }));
}

/** The SDK `NetworkInterface` shape (DescribeNetworkInterfaces). */
function eniView(st: Ec2State, eni: EniRec, ownerId: string, region: string) {
  const association = eni.publicIp ? { IpOwnerId: 'amazon', PublicDnsName: publicDnsFor(st, eni, region) || undefined, PublicIp: eni.publicIp } : undefined;
  const dns = privateDnsName(eni.privateIp, region);
  return {
    Association: association,
    Attachment: eni.attachment
      ? {
          AttachTime: new Date(eni.attachment.attachedAt),
          AttachmentId: eni.attachment.id,
          DeleteOnTermination: eni.attachment.deleteOnTermination,
          DeviceIndex: eni.attachment.deviceIndex,
          NetworkCardIndex: 0,
          InstanceId: eni.attachment.instanceId,
          InstanceOwnerId: ownerId,
          Status: 'attached',
        }
      : undefined,
    AvailabilityZone: eni.az,
    Description: eni.description,
    Groups: groupIdentifiers(st, eni),
    InterfaceType: 'interface',
    Ipv6Addresses: [],
    MacAddress: eni.macAddress,
    NetworkInterfaceId: eni.id,
    OwnerId: ownerId,
    PrivateDnsName: dns,
    PrivateIpAddress: eni.privateIp,
    PrivateIpAddresses: [{ Association: association, Primary: true, PrivateDnsName: dns, PrivateIpAddress: eni.privateIp }],
    Ipv4Prefixes: [],
    Ipv6Prefixes: [],
    RequesterId: undefined,
    RequesterManaged: false,
    SourceDestCheck: eni.sourceDestCheck,
    Status: eni.attachment ? 'in-use' : 'available',
    SubnetId: eni.subnetId,
    TagSet: tagList(st, eni.id) ?? [],
    VpcId: eni.vpcId,
  };
}

/** The SDK `InstanceNetworkInterface` shape (inside DescribeInstances). */
export function instanceEniView(st: Ec2State, eni: EniRec, ownerId: string, region: string) {
  const association = eni.publicIp ? { IpOwnerId: 'amazon', PublicDnsName: publicDnsFor(st, eni, region), PublicIp: eni.publicIp } : undefined;
  const dns = privateDnsName(eni.privateIp, region);
  return {
    Association: association,
    Attachment: eni.attachment
      ? {
          AttachTime: new Date(eni.attachment.attachedAt),
          AttachmentId: eni.attachment.id,
          DeleteOnTermination: eni.attachment.deleteOnTermination,
          DeviceIndex: eni.attachment.deviceIndex,
          Status: 'attached',
          NetworkCardIndex: 0,
        }
      : undefined,
    Description: eni.description,
    Groups: groupIdentifiers(st, eni),
    Ipv6Addresses: [],
    MacAddress: eni.macAddress,
    NetworkInterfaceId: eni.id,
    OwnerId: ownerId,
    PrivateDnsName: dns,
    PrivateIpAddress: eni.privateIp,
    PrivateIpAddresses: [{ Association: association, Primary: true, PrivateDnsName: dns, PrivateIpAddress: eni.privateIp }],
    SourceDestCheck: eni.sourceDestCheck,
    Status: 'in-use',
    SubnetId: eni.subnetId,
    VpcId: eni.vpcId,
    InterfaceType: 'interface',
  };
}

/** The network interface operations: DescribeNetworkInterfaces, ModifyNetworkInterfaceAttribute. */
export const networkInterfaceHandlers = {
  DescribeNetworkInterfaces: ec2Op<{ NetworkInterfaceIds?: string[]; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st, ctx }) => {
      const enis = applyFilters(selectByIds(st.enis, 'eni', input.NetworkInterfaceIds), input.Filters, {
        fields: {
          'network-interface-id': (e) => e.id,
          'subnet-id': (e) => e.subnetId,
          'vpc-id': (e) => e.vpcId,
          'availability-zone': (e) => e.az,
          'attachment.instance-id': (e) => e.attachment?.instanceId,
          'attachment.attachment-id': (e) => e.attachment?.id,
          'attachment.device-index': (e) => e.attachment?.deviceIndex,
          'attachment.status': (e) => (e.attachment ? 'attached' : undefined),
          'attachment.instance-owner-id': (e) => (e.attachment ? ctx.accountId : undefined),
          'group-id': (e) => e.groupIds,
          'group-name': (e) => e.groupIds.map((id) => st.securityGroups[id]?.name),
          'private-ip-address': (e) => e.privateIp,
          'addresses.private-ip-address': (e) => e.privateIp,
          'private-dns-name': (e) => privateDnsName(e.privateIp, ctx.region),
          'association.public-ip': (e) => e.publicIp,
          'mac-address': (e) => e.macAddress,
          status: (e) => (e.attachment ? 'in-use' : 'available'),
          'owner-id': () => ctx.accountId,
          description: (e) => e.description,
          'interface-type': () => 'interface',
          'source-dest-check': (e) => e.sourceDestCheck,
          'requester-managed': () => false,
        },
        tags: (e) => tagsOf(st, e.id),
      });
      const { page, nextToken } = paginate(enis, input.MaxResults, input.NextToken);
      return { NetworkInterfaces: page.map((e) => eniView(st, e, ctx.accountId, ctx.region)), NextToken: nextToken };
    },
    { readOnly: true },
  ),

  ModifyNetworkInterfaceAttribute: ec2Op<{
    NetworkInterfaceId?: string;
    Groups?: string[];
    SourceDestCheck?: { Value?: boolean };
    Description?: { Value?: string };
  }>((input, { st }) => {
    const eni = getEni(st, input.NetworkInterfaceId);
    if (input.Groups !== undefined) eni.groupIds = checkGroupsForVpc(st, input.Groups, eni.vpcId);
    if (input.SourceDestCheck?.Value !== undefined) eni.sourceDestCheck = input.SourceDestCheck.Value;
    if (input.Description?.Value !== undefined) eni.description = input.Description.Value;
    return {};
  }),
};
