import { AwsError } from '../../framework/types';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op } from './handler';
import { stateAt } from './instance-lifecycle';
import { checkInstanceType } from './instance-types';
import { instanceState } from './instance-view';
import { getInstance, selectByIds } from './lookup';
import { checkGroupsForVpc, groupIdentifiers } from './network-interfaces';
import type { InstanceRec } from './state';

type Bool = { Value?: boolean };

/** Refuses a change that AWS allows only on a stopped instance. */
function requireStopped(inst: InstanceRec, now: number): void {
  if (stateAt(inst, now) !== 'stopped') {
    throw new AwsError('IncorrectInstanceState', `The instance '${inst.id}' is not in the 'stopped' state.`);
  }
}

/** The instance attribute and status operations. */
export const instanceAttributeHandlers = {
  ModifyInstanceAttribute: ec2Op<{
    InstanceId?: string;
    Groups?: string[];
    InstanceType?: { Value?: string };
    UserData?: { Value?: Uint8Array | string };
    DisableApiTermination?: Bool;
    SourceDestCheck?: Bool;
    Attribute?: string;
    Value?: string;
  }>((input, { st, now }) => {
    const inst = getInstance(st, input.InstanceId);
    checkModification(input);
    const state = stateAt(inst, now);
    if (state === 'terminated' || state === 'shutting-down') {
      throw new AwsError('IncorrectInstanceState', `The instance '${inst.id}' is not in a state from which it can be modified.`);
    }
    const eni = st.enis[inst.primaryEniId];
    // The instance's security groups are its primary interface's groups.
    if (input.Groups !== undefined) eni.groupIds = checkGroupsForVpc(st, input.Groups, inst.vpcId);
    if (input.SourceDestCheck?.Value !== undefined) eni.sourceDestCheck = input.SourceDestCheck.Value;
    if (input.DisableApiTermination?.Value !== undefined) inst.disableApiTermination = input.DisableApiTermination.Value;
    if (input.InstanceType?.Value !== undefined) {
      requireStopped(inst, now);
      inst.instanceType = input.InstanceType.Value;
    }
    if (input.UserData?.Value !== undefined) {
      requireStopped(inst, now);
      const v = input.UserData.Value;
      inst.userData = (typeof v === 'string' ? Buffer.from(v) : Buffer.from(v)).toString('base64');
    }
    if (input.Attribute === 'instanceType' && input.Value !== undefined) {
      requireStopped(inst, now);
      inst.instanceType = input.Value;
    }
    return {};
  }),

  DescribeInstanceAttribute: ec2Op<{ InstanceId?: string; Attribute?: string }>(
    (input, { st }) => {
      const inst = getInstance(st, input.InstanceId);
      const eni = st.enis[inst.primaryEniId];
      const InstanceId = inst.id;
      switch (input.Attribute) {
        case 'groupSet':
          return { InstanceId, Groups: eni ? groupIdentifiers(st, eni) : [] };
        case 'userData':
          return { InstanceId, UserData: inst.userData ? { Value: inst.userData } : {} };
        case 'instanceType':
          return { InstanceId, InstanceType: { Value: inst.instanceType } };
        case 'disableApiTermination':
          return { InstanceId, DisableApiTermination: { Value: inst.disableApiTermination } };
        case 'disableApiStop':
          return { InstanceId, DisableApiStop: { Value: false } };
        case 'sourceDestCheck':
          return { InstanceId, SourceDestCheck: { Value: eni?.sourceDestCheck ?? true } };
        case 'rootDeviceName':
          return { InstanceId, RootDeviceName: { Value: inst.rootDeviceName } };
        case 'instanceInitiatedShutdownBehavior':
          return { InstanceId, InstanceInitiatedShutdownBehavior: { Value: 'stop' } };
        case 'ebsOptimized':
          return { InstanceId, EbsOptimized: { Value: false } };
        case 'enaSupport':
          return { InstanceId, EnaSupport: { Value: true } };
        default:
          throw new AwsError('InvalidParameterValue', `Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
      }
    },
    { readOnly: true },
  ),

  DescribeInstanceStatus: ec2Op<{ InstanceIds?: string[]; IncludeAllInstances?: boolean; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st, now }) => {
      let instances = selectByIds(st.instances, 'i', input.InstanceIds);
      if (!input.IncludeAllInstances) instances = instances.filter((i) => stateAt(i, now) === 'running');
      const rows = instances.map((inst) => {
        const running = stateAt(inst, now) === 'running';
        const summary = running
          ? { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] }
          : { Status: 'not-applicable' };
        return {
          AvailabilityZone: inst.az,
          Events: [],
          InstanceId: inst.id,
          InstanceState: instanceState(inst, now),
          InstanceStatus: summary,
          SystemStatus: summary,
          AttachedEbsStatus: summary,
        };
      });
      const matching = applyFilters(rows, input.Filters, {
        fields: {
          'availability-zone': (r) => r.AvailabilityZone,
          'instance-state-name': (r) => r.InstanceState.Name,
          'instance-state-code': (r) => r.InstanceState.Code,
          'instance-status.status': (r) => r.InstanceStatus.Status,
          'system-status.status': (r) => r.SystemStatus.Status,
          'instance-status.reachability': (r) => (r.InstanceStatus.Details ? 'passed' : undefined),
          'system-status.reachability': (r) => (r.SystemStatus.Details ? 'passed' : undefined),
        },
      });
      const { page, nextToken } = paginate(matching, input.MaxResults, input.NextToken);
      return { InstanceStatuses: page, NextToken: nextToken };
    },
    { readOnly: true },
  ),
};

/** EC2 refuses a call that names no attribute, and a type that does not exist, before changing anything. */
function checkModification(input: { Groups?: string[]; InstanceType?: { Value?: string }; UserData?: { Value?: unknown }; DisableApiTermination?: Bool; SourceDestCheck?: Bool; Attribute?: string; Value?: string } & Record<string, unknown>): void {
  const named = Object.entries(input).some(([k, v]) => k !== 'InstanceId' && k !== 'DryRun' && v !== undefined && !(Array.isArray(v) && v.length === 0));
  if (!named) throw new AwsError('InvalidParameterCombination', 'No attributes specified.');
  if (input.InstanceType?.Value !== undefined) checkInstanceType(input.InstanceType.Value);
  if (input.Attribute === 'instanceType' && input.Value !== undefined) checkInstanceType(input.Value);
}
