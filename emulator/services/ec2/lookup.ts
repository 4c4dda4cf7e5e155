import { checkId, missingParameter, notFound } from './errors';
import type { Ec2State, EniRec, IgwRec, InstanceRec, RouteTableRec, SecurityGroupRec, SubnetRec, VpcRec } from './state';

/**
 * Lookups that throw AWS's `…Malformed` / `…NotFound` errors, so handlers read as
 * `const vpc = getVpc(st, id)`.
 */

function get<T>(table: Record<string, T>, prefix: string, id: string | undefined, param: string): T {
  if (id === undefined || id === '') throw missingParameter(param);
  checkId(prefix, id);
  const rec = table[id];
  if (!rec) throw notFound(prefix, id);
  return rec;
}

/** The VPC with this id. */
export function getVpc(st: Ec2State, id: string | undefined): VpcRec {
  return get(st.vpcs, 'vpc', id, 'vpcId');
}

/** The subnet with this id. */
export function getSubnet(st: Ec2State, id: string | undefined): SubnetRec {
  return get(st.subnets, 'subnet', id, 'subnetId');
}

/** The internet gateway with this id. */
export function getIgw(st: Ec2State, id: string | undefined): IgwRec {
  return get(st.igws, 'igw', id, 'internetGatewayId');
}

/** The route table with this id. */
export function getRouteTable(st: Ec2State, id: string | undefined): RouteTableRec {
  return get(st.routeTables, 'rtb', id, 'routeTableId');
}

/** The security group with this id. */
export function getSecurityGroup(st: Ec2State, id: string | undefined): SecurityGroupRec {
  return get(st.securityGroups, 'sg', id, 'groupId');
}

/** The instance with this id. */
export function getInstance(st: Ec2State, id: string | undefined): InstanceRec {
  return get(st.instances, 'i', id, 'instanceId');
}

/** The network interface with this id. */
export function getEni(st: Ec2State, id: string | undefined): EniRec {
  return get(st.enis, 'eni', id, 'networkInterfaceId');
}

/**
 * The records a Describe call asks for by id: all of them when no ids are given, otherwise each
 * id checked (malformed first) and every unknown one reported together, as EC2 does.
 */
export function selectByIds<T>(table: Record<string, T>, prefix: string, ids: string[] | undefined): T[] {
  if (!ids || ids.length === 0) return Object.values(table);
  for (const id of ids) checkId(prefix, id);
  const unknown = ids.filter((id) => !(id in table));
  if (unknown.length > 0) throw notFound(prefix, unknown);
  return [...new Set(ids)].map((id) => table[id]);
}
