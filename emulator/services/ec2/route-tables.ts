import { ec2Id } from '../../../core/ids';
import { AwsError } from '../../framework/types';
import { parseCidr } from './cidr';
import { checkId, hasDependencies, notFound } from './errors';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op, idempotent } from './handler';
import { getIgw, getInstance, getEni, getRouteTable, getSubnet, getVpc, selectByIds } from './lookup';
import type { Ec2State, RouteRec, RouteTableRec, VpcRec } from './state';
import { setTags, tagList, tagsFromSpecs, tagsOf, type TagSpecification } from './tags';

/** Creates a VPC's main route table holding the `local` route for the VPC's block. */
export function createMainRouteTable(st: Ec2State, vpc: VpcRec): RouteTableRec {
  const rtb: RouteTableRec = {
    id: ec2Id('rtb'),
    vpcId: vpc.id,
    routes: [{ destination: vpc.cidr, gatewayId: 'local', origin: 'CreateRouteTable' }],
    associations: [{ id: ec2Id('rtbassoc'), main: true }],
  };
  st.routeTables[rtb.id] = rtb;
  return rtb;
}

/** A route is a blackhole when its gateway is no longer attached to the VPC (computed on read). */
function routeState(st: Ec2State, rtb: RouteTableRec, r: RouteRec): 'active' | 'blackhole' {
  if (r.gatewayId?.startsWith('igw-')) return st.igws[r.gatewayId]?.vpcId === rtb.vpcId ? 'active' : 'blackhole';
  if (r.networkInterfaceId) return st.enis[r.networkInterfaceId] ? 'active' : 'blackhole';
  return 'active';
}

/** The SDK `RouteTable` shape of a record. */
function routeTableView(st: Ec2State, rtb: RouteTableRec, ownerId: string) {
  return {
    Associations: rtb.associations.map((a) => ({
      Main: a.main,
      RouteTableAssociationId: a.id,
      RouteTableId: rtb.id,
      SubnetId: a.subnetId,
      AssociationState: { State: 'associated' },
    })),
    PropagatingVgws: [],
    RouteTableId: rtb.id,
    Routes: rtb.routes.map((r) => ({
      DestinationCidrBlock: r.destination,
      GatewayId: r.gatewayId,
      InstanceId: r.instanceId,
      InstanceOwnerId: r.instanceId ? ownerId : undefined,
      NetworkInterfaceId: r.networkInterfaceId,
      Origin: r.origin,
      State: routeState(st, rtb, r),
    })),
    Tags: tagList(st, rtb.id),
    VpcId: rtb.vpcId,
    OwnerId: ownerId,
  };
}

/** Finds the association with this id in any route table. */
function findAssociation(st: Ec2State, id: string | undefined) {
  if (!id) throw new AwsError('MissingParameter', 'The request must contain the parameter associationId');
  checkId('rtbassoc', id);
  for (const rtb of Object.values(st.routeTables)) {
    const assoc = rtb.associations.find((a) => a.id === id);
    if (assoc) return { rtb, assoc };
  }
  throw notFound('rtbassoc', id);
}

interface RouteInput {
  RouteTableId?: string;
  DestinationCidrBlock?: string;
  GatewayId?: string;
  InstanceId?: string;
  NetworkInterfaceId?: string;
}

