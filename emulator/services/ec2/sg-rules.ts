import { ec2Id } from '../../../core/ids';
import { AwsError } from '../../framework/types';
import { parseCidr } from './cidr';
import { getSecurityGroup } from './lookup';
import type { Ec2State, SecurityGroupRec, SgRuleRec } from './state';
import { tagList } from './tags';

/** An `IpPermission` as the SDK shapes it. */
export interface IpPermission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: Array<{ CidrIp?: string; Description?: string }>;
  Ipv6Ranges?: Array<{ CidrIpv6?: string; Description?: string }>;
  UserIdGroupPairs?: Array<{ GroupId?: string; GroupName?: string; UserId?: string; Description?: string }>;
  PrefixListIds?: Array<{ PrefixListId?: string }>;
}

const PROTOCOL_NAMES: Record<string, string> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', icmp: 'icmp', '1': 'icmp', icmpv6: 'icmpv6', '58': 'icmpv6', '-1': '-1', all: '-1' };

/** Normalises an IpProtocol the way EC2 stores it: names for tcp/udp/icmp, `-1` for all, else the number. */
export function normalizeProtocol(value: string | number | undefined): string {
  const text = String(value ?? '').toLowerCase();
  if (text in PROTOCOL_NAMES) return PROTOCOL_NAMES[text];
  if (/^\d+$/.test(text) && Number(text) <= 255) return String(Number(text));
  throw new AwsError('InvalidParameterValue', `Invalid value '${value}' for IP protocol. Unknown protocol.`);
}

/** Checks and normalises the port range of one permission. */
function portRange(protocol: string, from: number | undefined, to: number | undefined): [number, number] {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined || to === undefined) {
      throw new AwsError('InvalidParameterValue', 'Invalid value \'Must specify both from and to ports with TCP/UDP.\' for portRange.');
    }
    if (from < 0 || to > 65535 || from > to) {
      throw new AwsError('InvalidParameterValue', `Invalid TCP/UDP port range (${from} - ${to}).`);
    }
    return [from, to];
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    // For ICMP the "ports" are the ICMP type and code; -1 means all.
    const type = from ?? -1;
    const code = to ?? -1;
    if (type < -1 || type > 255 || code < -1 || code > 255) {
      throw new AwsError('InvalidParameterValue', `Invalid value for portRange. ICMP type (${type}) and code (${code}) must be between -1 and 255.`);
    }
    return [type, code];
  }
  return [-1, -1];
}

/** Expands the request's permissions into flat rules (one per CIDR or referenced group), validated. */
export function rulesFromPermissions(st: Ec2State, group: SecurityGroupRec, egress: boolean, perms: IpPermission[], ownerId: string): SgRuleRec[] {
  const rules: SgRuleRec[] = [];
  for (const p of perms) {
    const protocol = normalizeProtocol(p.IpProtocol);
    const [fromPort, toPort] = portRange(protocol, p.FromPort, p.ToPort);
    const base = { id: '', egress, protocol, fromPort, toPort };
    for (const r of p.IpRanges ?? []) {
      if (!r.CidrIp || !parseCidr(r.CidrIp, false)) {
        throw new AwsError('InvalidParameterValue', `CIDR block ${r.CidrIp} is malformed`);
      }
      rules.push({ ...base, cidr: r.CidrIp, description: r.Description });
    }
    for (const r of p.Ipv6Ranges ?? []) {
      if (!r.CidrIpv6 || !/^[0-9a-fA-F:]+\/\d{1,3}$/.test(r.CidrIpv6)) {
        throw new AwsError('InvalidParameterValue', `CIDR block ${r.CidrIpv6} is malformed`);
      }
      rules.push({ ...base, cidrV6: r.CidrIpv6, description: r.Description });
    }
    for (const pair of p.UserIdGroupPairs ?? []) {
      const peer = pair.GroupId
        ? getSecurityGroup(st, pair.GroupId)
        : Object.values(st.securityGroups).find((g) => g.vpcId === group.vpcId && g.name === pair.GroupName);
      if (!peer) throw new AwsError('InvalidGroup.NotFound', `The security group '${pair.GroupName}' does not exist`);
      if (peer.vpcId !== group.vpcId) {
        throw new AwsError('InvalidGroup.NotFound', `You have specified two resources that belong to different networks.`);
      }
      rules.push({ ...base, groupId: peer.id, userId: pair.UserId ?? ownerId, description: pair.Description });
    }
    if ((p.PrefixListIds ?? []).length > 0) {
      throw new AwsError('InvalidParameterValue', 'Prefix lists are not supported by this emulator.');
    }
  }
  return rules;
}

