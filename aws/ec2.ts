// EC2 helpers for the lab's network, instance and flow logs (Terratest style: one file per service,
// fixed verbs, a narrow client type so a stub works). Every mutating helper logs one imperative line.
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteFlowLogsCommand,
  DeleteInternetGatewayCommand,
  DeleteKeyPairCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeFlowLogsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ModifyInstanceAttributeCommand,
  ModifySubnetAttributeCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type FlowLog,
  type Instance,
  type NetworkInterface,
  type ResourceType,
  type SecurityGroup,
  type Tag,
  type TagSpecification,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { randomUUID } from 'node:crypto';
import { retryWhileNotFound } from './eventual';
import { CREATE_TOKEN_TAG, createOnce, findWithin, noBlindRetry, type Visibility } from './idempotent';

/** The only EC2 client method the helpers use. */
export type Ec2 = Pick<EC2Client, 'send'>;
/** One console line per mutating call. */
export type Log = (line: string) => void;
/** How creates wait out eventual consistency when they must find what an earlier attempt made. */
export interface CreateOptions {
  visibility?: Visibility;
}

const byToken = (token: string) => [{ Name: `tag:${CREATE_TOKEN_TAG}`, Values: [token] }];
const codeOf = (err: unknown) => (err as Error)?.name ?? '';

/** TagSpecifications for one resource type from a plain tag map. */
export function tagSpec(type: ResourceType, tags: Record<string, string>): TagSpecification[] {
  return [{ ResourceType: type, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }];
}

/** The value of a tag in an EC2 tag list. */
export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.Key === key)?.Value;
}

/** Creates a VPC and returns its id. */
export async function createVpc(ec2: Ec2, cidr: string, tags: Record<string, string>, log: Log, opts: CreateOptions = {}): Promise<string> {
  log(`Creating VPC ${cidr} (${tags.Name ?? 'no name'})`);
  // CreateVpc has no ClientToken: a lost answer is resolved by finding the VPC by its token tag.
  return createOnce({
    create: async (token) => (await ec2.send(noBlindRetry(new CreateVpcCommand({ CidrBlock: cidr, TagSpecifications: tagSpec('vpc', { ...tags, [CREATE_TOKEN_TAG]: token }) })))).Vpc!.VpcId!,
    find: async (token) => (await ec2.send(new DescribeVpcsCommand({ Filters: byToken(token) }))).Vpcs?.[0]?.VpcId,
    visibility: opts.visibility,
  });
}

/** Creates a subnet that gives instances a public IP at launch; returns its id. */
export async function createPublicSubnet(
  ec2: Ec2,
  vpcId: string,
  cidr: string,
  tags: Record<string, string>,
  log: Log,
  opts: CreateOptions & { availabilityZone?: string } = {},
): Promise<string> {
  log(`Creating public subnet ${cidr} in ${vpcId}${opts.availabilityZone ? ` (${opts.availabilityZone})` : ''}`);
  // The VPC was created moments ago: CreateSubnet may not see it yet (eventual consistency).
  const subnetId = await createOnce({
    create: (token) =>
      retryWhileNotFound(
        async () =>
          (
            await ec2.send(
              noBlindRetry(
                new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: opts.availabilityZone, TagSpecifications: tagSpec('subnet', { ...tags, [CREATE_TOKEN_TAG]: token }) }),
              ),
            )
          ).Subnet!.SubnetId!,
        opts.visibility,
      ),
    find: async (token) => (await ec2.send(new DescribeSubnetsCommand({ Filters: byToken(token) }))).Subnets?.[0]?.SubnetId,
    visibility: opts.visibility,
  });
  await retryWhileNotFound(() => ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } })), opts.visibility);
  return subnetId;
}

/**
 * The first Availability Zone of the region (by name) that offers `instanceType`, or undefined when
 * the API gives no answer (some emulators lack DescribeInstanceTypeOfferings): not every zone offers
 * every type, and RunInstances in one that does not answers `Unsupported`.
 */