/** Validates a CreateRoute/ReplaceRoute target and returns the route it describes. */
function routeFromInput(st: Ec2State, rtb: RouteTableRec, input: RouteInput): RouteRec {
  const dest = input.DestinationCidrBlock;
  if (!dest || !parseCidr(dest)) {
    throw new AwsError('InvalidParameterValue', `Value (${dest}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
  }
  const targets = [input.GatewayId, input.InstanceId, input.NetworkInterfaceId].filter(Boolean);
  if (targets.length !== 1) {
    throw new AwsError('InvalidParameterCombination', 'The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, vpcPeeringConnectionId or instanceId');
  }
  const route: RouteRec = { destination: dest, origin: 'CreateRoute' };
  if (input.GatewayId) {
    const igw = getIgw(st, input.GatewayId);
    if (igw.vpcId !== rtb.vpcId) {
      throw new AwsError('InvalidParameterValue', `route table ${rtb.id} and network gateway ${igw.id} belong to different networks`);
    }
    route.gatewayId = igw.id;
  } else if (input.InstanceId) {
    const inst = getInstance(st, input.InstanceId);
    route.instanceId = inst.id;
    route.networkInterfaceId = inst.primaryEniId;
  } else {
    route.networkInterfaceId = getEni(st, input.NetworkInterfaceId).id;
  }
  return route;
}

/** The route table operations. */
export const routeTableHandlers = {
  CreateRouteTable: ec2Op<{ VpcId?: string; TagSpecifications?: TagSpecification[]; ClientToken?: string }>((input, { st, ctx }) => {
    const vpc = getVpc(st, input.VpcId);
    const tags = tagsFromSpecs(input.TagSpecifications, ['route-table']);
    // A retry with the same ClientToken (the SDK fills one in) answers the table the first call made.
    const id = idempotent(st, 'CreateRouteTable', input.ClientToken, () => {
      const rtb: RouteTableRec = {
        id: ec2Id('rtb'),
        vpcId: vpc.id,
        routes: [{ destination: vpc.cidr, gatewayId: 'local', origin: 'CreateRouteTable' }],
        associations: [],
      };
      st.routeTables[rtb.id] = rtb;
      setTags(st, rtb.id, tags['route-table']);
      return rtb.id;
    });
    const rtb = st.routeTables[id];
    if (!rtb) throw notFound('rtb', id);
    return { RouteTable: routeTableView(st, rtb, ctx.accountId), ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
  }),

  DescribeRouteTables: ec2Op<{ RouteTableIds?: string[]; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st, ctx }) => {
      const tables = applyFilters(selectByIds(st.routeTables, 'rtb', input.RouteTableIds), input.Filters, {
        fields: {
          'route-table-id': (r) => r.id,
          'vpc-id': (r) => r.vpcId,
          'owner-id': () => ctx.accountId,
          'association.route-table-association-id': (r) => r.associations.map((a) => a.id),
          'association.route-table-id': (r) => (r.associations.length ? r.id : undefined),
          'association.subnet-id': (r) => r.associations.map((a) => a.subnetId),
          'association.main': (r) => r.associations.some((a) => a.main),
          'route.destination-cidr-block': (r) => r.routes.map((x) => x.destination),
          'route.gateway-id': (r) => r.routes.map((x) => x.gatewayId),
          'route.instance-id': (r) => r.routes.map((x) => x.instanceId),
          'route.origin': (r) => r.routes.map((x) => x.origin),
          'route.state': (r) => r.routes.map((x) => routeState(st, r, x)),
        },
        tags: (r) => tagsOf(st, r.id),
      });
      const { page, nextToken } = paginate(tables, input.MaxResults, input.NextToken);
      return { RouteTables: page.map((r) => routeTableView(st, r, ctx.accountId)), NextToken: nextToken };
    },
    { readOnly: true },
  ),

  DeleteRouteTable: ec2Op<{ RouteTableId?: string }>((input, { st }) => {
    const rtb = getRouteTable(st, input.RouteTableId);
    if (rtb.associations.length > 0) throw hasDependencies('routeTable', rtb.id);
    delete st.routeTables[rtb.id];
    delete st.tags[rtb.id];
    return {};
  }),

  CreateRoute: ec2Op<RouteInput>((input, { st }) => {
    const rtb = getRouteTable(st, input.RouteTableId);
    const route = routeFromInput(st, rtb, input);
    if (rtb.routes.some((r) => r.destination === route.destination)) {
      throw new AwsError('RouteAlreadyExists', `The route identified by ${route.destination} already exists.`);
    }
    rtb.routes.push(route);
    return { Return: true };
  }),

  ReplaceRoute: ec2Op<RouteInput>((input, { st }) => {
    const rtb = getRouteTable(st, input.RouteTableId);
    const route = routeFromInput(st, rtb, input);
    const i = rtb.routes.findIndex((r) => r.destination === route.destination);
    if (i < 0 || rtb.routes[i].gatewayId === 'local') {
      throw new AwsError('InvalidParameterValue', `There is no route defined for '${route.destination}' in the route table. Use CreateRoute instead.`);
    }
    rtb.routes[i] = route;
    return {};
  }),

  DeleteRoute: ec2Op<{ RouteTableId?: string; DestinationCidrBlock?: string }>((input, { st }) => {
    const rtb = getRouteTable(st, input.RouteTableId);
    const i = rtb.routes.findIndex((r) => r.destination === input.DestinationCidrBlock);
    if (i < 0) {
      throw new AwsError('InvalidRoute.NotFound', `no route with destination-cidr-block ${input.DestinationCidrBlock} in route table ${rtb.id}`);
    }
    if (rtb.routes[i].gatewayId === 'local') {
      throw new AwsError('InvalidParameterValue', `cannot remove local route ${input.DestinationCidrBlock} in route table ${rtb.id}`);
    }
    rtb.routes.splice(i, 1);
    return {};
  }),

  AssociateRouteTable: ec2Op<{ RouteTableId?: string; SubnetId?: string; GatewayId?: string }>((input, { st }) => {
    const rtb = getRouteTable(st, input.RouteTableId);
    const subnet = getSubnet(st, input.SubnetId);
    if (subnet.vpcId !== rtb.vpcId) {
      throw new AwsError('InvalidParameterValue', `Route table ${rtb.id} and subnet ${subnet.id} belong to different networks`);
    }
    const taken = Object.values(st.routeTables).some((r) => r.associations.some((a) => a.subnetId === subnet.id));
    if (taken) {
      throw new AwsError('Resource.AlreadyAssociated', `the specified association for route table ${rtb.id} conflicts with an existing association`);
    }
    const assoc = { id: ec2Id('rtbassoc'), main: false, subnetId: subnet.id };
    rtb.associations.push(assoc);
    return { AssociationId: assoc.id, AssociationState: { State: 'associated' } };
  }),

  DisassociateRouteTable: ec2Op<{ AssociationId?: string }>((input, { st }) => {
    const { rtb, assoc } = findAssociation(st, input.AssociationId);
    if (assoc.main) throw new AwsError('InvalidParameterValue', `cannot disassociate the main route table association ${assoc.id}`);
    rtb.associations = rtb.associations.filter((a) => a !== assoc);
    return {};
  }),
};
