import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateFlowLogsCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { applyFilters, globToRegExp, paginate } from '../../emulator/services/ec2/filters';
import { createVpcWithSubnet } from './ec2-fixture';
import { startTestEmulator } from './helpers';

describe('the EC2 filter engine', () => {
  const items = [
    { id: 'a', name: 'web-1', ports: [22, 80], tags: { Name: 'Web Server', Env: 'lab' } },
    { id: 'b', name: 'web-2', ports: [80], tags: { Name: 'Web*Server' } },
    { id: 'c', name: 'db', ports: [5432], tags: {} as Record<string, string> },
  ];
  const spec = { fields: { name: (i: (typeof items)[0]) => i.name, port: (i: (typeof items)[0]) => i.ports }, tags: (i: (typeof items)[0]) => i.tags };
  const ids = (filters: Array<{ Name: string; Values: string[] }>) => applyFilters(items, filters, spec).map((i) => i.id);

  it('ORs the values of one filter and ANDs filters', () => {
    expect(ids([{ Name: 'name', Values: ['web-1', 'db'] }])).toEqual(['a', 'c']);
    expect(ids([{ Name: 'name', Values: ['web-*'] }, { Name: 'port', Values: ['22'] }])).toEqual(['a']);
  });

  it('matches * and ? wildcards, and \\ escapes them', () => {
    expect(ids([{ Name: 'name', Values: ['web-?'] }])).toEqual(['a', 'b']);
    expect(ids([{ Name: 'tag:Name', Values: ['Web\\*Server'] }])).toEqual(['b']);
    expect(ids([{ Name: 'tag:Name', Values: ['Web*Server'] }])).toEqual(['a', 'b']);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });

  it('knows tag-key and tag-value for every resource, and refuses unknown names', () => {
    expect(ids([{ Name: 'tag-key', Values: ['Env'] }])).toEqual(['a']);
    expect(ids([{ Name: 'tag-value', Values: ['lab'] }])).toEqual(['a']);
    expect(() => ids([{ Name: 'colour', Values: ['x'] }])).toThrow("The filter 'colour' is invalid");
  });

  it('pages with an opaque token and refuses a forged one', () => {
    const first = paginate([1, 2, 3, 4, 5], 2);
    expect(first.page).toEqual([1, 2]);
    const second = paginate([1, 2, 3, 4, 5], 2, first.nextToken);
    expect(second.page).toEqual([3, 4]);
    const last = paginate([1, 2, 3, 4, 5], 2, second.nextToken);
    expect(last).toEqual({ page: [5], nextToken: undefined });
    expect(() => paginate([1], 1, 'bm9wZQ==')).toThrow('is invalid');
  });
});

describe('EC2 state survives an emulator restart (plain JSON state)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-ec2-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reloads VPCs, groups, key pairs, instances and flow logs from the data directory', async () => {
    const first = await startTestEmulator({ dataDir: dir });
    let instanceId: string;
    let flowLogId: string;
    let groupId: string;
    try {
      const ec2 = first.clients.ec2;
      const { vpcId, subnetId } = await createVpcWithSubnet(ec2);
      groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'kept', Description: 'kept', VpcId: vpcId }))).GroupId!;
      await ec2.send(new CreateKeyPairCommand({ KeyName: 'kept-key', KeyType: 'ed25519' }));
      instanceId = (
        await ec2.send(
          new RunInstancesCommand({
            ImageId: 'ami-05b10e08d247fb927',
            InstanceType: 't3.micro',
            SubnetId: subnetId,
            SecurityGroupIds: [groupId],
            KeyName: 'kept-key',
            MinCount: 1,
            MaxCount: 1,
            ClientToken: 'persist-1',
          }),
        )
      ).Instances![0].InstanceId!;
      flowLogId = (
        await ec2.send(
          new CreateFlowLogsCommand({
            ResourceType: 'VPC',
            ResourceIds: [vpcId],
            TrafficType: 'ALL',
            LogGroupName: 'kept',
            DeliverLogsPermissionArn: 'arn:aws:iam::000000000000:role/r',
          }),
        )
      ).FlowLogIds![0];
    } finally {
      await first.stop();
    }

    const second = await startTestEmulator({ dataDir: dir });
    try {
      const ec2 = second.clients.ec2;
      const inst = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0];
      expect(inst).toMatchObject({ InstanceId: instanceId, KeyName: 'kept-key', SecurityGroups: [{ GroupId: groupId, GroupName: 'kept' }] });
      expect(inst.LaunchTime).toBeInstanceOf(Date);
      expect((await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0].GroupName).toBe('kept');
      expect((await ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['kept-key'] }))).KeyPairs![0].KeyType).toBe('ed25519');
      const fl = (await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: [flowLogId] }))).FlowLogs![0];
      expect(fl).toMatchObject({ LogGroupName: 'kept', FlowLogStatus: 'ACTIVE' });
      expect(fl.CreationTime).toBeInstanceOf(Date);
    } finally {
      await second.stop();
    }
  });
});
