import { ec2Id } from '../../../core/ids';
import { AwsError } from '../../framework/types';
import { checkId, missingParameter, notFound } from './errors';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op, type Ec2Call } from './handler';
import { getSecurityGroup, getVpc, selectByIds } from './lookup';
import {
  addRules, legacyPermissions, permissionsView, revokedView, ruleView, rulesFromPermissions, sameRule, type IpPermission,
} from './sg-rules';
import type { Ec2State, SecurityGroupRec, SgRuleRec } from './state';
import { setTags, tagList, tagsFromSpecs, tagsOf, type TagSpecification } from './tags';

/** Every new group allows all outbound traffic, as on AWS. */
function allowAllEgress(): SgRuleRec {
  return { id: ec2Id('sgr'), egress: true, protocol: '-1', fromPort: -1, toPort: -1, cidr: '0.0.0.0/0' };
}

/** Creates a VPC's `default` group: all traffic in from members of the group, all traffic out. */
export function createDefaultSecurityGroup(st: Ec2State, vpcId: string, ownerId: string): SecurityGroupRec {
  const id = ec2Id('sg');
  const group: SecurityGroupRec = {
    id,
    name: 'default',
    description: 'default VPC security group',
    vpcId,
    rules: [{ id: ec2Id('sgr'), egress: false, protocol: '-1', fromPort: -1, toPort: -1, groupId: id, userId: ownerId }, allowAllEgress()],
  };
  st.securityGroups[id] = group;
  return group;
}

/** The SDK `SecurityGroup` shape of a record. */
function groupView(st: Ec2State, g: SecurityGroupRec, ownerId: string, region: string) {
  return {
    GroupId: g.id,
    GroupName: g.name,
    Description: g.description,
    VpcId: g.vpcId,
    OwnerId: ownerId,
    SecurityGroupArn: `arn:aws:ec2:${region}:${ownerId}:security-group/${g.id}`,
    IpPermissions: permissionsView(g.rules.filter((r) => !r.egress)),
    IpPermissionsEgress: permissionsView(g.rules.filter((r) => r.egress)),
    Tags: tagList(st, g.id),
  };
}

/**
 * Resolves a group by id or name. Names are unique only per VPC; without a default VPC the
 * emulator accepts a name that is unique in the region (AWS would look only in the default VPC).
 */
export function resolveGroup(st: Ec2State, id?: string, name?: string): SecurityGroupRec {
  if (id) return getSecurityGroup(st, id);
  if (!name) throw missingParameter('groupId');
  const found = Object.values(st.securityGroups).filter((g) => g.name === name);
  if (found.length !== 1) throw notFound('sg', name);
  return found[0];
}

interface AuthorizeInput {
  GroupId?: string;
  GroupName?: string;
  IpPermissions?: IpPermission[];
  CidrIp?: string;
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  SourceSecurityGroupName?: string;
  TagSpecifications?: TagSpecification[];
  SecurityGroupRuleIds?: string[];
}

function authorize(egress: boolean) {
  return ec2Op<AuthorizeInput>((input, { st, ctx }) => {
    const group = resolveGroup(st, input.GroupId, input.GroupName);
    const perms = [...(input.IpPermissions ?? []), ...legacyPermissions(input)];
    if (perms.length === 0) throw missingParameter('ipPermissions');
    const tags = tagsFromSpecs(input.TagSpecifications, ['security-group-rule']);
    const added = addRules(group, rulesFromPermissions(st, group, egress, perms, ctx.accountId));
    for (const r of added) setTags(st, r.id, tags['security-group-rule']);
    return { Return: true, SecurityGroupRules: added.map((r) => ruleView(st, group, r, ctx.accountId, ctx.region)) };
  });
}