export async function zoneOffering(ec2: Ec2, instanceType: string): Promise<string | undefined> {
  try {
    const out = await ec2.send(
      new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: [instanceType] }] }),
    );
    return (out.InstanceTypeOfferings ?? []).map((o) => o.Location!).filter(Boolean).sort()[0];
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (codeOf(err).includes('AccessDenied') || codeOf(err) === 'UnauthorizedOperation') throw err;
    if (status !== undefined && status < 500) return undefined;
    throw err;
  }
}

/** Creates an internet gateway; returns its id. */
export async function createInternetGateway(ec2: Ec2, tags: Record<string, string>, log: Log, opts: CreateOptions = {}): Promise<string> {
  log('Creating internet gateway');
  return createOnce({
    create: async (token) =>
      (await ec2.send(noBlindRetry(new CreateInternetGatewayCommand({ TagSpecifications: tagSpec('internet-gateway', { ...tags, [CREATE_TOKEN_TAG]: token }) })))).InternetGateway!.InternetGatewayId!,
    find: async (token) => (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: byToken(token) }))).InternetGateways?.[0]?.InternetGatewayId,
    visibility: opts.visibility,
  });
}

/** Attaches an internet gateway to a VPC. */
export async function attachInternetGateway(ec2: Ec2, igwId: string, vpcId: string, log: Log, opts: CreateOptions = {}): Promise<void> {
  log(`Attaching ${igwId} to ${vpcId}`);
  try {
    await retryWhileNotFound(() => ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId })), opts.visibility);
  } catch (err) {
    // A retry after a lost answer finds the gateway attached: fine if it is attached to this VPC.
    if (codeOf(err) !== 'Resource.AlreadyAssociated') throw err;
    const attached = await findWithin(async () => {
      const igw = (await ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [igwId] }))).InternetGateways?.[0];
      return igw?.Attachments?.some((a) => a.VpcId === vpcId) ? true : undefined;
    }, opts.visibility);
    if (!attached) throw err;
  }
}

/** Creates a route table in a VPC; returns its id. */
export async function createRouteTable(ec2: Ec2, vpcId: string, tags: Record<string, string>, log: Log, opts: CreateOptions = {}): Promise<string> {
  log(`Creating route table in ${vpcId}`);
  // The ClientToken makes a retried create answer the table the first attempt made.
  const token = randomUUID();
  const out = await retryWhileNotFound(() => ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, ClientToken: token, TagSpecifications: tagSpec('route-table', tags) })), opts.visibility);
  return out.RouteTable!.RouteTableId!;
}

/** Adds a route through a gateway. */
export async function createRoute(ec2: Ec2, routeTableId: string, cidr: string, gatewayId: string, log: Log, opts: CreateOptions = {}): Promise<void> {
  log(`Creating route ${cidr} → ${gatewayId} in ${routeTableId}`);
  try {
    // Both the table and the gateway may be moments old (InvalidGatewayID.NotFound, InvalidRouteTableID.NotFound).
    await retryWhileNotFound(() => ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: cidr, GatewayId: gatewayId })), opts.visibility);
  } catch (err) {
    // The table is the run's own, so an existing route is the one a retried call already made.
    if (codeOf(err) !== 'RouteAlreadyExists') throw err;
  }
}

/** Associates a route table with a subnet; returns the association id. */
export async function associateRouteTable(ec2: Ec2, routeTableId: string, subnetId: string, log: Log, opts: CreateOptions = {}): Promise<string> {
  log(`Associating ${routeTableId} with ${subnetId}`);
  try {
    const out = await retryWhileNotFound(() => ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId })), opts.visibility);
    return out.AssociationId!;
  } catch (err) {
    // A retry after a lost answer finds the association made: read its id from the table.
    if (codeOf(err) !== 'Resource.AlreadyAssociated') throw err;
    const id = await findWithin(async () => {
      const rtb = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] }))).RouteTables?.[0];
      return rtb?.Associations?.find((a) => a.SubnetId === subnetId)?.RouteTableAssociationId;
    }, opts.visibility);
    if (!id) throw err;
    return id;
  }
}

/** An inbound TCP rule: a port open to anywhere (a number) or to one CIDR block. */
export type IngressRule = number | { port: number; cidr: string };

