import type { DeliverableFlowLog } from '../../capture/delivery';
import type { EniFacts } from '../../capture/record-values';
import type { IngressPermission } from '../../network/security-groups';
import { stateAt } from './instance-lifecycle';
import type { Ec2State, EniRec, FlowLogRec, InstanceRec, InstanceStateName, SecurityGroupRec } from './state';

/**
 * Read (and a few AWS-side write) accessors over EC2 state for the emulator's engines: flow-log
 * delivery, the instance network and its security-group front door. Pure functions of the state.
 *
 * Instance states are computed from the clock when read; the functions that depend on the state
 * take `nowMs` and default to the wall clock only for callers outside a request that pass none
 * (engines should pass `runtime.clock.now()` so fake clocks work).
 */

export type { Ec2State, EniRec, FlowLogRec, InstanceRec, SecurityGroupRec } from './state';

/** The network interface with this id, or undefined. */
export function findEni(state: Ec2State, eniId: string): EniRec | undefined {
  return state.enis[eniId];
}

/** The instance with this id, or undefined. */
export function findInstance(state: Ec2State, id: string): InstanceRec | undefined {
  return state.instances[id];
}

/** The network interfaces attached to an instance, primary first. */
export function instanceEnis(state: Ec2State, instanceId: string): EniRec[] {
  return Object.values(state.enis)
    .filter((e) => e.attachment?.instanceId === instanceId)
    .sort((a, b) => (a.attachment!.deviceIndex ?? 0) - (b.attachment!.deviceIndex ?? 0));
}

/** The security groups currently applied to a network interface (they change with ModifyInstanceAttribute). */
export function securityGroupsOf(state: Ec2State, eniId: string): SecurityGroupRec[] {
  const eni = state.enis[eniId];
  if (!eni) return [];
  return eni.groupIds.map((id) => state.securityGroups[id]).filter((g): g is SecurityGroupRec => g !== undefined);
}

/** The inbound permissions of an interface's groups, in the front door's shape (one per rule). */
export function ingressPermissionsOf(state: Ec2State, eniId: string): IngressPermission[] {
  return securityGroupsOf(state, eniId).flatMap((g) =>
    g.rules
      .filter((r) => !r.egress && (r.cidr || r.groupId))
      .map((r) => ({
        ipProtocol: r.protocol,
        fromPort: r.protocol === '-1' ? undefined : r.fromPort,
        toPort: r.protocol === '-1' ? undefined : r.toPort,
        cidrs: r.cidr ? [r.cidr] : [],
        groupIds: r.groupId ? [r.groupId] : [],
      })),
  );
}

/** The flow logs that cover an interface: on the interface itself, its subnet or its VPC. */
export function flowLogsForEni(state: Ec2State, eniId: string): FlowLogRec[] {
  const eni = state.enis[eniId];
  if (!eni) return [];
  return Object.values(state.flowLogs).filter((f) => f.resourceId === eni.id || f.resourceId === eni.subnetId || f.resourceId === eni.vpcId);
}

/** The same flow logs in the delivery engine's shape. */
export function deliverableFlowLogsForEni(state: Ec2State, eniId: string, accountId: string, region: string): DeliverableFlowLog[] {
  return flowLogsForEni(state, eniId).map((f) => ({
    flowLogId: f.id,
    accountId,
    region,
    trafficType: f.trafficType,
    destinationType: f.destinationType,
    logGroupName: f.logGroupName,
    deliverLogsPermissionArn: f.deliverLogsPermissionArn,
    logDestination: f.logDestination,
    logFormat: f.logFormat,
    maxAggregationInterval: f.maxAggregationInterval,
    hiveCompatiblePartitions: f.hiveCompatiblePartitions,
    perHourPartition: f.perHourPartition,
    fileFormat: f.fileFormat,
    createdAt: f.createdAt,
  }));
}

/** What flow records say about an interface (VPC, subnet, instance, AZ id). */
export function eniFacts(state: Ec2State, eniId: string, accountId: string, region: string): EniFacts | undefined {
  const eni = state.enis[eniId];
  if (!eni) return undefined;
  return {
    eniId: eni.id,
    accountId,
    region,
    vpcId: eni.vpcId,
    subnetId: eni.subnetId,
    instanceId: eni.attachment?.instanceId,
    azId: state.subnets[eni.subnetId]?.azId ?? '',
  };
}

/** Records a delivery outcome on a flow log: a message makes DeliverLogsStatus FAILED, undefined makes it SUCCESS. */
export function setFlowLogDeliveryError(state: Ec2State, flowLogId: string, message: string | undefined): void {
  const fl = state.flowLogs[flowLogId];
  if (!fl) return;
  if (message === undefined) {
    fl.deliverLogsStatus = 'SUCCESS';
    delete fl.deliverLogsErrorMessage;
  } else {
    fl.deliverLogsStatus = 'FAILED';
    fl.deliverLogsErrorMessage = message;
  }
}

/** The state name of an instance at a time. */
export function instanceStateName(inst: InstanceRec, nowMs: number = Date.now()): InstanceStateName {
  return stateAt(inst, nowMs);
}

/** The instances in the `running` state at a time: the ones whose SSH and HTTP servers should be up. */
export function listRunningInstances(state: Ec2State, nowMs: number = Date.now()): InstanceRec[] {
  return Object.values(state.instances).filter((i) => stateAt(i, nowMs) === 'running');
}

/** An instance's user data decoded to text (cloud-config), or undefined when it has none. */
export function userDataText(inst: InstanceRec): string | undefined {
  return inst.userData ? Buffer.from(inst.userData, 'base64').toString('utf8') : undefined;
}

/** The authorized_keys line of a key pair (`ssh-ed25519 AAAA… name`), or undefined. */
export function keyPairPublicKey(state: Ec2State, keyName: string): string | undefined {
  return state.keyPairs[keyName]?.publicKeyOpenSsh;
}