function revoke(egress: boolean) {
  return ec2Op<AuthorizeInput>((input, { st, ctx }) => {
    const group = resolveGroup(st, input.GroupId, input.GroupName);
    const removed: SgRuleRec[] = [];
    const unknown: IpPermission[] = [];
    if (input.SecurityGroupRuleIds?.length) {
      for (const id of input.SecurityGroupRuleIds) {
        const rule = group.rules.find((r) => r.id === id && r.egress === egress);
        if (!rule) throw new AwsError('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
        removed.push(rule);
      }
    } else {
      const perms = [...(input.IpPermissions ?? []), ...legacyPermissions(input)];
      if (perms.length === 0) throw missingParameter('ipPermissions');
      for (const perm of perms) {
        for (const wanted of rulesFromPermissions(st, group, egress, [perm], ctx.accountId)) {
          const rule = group.rules.find((r) => sameRule(r, wanted));
          if (rule) removed.push(rule);
          else unknown.push(perm);
        }
      }
      if (removed.length === 0) {
        throw new AwsError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
      }
    }
    group.rules = group.rules.filter((r) => !removed.includes(r));
    for (const r of removed) delete st.tags[r.id];
    return {
      Return: true,
      UnknownIpPermissions: unknown.length ? unknown : undefined,
      RevokedSecurityGroupRules: removed.map((r) => revokedView(group, r)),
    };
  });
}

/** Filters of DescribeSecurityGroups. */
function groupFilters(st: Ec2State, ownerId: string) {
  const inbound = (g: SecurityGroupRec) => g.rules.filter((r) => !r.egress);
  const outbound = (g: SecurityGroupRec) => g.rules.filter((r) => r.egress);
  return {
    fields: {
      'group-id': (g: SecurityGroupRec) => g.id,
      'group-name': (g: SecurityGroupRec) => g.name,
      description: (g: SecurityGroupRec) => g.description,
      'vpc-id': (g: SecurityGroupRec) => g.vpcId,
      'owner-id': () => ownerId,
      'ip-permission.cidr': (g: SecurityGroupRec) => inbound(g).map((r) => r.cidr),
      'ip-permission.from-port': (g: SecurityGroupRec) => inbound(g).map((r) => r.fromPort),
      'ip-permission.to-port': (g: SecurityGroupRec) => inbound(g).map((r) => r.toPort),
      'ip-permission.protocol': (g: SecurityGroupRec) => inbound(g).map((r) => r.protocol),
      'ip-permission.group-id': (g: SecurityGroupRec) => inbound(g).map((r) => r.groupId),
      'egress.ip-permission.cidr': (g: SecurityGroupRec) => outbound(g).map((r) => r.cidr),
      'egress.ip-permission.from-port': (g: SecurityGroupRec) => outbound(g).map((r) => r.fromPort),
      'egress.ip-permission.to-port': (g: SecurityGroupRec) => outbound(g).map((r) => r.toPort),
      'egress.ip-permission.protocol': (g: SecurityGroupRec) => outbound(g).map((r) => r.protocol),
      'egress.ip-permission.group-id': (g: SecurityGroupRec) => outbound(g).map((r) => r.groupId),
    },
    tags: (g: SecurityGroupRec) => tagsOf(st, g.id),
  };
}

/** True when anything still uses the group: a network interface, or another group's rule. */
function groupInUse(st: Ec2State, group: SecurityGroupRec): boolean {
  if (Object.values(st.enis).some((e) => e.groupIds.includes(group.id))) return true;
  return Object.values(st.securityGroups).some((g) => g.id !== group.id && g.rules.some((r) => r.groupId === group.id));
}

function createGroup(input: { GroupName?: string; Description?: string; VpcId?: string; TagSpecifications?: TagSpecification[] }, { st, ctx }: Ec2Call) {
  if (!input.GroupName) throw missingParameter('groupName');
  if (input.Description === undefined) throw missingParameter('groupDescription');
  if (/^sg-/i.test(input.GroupName)) throw new AwsError('InvalidParameterValue', 'Group names may not be in the format sg-*.');
  if (input.GroupName.length > 255 || input.Description.length > 255) {
    throw new AwsError('InvalidParameterValue', 'Group name and description must be at most 255 characters long.');
  }
  if (!input.VpcId) throw new AwsError('VPCIdNotSpecified', 'No default VPC for this user');
  const vpc = getVpc(st, input.VpcId);
  if (Object.values(st.securityGroups).some((g) => g.vpcId === vpc.id && g.name === input.GroupName)) {
    throw new AwsError('InvalidGroup.Duplicate', `The security group '${input.GroupName}' already exists for VPC '${vpc.id}'`);
  }
  const tags = tagsFromSpecs(input.TagSpecifications, ['security-group']);
  const group: SecurityGroupRec = { id: ec2Id('sg'), name: input.GroupName, description: input.Description, vpcId: vpc.id, rules: [allowAllEgress()] };
  st.securityGroups[group.id] = group;
  setTags(st, group.id, tags['security-group']);
  return { GroupId: group.id, Tags: tagList(st, group.id), SecurityGroupArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:security-group/${group.id}` };
}

/** The security group operations. */
export const securityGroupHandlers = {
  CreateSecurityGroup: ec2Op(createGroup),

  DescribeSecurityGroups: ec2Op<{ GroupIds?: string[]; GroupNames?: string[]; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st, ctx }) => {
      let groups = selectByIds(st.securityGroups, 'sg', input.GroupIds);
      if (input.GroupNames?.length) {
        const missing = input.GroupNames.filter((n) => !groups.some((g) => g.name === n));
        if (missing.length) throw notFound('sg', missing);
        groups = groups.filter((g) => input.GroupNames!.includes(g.name));
      }
      const matching = applyFilters(groups, input.Filters, groupFilters(st, ctx.accountId));
      const { page, nextToken } = paginate(matching, input.MaxResults, input.NextToken);
      return { SecurityGroups: page.map((g) => groupView(st, g, ctx.accountId, ctx.region)), NextToken: nextToken };
    },
    { readOnly: true },
  ),

  DeleteSecurityGroup: ec2Op<{ GroupId?: string; GroupName?: string }>((input, { st }) => {
    const group = resolveGroup(st, input.GroupId, input.GroupName);
    if (group.name === 'default') {
      throw new AwsError('CannotDelete', `the specified group: "${group.id}" name: "default" cannot be deleted by a user`);
    }
    if (groupInUse(st, group)) throw new AwsError('DependencyViolation', `resource ${group.id} has a dependent object`);
    for (const r of group.rules) delete st.tags[r.id];
    delete st.tags[group.id];
    delete st.securityGroups[group.id];
    return { Return: true, GroupId: group.id };
  }),

  AuthorizeSecurityGroupIngress: authorize(false),
  AuthorizeSecurityGroupEgress: authorize(true),
  RevokeSecurityGroupIngress: revoke(false),
  RevokeSecurityGroupEgress: revoke(true),

  DescribeSecurityGroupRules: ec2Op<{ SecurityGroupRuleIds?: string[]; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st, ctx }) => {
      let rows = Object.values(st.securityGroups).flatMap((g) => g.rules.map((r) => ({ g, r })));
      if (input.SecurityGroupRuleIds?.length) {
        for (const id of input.SecurityGroupRuleIds) {
          checkId('sgr', id);
          if (!rows.some((x) => x.r.id === id)) throw new AwsError('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
        }
        rows = rows.filter((x) => input.SecurityGroupRuleIds!.includes(x.r.id));
      }
      const matching = applyFilters(rows, input.Filters, {
        fields: {
          'group-id': (x) => x.g.id,
          'security-group-rule-id': (x) => x.r.id,
          'is-egress': (x) => x.r.egress,
        },
        tags: (x) => tagsOf(st, x.r.id),
      });
      const { page, nextToken } = paginate(matching, input.MaxResults, input.NextToken);
      return { SecurityGroupRules: page.map((x) => ruleView(st, x.g, x.r, ctx.accountId, ctx.region)), NextToken: nextToken };
    },
    { readOnly: true },
  ),
};