/** Creates a security group allowing inbound TCP by `rules` (a bare port is open to anywhere); returns its id. */
export async function createSecurityGroup(
  ec2: Ec2,
  vpcId: string,
  name: string,
  description: string,
  rules: IngressRule[],
  tags: Record<string, string>,
  log: Log,
  opts: CreateOptions = {},
): Promise<string> {
  const ports = rules.map((r) => (typeof r === 'number' ? { port: r, cidr: '0.0.0.0/0' } : r));
  log(`Creating security group ${name} (tcp ${ports.map((p) => (p.cidr === '0.0.0.0/0' ? p.port : `${p.port} from ${p.cidr}`)).join(', ')}) in ${vpcId}`);
  let groupId: string;
  try {
    const out = await retryWhileNotFound(
      () => ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: description, TagSpecifications: tagSpec('security-group', { Name: name, ...tags }) })),
      opts.visibility,
    );
    groupId = out.GroupId!;
  } catch (err) {
    // Names are unique per VPC and the VPC is the run's own: a duplicate is what a retried call made.
    if (codeOf(err) !== 'InvalidGroup.Duplicate') throw err;
    const found = await findWithin(async () => (await findSecurityGroupsByName(ec2, vpcId, [name]))[0]?.GroupId, opts.visibility);
    if (!found) throw err;
    groupId = found;
  }
  if (!ports.length) return groupId;
  try {
    // The group is moments old: authorizing ingress may answer InvalidGroup.NotFound for a while.
    await retryWhileNotFound(
      () =>
        ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: groupId,
            IpPermissions: ports.map((p) => ({ IpProtocol: 'tcp', FromPort: p.port, ToPort: p.port, IpRanges: [{ CidrIp: p.cidr }] })),
          }),
        ),
      opts.visibility,
    );
  } catch (err) {
    // The rules of a group made by this run can only be duplicated by a retry of this very call.
    if (codeOf(err) !== 'InvalidPermission.Duplicate') throw err;
  }
  return groupId;
}

/** Creates an RSA key pair; returns its name and the private key (which AWS never shows again). */
export async function createKeyPair(ec2: Ec2, name: string, tags: Record<string, string>, log: Log, opts: CreateOptions = {}): Promise<{ name: string; privateKey: string }> {
  log(`Creating key pair ${name}`);
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await ec2.send(new CreateKeyPairCommand({ KeyName: name, KeyType: 'ed25519', KeyFormat: 'pem', TagSpecifications: tagSpec('key-pair', tags) }));
      return { name: out.KeyName!, privateKey: out.KeyMaterial! };
    } catch (err) {
      if (codeOf(err) !== 'InvalidKeyPair.Duplicate' || attempt >= 3) throw err;
      // AWS shows a private key only once: if a retried call made this pair, its key is lost with
      // the answer. A pair carrying exactly this run's tags is that one: delete it and create again.
      const existing = await findWithin(async () => (await ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name] }))).KeyPairs?.[0], opts.visibility);
      const ours = existing && Object.entries(tags).every(([k, v]) => tagValue(existing.Tags, k) === v);
      if (!ours) throw err;
      log(`Deleting key pair ${name}, whose private key was lost with a failed answer, to create it again`);
      await ec2.send(new DeleteKeyPairCommand({ KeyName: name }));
    }
  }
}

/** The newest available image whose name matches `pattern`, or undefined. */
export async function findImageByName(ec2: Ec2, pattern: string, owner: string): Promise<string | undefined> {
  const out = await ec2.send(
    new DescribeImagesCommand({ Owners: [owner], Filters: [{ Name: 'name', Values: [pattern] }, { Name: 'state', Values: ['available'] }] }),
  );
  const newest = [...(out.Images ?? [])].sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
  return newest?.ImageId;
}

/** What `runInstance` launches. */
export interface InstanceSpec {
  imageId: string;
  instanceType: string;
  subnetId: string;
  securityGroupIds: string[];
  keyName?: string;
  userData?: string;
  tags: Record<string, string>;
}

