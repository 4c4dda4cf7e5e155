import { ec2Id } from '../../../core/ids';
import { AwsError } from '../../framework/types';
import { allocatePrivateIp, allocatePublicIp, macAddress } from './addresses';
import { checkId, missingParameter, notFound } from './errors';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op, idempotent, type Ec2Call } from './handler';
import { findImage } from './images';
import { scheduleLaunch, scheduleStart, scheduleStop, scheduleTerminate, stateAt } from './instance-lifecycle';
import { checkInstanceType } from './instance-types';
import { instanceFilters, instanceState, reservationsView } from './instance-view';
import { getKeyPair } from './key-pairs';
import { getSubnet, selectByIds } from './lookup';
import { checkGroupsForVpc } from './network-interfaces';
import type { Ec2State, EniRec, InstanceRec } from './state';
import { profileOf } from '../../framework/time-profile';
import { checkOffered } from './instance-type-offerings';
import { setTags, tagsFromSpecs, type TagSpecification } from './tags';

interface RunInstancesInput {
  ImageId?: string;
  InstanceType?: string;
  KeyName?: string;
  MinCount?: number;
  MaxCount?: number;
  SecurityGroupIds?: string[];
  SecurityGroups?: string[];
  SubnetId?: string;
  UserData?: string;
  PrivateIpAddress?: string;
  ClientToken?: string;
  DisableApiTermination?: boolean;
  TagSpecifications?: TagSpecification[];
  NetworkInterfaces?: Array<{ DeviceIndex?: number; SubnetId?: string; Groups?: string[]; AssociatePublicIpAddress?: boolean; PrivateIpAddress?: string; DeleteOnTermination?: boolean; Description?: string }>;
}

/** Graviton instance types (t4g, m7g, c6gn…) run arm64 images only; everything else here runs x86_64. */
function typeArchitecture(type: string): 'arm64' | 'x86_64' {
  return /^(a1|[a-z]+\d+g[a-z]*)\./.test(type) ? 'arm64' : 'x86_64';
}

