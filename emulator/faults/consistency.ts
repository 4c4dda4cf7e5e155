// Eventual consistency, LocalStack-style but generic: the fault layer remembers what Create* calls
// created and when; until `consistencyDelayMs` has passed, a read that names such a resource gets
// the NotFound the service answers for a missing id, and lists leave it out. Writes are untouched
// here; the aws profile's EC2 propagation (ec2-propagation.ts) also holds back writes.
import { AwsError, type ServiceName } from '../framework/types';
import { notFound as ec2NotFound } from '../services/ec2/errors';
import { iamErrors } from '../services/iam/errors';
import { s3Errors } from '../services/s3/errors';
import { snsErrors } from '../services/sns/errors';

/** One kind of resource: how reads name it, how lists show it, and what a read of a missing one answers. */
interface Kind {
  service: ServiceName;
  /** Top-level input members of reads that name one (or a list of) this kind. */
  inputs: string[];
  /** The top-level output member listing resources of this kind. */
  list: string;
  /** The member of a listed resource holding its id. */
  idField: string;
  /** The error for a read naming a missing one; absent where AWS answers such a read with an empty list. */
  notFound?: (id: string, operation: string) => AwsError;
}

const LOG_GROUP_MISSING = () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);

const KINDS = {
  vpc: { service: 'ec2', inputs: ['VpcId', 'VpcIds'], list: 'Vpcs', idField: 'VpcId', notFound: (id) => ec2NotFound('vpc', id) },
  subnet: { service: 'ec2', inputs: ['SubnetId', 'SubnetIds'], list: 'Subnets', idField: 'SubnetId', notFound: (id) => ec2NotFound('subnet', id) },
  'internet-gateway': { service: 'ec2', inputs: ['InternetGatewayId', 'InternetGatewayIds'], list: 'InternetGateways', idField: 'InternetGatewayId', notFound: (id) => ec2NotFound('igw', id) },
  'route-table': { service: 'ec2', inputs: ['RouteTableId', 'RouteTableIds'], list: 'RouteTables', idField: 'RouteTableId', notFound: (id) => ec2NotFound('rtb', id) },
  'security-group': { service: 'ec2', inputs: ['GroupId', 'GroupIds'], list: 'SecurityGroups', idField: 'GroupId', notFound: (id) => ec2NotFound('sg', id) },
  instance: { service: 'ec2', inputs: ['InstanceId', 'InstanceIds'], list: 'Instances', idField: 'InstanceId', notFound: (id) => ec2NotFound('i', id) },
  'network-interface': { service: 'ec2', inputs: ['NetworkInterfaceId', 'NetworkInterfaceIds'], list: 'NetworkInterfaces', idField: 'NetworkInterfaceId', notFound: (id) => ec2NotFound('eni', id) },
  // DescribeFlowLogs answers unknown ids with an empty list, so a young flow log is only left out.
  'flow-log': { service: 'ec2', inputs: [], list: 'FlowLogs', idField: 'FlowLogId' },
  'key-pair': { service: 'ec2', inputs: ['KeyName', 'KeyNames'], list: 'KeyPairs', idField: 'KeyName', notFound: (id) => ec2NotFound('key', id) },
  bucket: { service: 's3', inputs: ['Bucket'], list: 'Buckets', idField: 'Name', notFound: (id, op) => (op === 'HeadBucket' || op === 'HeadObject' ? s3Errors.headNotFound() : s3Errors.noSuchBucket(id)) },
  role: { service: 'iam', inputs: ['RoleName'], list: 'Roles', idField: 'RoleName', notFound: (id) => iamErrors.noSuchRole(id) },
  'log-group': {
    service: 'logs',
    inputs: ['logGroupName', 'logGroupNames'],
    list: 'logGroups',
    idField: 'logGroupName',
    notFound: (id, op) => (op === 'StartQuery' ? new AwsError('ResourceNotFoundException', `Log group '${id}' does not exist.`, 400) : LOG_GROUP_MISSING()),
  },
  topic: { service: 'sns', inputs: ['TopicArn'], list: 'Topics', idField: 'TopicArn', notFound: () => snsErrors.topicNotFound() },
} satisfies Record<string, Kind>;

/** The kinds of resource whose creation is remembered. */
export type KindName = keyof typeof KINDS;
type Created = Array<[KindName, unknown]>;

const ids = (list: unknown, field: string): unknown[] => (Array.isArray(list) ? list.map((x) => (x as Record<string, unknown>)?.[field]) : []);