/** Launches one instance; returns its id. */
export async function runInstance(ec2: Ec2, spec: InstanceSpec, log: Log, opts: CreateOptions = {}): Promise<string> {
  log(`Launching ${spec.instanceType} instance '${spec.tags.Name ?? spec.imageId}' in ${spec.subnetId}`);
  // A retry with the same token (after a lost answer) returns the first launch, never a second instance.
  const token = randomUUID();
  // The subnet, groups and key pair are moments old: RunInstances may not see them yet.
  const out = await retryWhileNotFound(() => ec2.send(
    new RunInstancesCommand({
      ImageId: spec.imageId,
      InstanceType: spec.instanceType as never,
      MinCount: 1,
      MaxCount: 1,
      SubnetId: spec.subnetId,
      SecurityGroupIds: spec.securityGroupIds,
      KeyName: spec.keyName,
      ClientToken: token,
      UserData: spec.userData === undefined ? undefined : Buffer.from(spec.userData).toString('base64'),
      TagSpecifications: [...tagSpec('instance', spec.tags), ...tagSpec('network-interface', spec.tags)],
    }),
  ), opts.visibility);
  return out.Instances![0].InstanceId!;
}

/** The instance with this id, or undefined when it does not exist. */
export async function getInstance(ec2: Ec2, instanceId: string): Promise<Instance | undefined> {
  try {
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    return out.Reservations?.[0]?.Instances?.[0];
  } catch (err) {
    if ((err as Error).name === 'InvalidInstanceID.NotFound') return undefined;
    throw err;
  }
}

/** Instances (not terminated) whose Name tag is `name`. */
export async function findInstancesByName(ec2: Ec2, name: string): Promise<Instance[]> {
  const out = await ec2.send(
    new DescribeInstancesCommand({
      Filters: [
        { Name: 'tag:Name', Values: [name] },
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ],
    }),
  );
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

/** Replaces the security groups of an instance (the console's "Change security groups"). */
export async function putInstanceSecurityGroups(ec2: Ec2, instanceId: string, groupIds: string[], label: string, log: Log, opts: CreateOptions = {}): Promise<void> {
  log(`Changing the security groups of ${instanceId} to ${label}`);
  await retryWhileNotFound(() => ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, Groups: groupIds })), opts.visibility);
}

/** Terminates an instance. */
export async function deleteInstance(ec2: Ec2, instanceId: string, log: Log): Promise<void> {
  log(`Terminating instance ${instanceId}`);
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
}

/** A network interface by id, or undefined. */
export async function getNetworkInterface(ec2: Ec2, eniId: string): Promise<NetworkInterface | undefined> {
  try {
    const out = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] }));
    return out.NetworkInterfaces?.[0];
  } catch (err) {
    if ((err as Error).name === 'InvalidNetworkInterfaceID.NotFound') return undefined;
    throw err;
  }
}

/** The VPC with this id, or undefined. */
export async function getVpc(ec2: Ec2, vpcId: string): Promise<Vpc | undefined> {
  try {
    const out = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    return out.Vpcs?.[0];
  } catch (err) {
    if ((err as Error).name === 'InvalidVpcID.NotFound') return undefined;
    throw err;
  }
}

/** Security groups of a VPC whose group name is one of `names`. */
export async function findSecurityGroupsByName(ec2: Ec2, vpcId: string, names: string[]): Promise<SecurityGroup[]> {
  const out = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: names }] }),
  );
  return out.SecurityGroups ?? [];
}

/** Every flow log attached to a resource (a VPC, subnet or ENI). */
export async function listFlowLogs(ec2: Ec2, resourceId: string): Promise<FlowLog[]> {
  const all: FlowLog[] = [];
  let NextToken: string | undefined;
  do {
    const out = await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [resourceId] }], NextToken }));
    all.push(...(out.FlowLogs ?? []));
    NextToken = out.NextToken;
  } while (NextToken);
  return all;
}

/** What `createFlowLog` creates: the lab's settings plus one destination. */
export interface FlowLogSpec {
  vpcId: string;
  trafficType: 'ALL' | 'ACCEPT' | 'REJECT';
  maxAggregationInterval: 60 | 600;
  logFormat?: string;
  destination: { s3Arn: string } | { logGroupName: string; roleArn: string };
  tags: Record<string, string>;
}