/** Checks the counts, image, type, key, subnet, groups and user data of a launch. */
function validateLaunch(st: Ec2State, input: RunInstancesInput, ctx: Ec2Call['ctx']) {
  if (input.MinCount === undefined) throw missingParameter('MinCount');
  if (input.MaxCount === undefined) throw missingParameter('MaxCount');
  if (input.MinCount < 1) throw new AwsError('InvalidParameterValue', `Value (${input.MinCount}) for parameter minCount is invalid. Expected a positive integer.`);
  if (input.MaxCount < input.MinCount) {
    throw new AwsError('InvalidParameterValue', `Value (${input.MaxCount}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount.`);
  }
  if (!input.ImageId) throw missingParameter('ImageId');
  checkId('ami', input.ImageId);
  const image = findImage(input.ImageId);
  if (!image) throw notFound('ami', input.ImageId);
  const instanceType = input.InstanceType ?? 'm1.small';
  checkInstanceType(instanceType);
  if (typeArchitecture(instanceType) !== image.architecture) {
    throw new AwsError(
      'InvalidParameterValue',
      `The architecture '${typeArchitecture(instanceType)}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again.`,
    );
  }
  if (input.KeyName !== undefined) getKeyPair(st, input.KeyName);
  const nic = input.NetworkInterfaces?.find((n) => (n.DeviceIndex ?? 0) === 0);
  if (nic && input.SubnetId) {
    throw new AwsError('InvalidParameterCombination', 'Network interfaces and an instance-level subnet ID may not be specified on the same request');
  }
  if (nic && (input.SecurityGroupIds?.length || input.SecurityGroups?.length)) {
    throw new AwsError('InvalidParameterCombination', 'Network interfaces and an instance-level security groups may not be specified on the same request');
  }
  const subnetId = nic?.SubnetId ?? input.SubnetId;
  // The emulator creates no default VPC, so a launch must name its subnet.
  if (!subnetId) throw new AwsError('VPCIdNotSpecified', 'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
  const subnet = getSubnet(st, subnetId);
  checkOffered(ctx.region, subnet.az, instanceType, profileOf(ctx.runtime).strict);
  let groupIds = nic?.Groups ?? input.SecurityGroupIds ?? [];
  for (const name of input.SecurityGroups ?? []) {
    const g = Object.values(st.securityGroups).find((x) => x.vpcId === subnet.vpcId && x.name === name);
    if (!g) throw new AwsError('InvalidGroup.NotFound', `The security group '${name}' does not exist in VPC '${subnet.vpcId}'`);
    groupIds = [...groupIds, g.id];
  }
  if (groupIds.length === 0) groupIds = [st.vpcs[subnet.vpcId].defaultSecurityGroupId];
  groupIds = checkGroupsForVpc(st, groupIds, subnet.vpcId, subnet.id);
  if (input.UserData !== undefined) {
    const compact = input.UserData.replace(/\s/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
      throw new AwsError('InvalidParameterValue', 'Invalid BASE64 encoding of user data.');
    }
    if (Buffer.from(compact, 'base64').length > 16_384) {
      throw new AwsError('InvalidParameterValue', 'User data is limited to 16384 bytes');
    }
  }
  const privateIp = nic?.PrivateIpAddress ?? input.PrivateIpAddress;
  if (privateIp && input.MaxCount > 1) {
    throw new AwsError('InvalidParameterCombination', 'Cannot specify a private IP address when launching more than one instance.');
  }
  const wantsPublicIp = nic?.AssociatePublicIpAddress ?? subnet.mapPublicIpOnLaunch;
  return { image, instanceType, subnet, groupIds, privateIp, wantsPublicIp, nic };
}

function runInstances(input: RunInstancesInput, { st, ctx, now, timing }: Ec2Call) {
  const ids = idempotent(st, 'RunInstances', input.ClientToken, () => {
    const v = validateLaunch(st, input, ctx);
    const tags = tagsFromSpecs(input.TagSpecifications, ['instance', 'volume', 'network-interface']);
    const reservationId = ec2Id('r');
    const created: string[] = [];
    for (let n = 0; n < input.MaxCount!; n++) {
      const id = ec2Id('i');
      const eni: EniRec = {
        id: ec2Id('eni'),
        subnetId: v.subnet.id,
        vpcId: v.subnet.vpcId,
        az: v.subnet.az,
        privateIp: allocatePrivateIp(st, v.subnet, v.privateIp),
        publicIp: v.wantsPublicIp ? allocatePublicIp(st) : undefined,
        macAddress: macAddress(),
        groupIds: v.groupIds,
        description: v.nic?.Description ?? '',
        sourceDestCheck: true,
        attachment: { id: ec2Id('eni-attach'), instanceId: id, deviceIndex: 0, attachedAt: now, deleteOnTermination: v.nic?.DeleteOnTermination ?? true },
      };
      st.enis[eni.id] = eni;
      const inst: InstanceRec = {
        id,
        reservationId,
        imageId: v.image.id,
        instanceType: v.instanceType,
        keyName: input.KeyName,
        userData: input.UserData?.replace(/\s/g, ''),
        subnetId: v.subnet.id,
        vpcId: v.subnet.vpcId,
        az: v.subnet.az,
        privateIp: eni.privateIp,
        primaryEniId: eni.id,
        launchIndex: n,
        clientToken: input.ClientToken,
        launchedAt: now,
        transitions: [],
        wantsPublicIp: v.wantsPublicIp,
        disableApiTermination: input.DisableApiTermination ?? false,
        architecture: v.image.architecture,
        rootDeviceName: v.image.rootDevice,
        volumeId: ec2Id('vol'),
      };
      scheduleLaunch(inst, now, timing);
      st.instances[id] = inst;
      setTags(st, id, tags.instance);
      setTags(st, eni.id, tags['network-interface']);
      created.push(id);
    }
    return created;
  });
  const instances = ids.map((id) => st.instances[id]).filter(Boolean);
  const [reservation] = reservationsView(st, instances, now, ctx.accountId, ctx.region);
  return reservation;
}

/** The instances a lifecycle call names: all must exist, or the whole call fails as on AWS. */
function named(st: Ec2State, ids: string[] | undefined): InstanceRec[] {
  if (!ids || ids.length === 0) throw missingParameter('InstanceId');
  return selectByIds(st.instances, 'i', ids);
}

/** The instance operations: RunInstances, DescribeInstances, Terminate/Stop/StartInstances. */
export const instanceHandlers = {
  RunInstances: ec2Op(runInstances),

  DescribeInstances: ec2Op<{ InstanceIds?: string[]; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st, ctx, now }) => {
      const all = applyFilters(selectByIds(st.instances, 'i', input.InstanceIds), input.Filters, instanceFilters(st, now, ctx.accountId, ctx.region));
      const { page, nextToken } = paginate(all, input.MaxResults, input.NextToken);
      return { Reservations: reservationsView(st, page, now, ctx.accountId, ctx.region), NextToken: nextToken };
    },
    { readOnly: true },
  ),

  TerminateInstances: ec2Op<{ InstanceIds?: string[] }>((input, { st, now, timing }) => {
    const instances = named(st, input.InstanceIds);
    for (const inst of instances) {
      if (inst.disableApiTermination) {
        throw new AwsError('OperationNotPermitted', `The instance '${inst.id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`);
      }
    }
    return {
      TerminatingInstances: instances.map((inst) => {
        const previous = instanceState(inst, now);
        if (previous.Name !== 'shutting-down' && previous.Name !== 'terminated') scheduleTerminate(inst, now, timing);
        return { InstanceId: inst.id, PreviousState: previous, CurrentState: instanceState(inst, now) };
      }),
    };
  }),

  StopInstances: ec2Op<{ InstanceIds?: string[] }>((input, { st, now, timing }) => {
    const instances = named(st, input.InstanceIds);
    for (const inst of instances) {
      const state = stateAt(inst, now);
      if (state === 'shutting-down' || state === 'terminated') {
        throw new AwsError('IncorrectInstanceState', `This instance '${inst.id}' is not in a state from which it can be stopped.`);
      }
    }
    return {
      StoppingInstances: instances.map((inst) => {
        const previous = instanceState(inst, now);
        if (previous.Name === 'pending' || previous.Name === 'running') scheduleStop(inst, now, timing);
        return { InstanceId: inst.id, PreviousState: previous, CurrentState: instanceState(inst, now) };
      }),
    };
  }),

  StartInstances: ec2Op<{ InstanceIds?: string[] }>((input, { st, now, timing }) => {
    const instances = named(st, input.InstanceIds);
    for (const inst of instances) {
      const state = stateAt(inst, now);
      if (state !== 'stopped' && state !== 'running' && state !== 'pending') {
        throw new AwsError('IncorrectInstanceState', `The instance '${inst.id}' is not in a state from which it can be started.`);
      }
    }
    return {
      StartingInstances: instances.map((inst) => {
        const previous = instanceState(inst, now);
        if (previous.Name === 'stopped') {
          scheduleStart(inst, now, timing);
          inst.launchedAt = now;
          const eni = st.enis[inst.primaryEniId];
          // A stopped instance lost its public IP; it gets a new one when it starts.
          if (eni && inst.wantsPublicIp && !eni.publicIp) eni.publicIp = allocatePublicIp(st);
        }
        return { InstanceId: inst.id, PreviousState: previous, CurrentState: instanceState(inst, now) };
      }),
    };
  }),
};