/** The permissions of the legacy top-level form (`CidrIp`, `IpProtocol`, `FromPort`, `ToPort`, `SourceSecurityGroupName`). */
export function legacyPermissions(input: {
  CidrIp?: string;
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  SourceSecurityGroupName?: string;
}): IpPermission[] {
  if (input.CidrIp) return [{ IpProtocol: input.IpProtocol ?? '-1', FromPort: input.FromPort, ToPort: input.ToPort, IpRanges: [{ CidrIp: input.CidrIp }] }];
  if (input.SourceSecurityGroupName) {
    return [{ IpProtocol: input.IpProtocol ?? '-1', FromPort: input.FromPort, ToPort: input.ToPort, UserIdGroupPairs: [{ GroupName: input.SourceSecurityGroupName }] }];
  }
  return [];
}

/** Two rules are the same when everything but id and description matches. */
export function sameRule(a: SgRuleRec, b: SgRuleRec): boolean {
  return (
    a.egress === b.egress &&
    a.protocol === b.protocol &&
    a.fromPort === b.fromPort &&
    a.toPort === b.toPort &&
    a.cidr === b.cidr &&
    a.cidrV6 === b.cidrV6 &&
    a.groupId === b.groupId
  );
}

/** AWS's description of a rule in the InvalidPermission.Duplicate message. */
export function describeRule(r: SgRuleRec): string {
  const peer = r.cidr ?? r.cidrV6 ?? r.groupId;
  const proto = r.protocol === '-1' ? 'ALL' : r.protocol.toUpperCase();
  const ports =
    r.protocol === '-1' ? '' : r.protocol.startsWith('icmp') ? `, type: ${r.fromPort}, code: ${r.toPort}` : `, from port: ${r.fromPort}, to port: ${r.toPort}`;
  return `peer: ${peer}, ${proto}${ports}, ALLOW`;
}

/** Adds rules to a group, refusing duplicates (of existing rules or within the request). */
export function addRules(group: SecurityGroupRec, rules: SgRuleRec[]): SgRuleRec[] {
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (group.rules.some((x) => sameRule(x, r)) || rules.slice(0, i).some((x) => sameRule(x, r))) {
      throw new AwsError('InvalidPermission.Duplicate', `the specified rule "${describeRule(r)}" already exists`);
    }
  }
  for (const r of rules) r.id = ec2Id('sgr');
  group.rules.push(...rules);
  return rules;
}

/** Groups a security group's rules into the `IpPermission[]` DescribeSecurityGroups shows. */
export function permissionsView(rules: SgRuleRec[]): IpPermission[] {
  const byKey = new Map<string, IpPermission>();
  for (const r of rules) {
    const key = `${r.protocol}|${r.fromPort}|${r.toPort}`;
    let p = byKey.get(key);
    if (!p) {
      p = { IpProtocol: r.protocol, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
      if (r.protocol !== '-1') {
        p.FromPort = r.fromPort;
        p.ToPort = r.toPort;
      }
      byKey.set(key, p);
    }
    if (r.cidr) p.IpRanges!.push({ CidrIp: r.cidr, Description: r.description });
    if (r.cidrV6) p.Ipv6Ranges!.push({ CidrIpv6: r.cidrV6, Description: r.description });
    if (r.groupId) p.UserIdGroupPairs!.push({ GroupId: r.groupId, UserId: r.userId, Description: r.description });
  }
  return [...byKey.values()];
}

/** The SDK `SecurityGroupRule` shape of a rule. */
export function ruleView(st: Ec2State, group: SecurityGroupRec, r: SgRuleRec, ownerId: string, region: string) {
  return {
    SecurityGroupRuleId: r.id,
    GroupId: group.id,
    GroupOwnerId: ownerId,
    IsEgress: r.egress,
    IpProtocol: r.protocol,
    FromPort: r.fromPort,
    ToPort: r.toPort,
    CidrIpv4: r.cidr,
    CidrIpv6: r.cidrV6,
    ReferencedGroupInfo: r.groupId ? { GroupId: r.groupId, UserId: r.userId } : undefined,
    Description: r.description,
    Tags: tagList(st, r.id) ?? [],
    SecurityGroupRuleArn: `arn:aws:ec2:${region}:${ownerId}:security-group-rule/${r.id}`,
  };
}

/** The SDK `RevokedSecurityGroupRule` shape of a removed rule. */
export function revokedView(group: SecurityGroupRec, r: SgRuleRec) {
  return {
    SecurityGroupRuleId: r.id,
    GroupId: group.id,
    IsEgress: r.egress,
    IpProtocol: r.protocol,
    FromPort: r.fromPort,
    ToPort: r.toPort,
    CidrIpv4: r.cidr,
    CidrIpv6: r.cidrV6,
    ReferencedGroupId: r.groupId,
    Description: r.description,
  };
}
