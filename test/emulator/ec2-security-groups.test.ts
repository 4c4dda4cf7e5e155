import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { startEc2Emulator } from './ec2-fixture';
import { failureSummary, type TestEmulator } from './helpers';

const ALL_OUT = {
  IpProtocol: '-1',
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
  Ipv6Ranges: [],
  PrefixListIds: [],
  UserIdGroupPairs: [],
};

describe('EC2 security groups through the real SDK', () => {
  let emu: TestEmulator;
  let ec2: EC2Client;
  let vpcId: string;
  beforeAll(async () => {
    ({ emu, ec2 } = await startEc2Emulator());
    vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  });
  afterAll(() => emu.stop());

  async function group(name: string, description = `${name} group`) {
    const out = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: description, VpcId: vpcId }));
    return out.GroupId!;
  }

  it('has the VPC default group: all in from itself, all out', async () => {
    const out = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }));
    expect(out.SecurityGroups).toHaveLength(1);
    const g = out.SecurityGroups![0];
    expect(g).toMatchObject({ GroupName: 'default', Description: 'default VPC security group', VpcId: vpcId, OwnerId: '000000000000' });
    expect(g.IpPermissions).toEqual([
      { IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: g.GroupId, UserId: '000000000000' }] },
    ]);
    expect(g.IpPermissionsEgress).toEqual([ALL_OUT]);
    expect(await failureSummary(ec2.send(new DeleteSecurityGroupCommand({ GroupId: g.GroupId })))).toMatchObject({
      name: 'CannotDelete',
      message: `the specified group: "${g.GroupId}" name: "default" cannot be deleted by a user`,
    });
  });

  it('builds the lab groups: SSH+HTTP from anywhere, and HTTP only', async () => {
    const created = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'SecurityGroupHTTPAndSSH',
        Description: 'Allow HTTP and SSH',
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'Name', Value: 'http-ssh' }] }],
      }),
    );
    const sshId = created.GroupId!;
    expect(sshId).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(created.SecurityGroupArn).toBe(`arn:aws:ec2:us-east-1:000000000000:security-group/${sshId}`);
    expect(created.Tags).toEqual([{ Key: 'Name', Value: 'http-ssh' }]);
    const auth = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: sshId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'SSH' }] },
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      }),
    );
    expect(auth.Return).toBe(true);
    expect(auth.SecurityGroupRules).toHaveLength(2);
    expect(auth.SecurityGroupRules![0]).toEqual({
      SecurityGroupRuleId: expect.stringMatching(/^sgr-[0-9a-f]{17}$/),
      GroupId: sshId,
      GroupOwnerId: '000000000000',
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIpv4: '0.0.0.0/0',
      Description: 'SSH',
      Tags: [],
      SecurityGroupRuleArn: `arn:aws:ec2:us-east-1:000000000000:security-group-rule/${auth.SecurityGroupRules![0].SecurityGroupRuleId}`,
    });

    const httpId = await group('SecurityGroupHTTPOnly', 'Allow HTTP only');
    // The legacy top-level form and a protocol number work too ("6" is tcp).
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: httpId, IpProtocol: '6', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }));

    const out = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [sshId, httpId] }));
    const byName = Object.fromEntries(out.SecurityGroups!.map((g) => [g.GroupName, g]));
    expect(byName.SecurityGroupHTTPAndSSH.IpPermissions).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'SSH' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
    ]);
    expect(byName.SecurityGroupHTTPAndSSH.IpPermissionsEgress).toEqual([ALL_OUT]);
    expect(byName.SecurityGroupHTTPOnly.IpPermissions).toEqual([
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
    ]);
    expect(byName.SecurityGroupHTTPOnly).toMatchObject({ Description: 'Allow HTTP only', VpcId: vpcId });

    // Lookups by name, by filter on a port, and by tag.
    const named = await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['SecurityGroupHTTPOnly'] }));
    expect(named.SecurityGroups!.map((g) => g.GroupId)).toEqual([httpId]);
    const sshCapable = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'ip-permission.from-port', Values: ['22'] }] }),
    );
    expect(sshCapable.SecurityGroups!.map((g) => g.GroupId)).toEqual([sshId]);
    const tagged = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:Name', Values: ['http-*'] }] }));
    expect(tagged.SecurityGroups!.map((g) => g.GroupName)).toEqual(['SecurityGroupHTTPAndSSH']);
  });

  it('lists rules with DescribeSecurityGroupRules, filtered by group', async () => {
    const id = await group('rules-listing');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.0/16' }, { CidrIp: '192.168.0.0/24' }] }],
        TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'Purpose', Value: 'dns' }] }],
      }),
    );
    const out = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [id] }] }));
    const rules = out.SecurityGroupRules!;
    expect(rules.map((r) => [r.IsEgress, r.IpProtocol, r.FromPort, r.ToPort, r.CidrIpv4])).toEqual([
      [true, '-1', -1, -1, '0.0.0.0/0'],
      [false, 'udp', 53, 53, '10.0.0.0/16'],
      [false, 'udp', 53, 53, '192.168.0.0/24'],
    ]);
    expect(rules[1].Tags).toEqual([{ Key: 'Purpose', Value: 'dns' }]);
    const one = await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [rules[2].SecurityGroupRuleId!] }));
    expect(one.SecurityGroupRules!.map((r) => r.CidrIpv4)).toEqual(['192.168.0.0/24']);
    const tagged = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'tag:Purpose', Values: ['dns'] }] }));
    expect(tagged.SecurityGroupRules).toHaveLength(2);
  });

  it('accepts icmp, all-traffic and group references; the rule shows the referenced group', async () => {
    const id = await group('mixed');
    const peer = await group('peer');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [
          { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: peer }] },
        ],
      }),
    );
    const g = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups![0];
    expect(g.IpPermissions).toEqual([
      { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
      { IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: peer, UserId: '000000000000' }] },
    ]);
    const rules = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [id] }] }));
    expect(rules.SecurityGroupRules!.find((r) => r.ReferencedGroupInfo)?.ReferencedGroupInfo).toEqual({ GroupId: peer, UserId: '000000000000' });
    // A group referenced by another group's rule cannot be deleted.
    expect(await failureSummary(ec2.send(new DeleteSecurityGroupCommand({ GroupId: peer })))).toMatchObject({
      name: 'DependencyViolation',
      message: `resource ${peer} has a dependent object`,
    });
  });

  it('refuses duplicate rules, bad protocols and port ranges', async () => {
    const id = await group('dupes');
    const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [ssh] }));
    expect(await failureSummary(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [ssh] })))).toEqual({
      name: 'InvalidPermission.Duplicate',
      message: 'the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already exists',
      status: 400,
    });
    expect(
      await failureSummary(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))),
    ).toMatchObject({ name: 'InvalidPermission.Duplicate', message: 'the specified rule "peer: 0.0.0.0/0, ALL, ALLOW" already exists' });
    expect(
      await failureSummary(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcpx', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))),
    ).toMatchObject({ name: 'InvalidParameterValue', message: "Invalid value 'tcpx' for IP protocol. Unknown protocol." });
    expect(
      await failureSummary(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 90, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))),
    ).toMatchObject({ name: 'InvalidParameterValue' });
    expect(
      await failureSummary(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0/8' }] }] }))),
    ).toMatchObject({ name: 'InvalidParameterValue', message: 'CIDR block 10.0.0/8 is malformed' });
    const g = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups![0];
    expect(g.IpPermissions).toHaveLength(1);
  });

  it('revokes by permission and by rule id; revoking what is not there fails', async () => {
    const id = await group('revoking');
    const perms = [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ];
    const added = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: perms }));
    const revoked = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [perms[0]] }));
    expect(revoked.Return).toBe(true);
    expect(revoked.RevokedSecurityGroupRules).toEqual([
      { SecurityGroupRuleId: added.SecurityGroupRules![0].SecurityGroupRuleId, GroupId: id, IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' },
    ]);
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, SecurityGroupRuleIds: [added.SecurityGroupRules![1].SecurityGroupRuleId!] }));
    const egress = await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    expect(egress.RevokedSecurityGroupRules).toHaveLength(1);
    const g = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups![0];
    expect(g.IpPermissions).toEqual([]);
    expect(g.IpPermissionsEgress).toEqual([]);
    expect(await failureSummary(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [perms[0]] })))).toMatchObject({
      name: 'InvalidPermission.NotFound',
      message: 'The specified rule does not exist in this security group.',
    });
  });

  it('refuses duplicate names in a VPC, sg-* names, a missing VPC; reports unknown groups', async () => {
    await group('unique-name');
    expect(await failureSummary(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'unique-name', Description: 'again', VpcId: vpcId })))).toEqual({
      name: 'InvalidGroup.Duplicate',
      message: `The security group 'unique-name' already exists for VPC '${vpcId}'`,
      status: 400,
    });
    // The same name in another VPC is fine.
    const other = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'unique-name', Description: 'again', VpcId: other }));
    expect(await failureSummary(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'sg-nope', Description: 'x', VpcId: vpcId })))).toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Group names may not be in the format sg-*.',
    });
    expect(await failureSummary(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'no-vpc', Description: 'x' })))).toMatchObject({ name: 'VPCIdNotSpecified' });
    expect(await failureSummary(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-123'] })))).toEqual({
      name: 'InvalidGroup.NotFound',
      message: "The security group 'sg-123' does not exist",
      status: 400,
    });
    expect(await failureSummary(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['group-1'] })))).toMatchObject({ name: 'InvalidGroupId.Malformed' });
    expect(await failureSummary(ec2.send(new DeleteSecurityGroupCommand({ GroupId: 'sg-0123456789abcdef0' })))).toMatchObject({ name: 'InvalidGroup.NotFound' });
  });

  it('deletes an unused group, and DryRun deletes nothing', async () => {
    const id = await group('short-lived');
    expect(await failureSummary(ec2.send(new DeleteSecurityGroupCommand({ GroupId: id, DryRun: true })))).toMatchObject({ name: 'DryRunOperation', status: 412 });
    const out = await ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }));
    expect(out).toMatchObject({ Return: true, GroupId: id });
    expect(await failureSummary(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] })))).toMatchObject({ name: 'InvalidGroup.NotFound' });
  });
});