/** What each creating operation creates, and where its id is (output, or input for name-keyed resources). */
const CREATES: Partial<Record<ServiceName, Record<string, (input: any, output: any) => Created>>> = {
  ec2: {
    CreateVpc: (_i, o) => [['vpc', o?.Vpc?.VpcId]],
    CreateSubnet: (_i, o) => [['subnet', o?.Subnet?.SubnetId]],
    CreateInternetGateway: (_i, o) => [['internet-gateway', o?.InternetGateway?.InternetGatewayId]],
    CreateRouteTable: (_i, o) => [['route-table', o?.RouteTable?.RouteTableId]],
    CreateSecurityGroup: (_i, o) => [['security-group', o?.GroupId]],
    CreateNetworkInterface: (_i, o) => [['network-interface', o?.NetworkInterface?.NetworkInterfaceId]],
    RunInstances: (_i, o) => [
      ...ids(o?.Instances, 'InstanceId').map((id): [KindName, unknown] => ['instance', id]),
      ...(Array.isArray(o?.Instances) ? o.Instances : []).flatMap((inst: any) => ids(inst?.NetworkInterfaces, 'NetworkInterfaceId').map((id): [KindName, unknown] => ['network-interface', id])),
    ],
    CreateFlowLogs: (_i, o) => (Array.isArray(o?.FlowLogIds) ? o.FlowLogIds : []).map((id: unknown): [KindName, unknown] => ['flow-log', id]),
    CreateKeyPair: (_i, o) => [['key-pair', o?.KeyName]],
    ImportKeyPair: (_i, o) => [['key-pair', o?.KeyName]],
  },
  s3: { CreateBucket: (i) => [['bucket', i?.Bucket]] },
  iam: { CreateRole: (i) => [['role', i?.RoleName]] },
  logs: { CreateLogGroup: (i) => [['log-group', i?.logGroupName]] },
  sns: { CreateTopic: (_i, o) => [['topic', o?.TopicArn]] },
};

const KINDS_BY_SERVICE = new Map<ServiceName, Array<[KindName, Kind]>>();
for (const [name, kind] of Object.entries(KINDS) as Array<[KindName, Kind]>) {
  KINDS_BY_SERVICE.set(kind.service, [...(KINDS_BY_SERVICE.get(kind.service) ?? []), [name, kind]]);
}

/** Operations that read: they may not see a resource younger than the consistency delay. */
export function isReadOperation(operation: string): boolean {
  return /^(Describe|Get|List|Head|Filter)/.test(operation) || operation === 'StartQuery';
}

/** Where a request acts: S3 bucket names are global, IAM names per account, the rest per account and region. */
export interface Scope {
  service: ServiceName;
  accountId: string;
  region: string;
}

function scopeKey(s: Scope): string {
  if (s.service === 's3') return 's3';
  if (s.service === 'iam') return `iam/${s.accountId}`;
  return `${s.service}/${s.accountId}/${s.region}`;
}

/** The created resources of the last `delayMs`, by scope, kind and id. */
export class YoungResources {
  private readonly created = new Map<string, number>();

  constructor(private readonly delayMs: () => number) {}

  /** Remembers what a successful Create* call made, stamped with `nowMs` (the first creation counts). */
  record(scope: Scope, operation: string, input: unknown, output: unknown, nowMs: number): void {
    const extract = CREATES[scope.service]?.[operation];
    if (!extract || this.delayMs() <= 0) return;
    this.prune(nowMs);
    for (const [kind, id] of extract(input, output)) {
      if (typeof id !== 'string' || !id) continue;
      const key = `${scopeKey(scope)}|${kind}|${id}`;
      if (!this.created.has(key)) this.created.set(key, nowMs);
    }
  }

  /** The NotFound a read answers when it names a resource created less than the delay ago, else undefined. */
  readError(scope: Scope, operation: string, input: unknown, nowMs: number): AwsError | undefined {
    if (!this.created.size || !isReadOperation(operation) || !input || typeof input !== 'object') return undefined;
    for (const [name, kind] of KINDS_BY_SERVICE.get(scope.service) ?? []) {
      if (!kind.notFound) continue;
      for (const member of kind.inputs) {
        const value = (input as Record<string, unknown>)[member];
        const named = Array.isArray(value) ? value : [value];
        const young = named.find((v) => typeof v === 'string' && this.isYoung(scope, name, v, nowMs));
        if (young) return kind.notFound(young as string, operation);
      }
    }
    return undefined;
  }

  /** A read's output with young resources left out of its lists (EC2 reservations left empty go too). */
  omitYoung(scope: Scope, operation: string, output: unknown, nowMs: number): unknown {
    if (!this.created.size || !isReadOperation(operation) || !output || typeof output !== 'object') return output;
    const kinds = KINDS_BY_SERVICE.get(scope.service) ?? [];
    const keep = (name: KindName, kind: Kind) => (item: unknown) => {
      const id = (item as Record<string, unknown>)?.[kind.idField];
      return !(typeof id === 'string' && this.isYoung(scope, name, id, nowMs));
    };
    const out = { ...(output as Record<string, unknown>) };
    for (const [name, kind] of kinds) {
      const list = out[kind.list];
      if (Array.isArray(list)) out[kind.list] = list.filter(keep(name, kind));
    }
    if (scope.service === 'ec2' && Array.isArray(out.Reservations)) {
      const instances = KINDS.instance;
      out.Reservations = out.Reservations.map((r: any) => ({ ...r, Instances: (r?.Instances ?? []).filter(keep('instance', instances)) })).filter((r: any) => r.Instances.length > 0);
    }
    return out;
  }

  /** Forgets everything (reset, or new settings). */
  clear(): void {
    this.created.clear();
  }

  /** Whether this resource was created less than the delay ago. */
  isYoung(scope: Scope, kind: KindName, id: string, nowMs: number): boolean {
    const at = this.created.get(`${scopeKey(scope)}|${kind}|${id}`);
    return at !== undefined && nowMs - at < this.delayMs();
  }

  private prune(nowMs: number): void {
    if (this.created.size < 256) return;
    for (const [key, at] of this.created) if (nowMs - at >= this.delayMs()) this.created.delete(key);
  }
}