/** Creates a flow log on a VPC; returns its id or throws AWS's reason for the failure. */
export async function createFlowLog(ec2: Ec2, spec: FlowLogSpec, log: Log): Promise<string> {
  const d = spec.destination;
  const where = 's3Arn' in d ? `s3://${d.s3Arn.replace(/^arn:aws[a-z-]*:s3:::/, '')}` : `log group ${d.logGroupName}`;
  log(`Creating flow log for ${spec.vpcId} to ${where}`);
  const out = await ec2.send(
    new CreateFlowLogsCommand({
      // The SDK does not fill CreateFlowLogs' ClientToken in; without it a retried create makes a second flow log.
      ClientToken: randomUUID(),
      ResourceType: 'VPC',
      ResourceIds: [spec.vpcId],
      TrafficType: spec.trafficType,
      MaxAggregationInterval: spec.maxAggregationInterval,
      LogFormat: spec.logFormat,
      ...('s3Arn' in d
        ? { LogDestinationType: 's3', LogDestination: d.s3Arn }
        : { LogDestinationType: 'cloud-watch-logs', LogGroupName: d.logGroupName, DeliverLogsPermissionArn: d.roleArn }),
      TagSpecifications: tagSpec('vpc-flow-log', spec.tags),
    }),
  );
  const failure = out.Unsuccessful?.[0]?.Error;
  if (failure || !out.FlowLogIds?.length) {
    const e = new Error(`Creating the flow log failed: ${failure?.Code ?? 'Unknown'}: ${failure?.Message ?? 'no flow log id returned'}`);
    e.name = failure?.Code ?? 'FlowLogCreationFailed';
    throw e;
  }
  return out.FlowLogIds[0];
}

/** Deletes a flow log; a flow log that is already gone counts as deleted. */
export async function deleteFlowLog(ec2: Ec2, flowLogId: string, log: Log): Promise<void> {
  log(`Deleting flow log ${flowLogId}`);
  const out = await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [flowLogId] }));
  const failure = out.Unsuccessful?.[0]?.Error;
  if (failure && failure.Code !== 'InvalidFlowLogId.NotFound') {
    const e = new Error(`${failure.Code}: ${failure.Message}`);
    e.name = failure.Code ?? 'Unknown';
    throw e;
  }
}

/** Deletes a key pair. */
export async function deleteKeyPair(ec2: Ec2, name: string, log: Log): Promise<void> {
  log(`Deleting key pair ${name}`);
  await ec2.send(new DeleteKeyPairCommand({ KeyName: name }));
}

/** Removes a route table's association with a subnet. */
export async function deleteRouteTableAssociation(ec2: Ec2, associationId: string, log: Log): Promise<void> {
  log(`Disassociating route table (${associationId})`);
  await ec2.send(new DisassociateRouteTableCommand({ AssociationId: associationId }));
}

/** Deletes a route. */
export async function deleteRoute(ec2: Ec2, routeTableId: string, cidr: string, log: Log): Promise<void> {
  log(`Deleting route ${cidr} from ${routeTableId}`);
  await ec2.send(new DeleteRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: cidr }));
}

/** Detaches an internet gateway from its VPC. */
export async function deleteInternetGatewayAttachment(ec2: Ec2, igwId: string, vpcId: string, log: Log): Promise<void> {
  log(`Detaching ${igwId} from ${vpcId}`);
  await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
}

/** Deletes a security group. */
export async function deleteSecurityGroup(ec2: Ec2, groupId: string, log: Log): Promise<void> {
  log(`Deleting security group ${groupId}`);
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
}

/** Deletes an internet gateway. */
export async function deleteInternetGateway(ec2: Ec2, igwId: string, log: Log): Promise<void> {
  log(`Deleting internet gateway ${igwId}`);
  await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igwId }));
}

/** Deletes a subnet. */
export async function deleteSubnet(ec2: Ec2, subnetId: string, log: Log): Promise<void> {
  log(`Deleting subnet ${subnetId}`);
  await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
}

/** Deletes a route table. */
export async function deleteRouteTable(ec2: Ec2, routeTableId: string, log: Log): Promise<void> {
  log(`Deleting route table ${routeTableId}`);
  await ec2.send(new DeleteRouteTableCommand({ RouteTableId: routeTableId }));
}

/** Deletes a VPC. */
export async function deleteVpc(ec2: Ec2, vpcId: string, log: Log): Promise<void> {
  log(`Deleting VPC ${vpcId}`);
  await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
}
