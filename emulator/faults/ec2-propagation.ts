// The aws profile's EC2 eventual consistency. AWS documents that a resource just created may be
// unknown to the next call that names it, read or write ("InvalidInstanceID.NotFound" after
// RunInstances, "InvalidGroup.NotFound" after CreateSecurityGroup; EC2 developer guide, "Eventual
// consistency in the Amazon EC2 API"). The fault knob only holds back reads; this holds back both,
// for EC2, with the profile's delay, and combines with whatever the fault knobs add.
import { AwsError } from '../framework/types';
import { notFound } from '../services/ec2/errors';
import { YoungResources, type KindName, type Scope } from './consistency';

/** Input members that name a resource of a kind, with the error EC2 answers for an unknown one. */
interface Reference {
  kind: KindName;
  members: string[];
  error: (id: string) => AwsError;
  /** Operations that create the resource under that name (CreateKeyPair names its own KeyName). */
  creates?: string[];
}

const REFERENCES: Reference[] = [
  { kind: 'security-group', members: ['GroupId', 'GroupIds', 'SecurityGroupIds', 'Groups'], error: (id) => notFound('sg', id) },
  { kind: 'subnet', members: ['SubnetId', 'SubnetIds'], error: (id) => notFound('subnet', id) },
  { kind: 'key-pair', members: ['KeyName', 'KeyNames'], error: (id) => notFound('key', id), creates: ['CreateKeyPair', 'ImportKeyPair'] },
  { kind: 'instance', members: ['InstanceId', 'InstanceIds'], error: (id) => notFound('i', id) },
  // A route names its target as a "gateway": CreateRoute answers InvalidGatewayID.NotFound.
  { kind: 'internet-gateway', members: ['GatewayId'], error: (id) => new AwsError('InvalidGatewayID.NotFound', `The gateway ID '${id}' does not exist`) },
  { kind: 'internet-gateway', members: ['InternetGatewayId', 'InternetGatewayIds'], error: (id) => notFound('igw', id) },
  { kind: 'vpc', members: ['VpcId', 'VpcIds'], error: (id) => notFound('vpc', id) },
  { kind: 'route-table', members: ['RouteTableId', 'RouteTableIds'], error: (id) => notFound('rtb', id) },
  { kind: 'network-interface', members: ['NetworkInterfaceId', 'NetworkInterfaceIds'], error: (id) => notFound('eni', id) },
];

/** EC2 resources younger than the profile's propagation delay, for reads and writes alike. */
export class Ec2Propagation {
  private readonly young: YoungResources;

  constructor(readonly delayMs: number) {
    this.young = new YoungResources(() => delayMs);
  }

  /** Whether the profile models propagation for this request at all. */
  applies(scope: Scope): boolean {
    return this.delayMs > 0 && scope.service === 'ec2';
  }

  /** Remembers what a successful Create* made. */
  record(scope: Scope, operation: string, input: unknown, output: unknown, nowMs: number): void {
    if (this.applies(scope)) this.young.record(scope, operation, input, output, nowMs);
  }

  /** The NotFound AWS answers while a named resource has not propagated, else undefined. */
  error(scope: Scope, operation: string, input: unknown, nowMs: number): AwsError | undefined {
    if (!this.applies(scope) || !input || typeof input !== 'object') return undefined;
    for (const ref of REFERENCES) {
      if (ref.creates?.includes(operation)) continue;
      for (const member of ref.members) {
        const value = (input as Record<string, unknown>)[member];
        const named = Array.isArray(value) ? value : [value];
        const young = named.find((v) => typeof v === 'string' && this.young.isYoung(scope, ref.kind, v, nowMs));
        if (young) return ref.error(young as string);
      }
    }
    return undefined;
  }

  /** A read's output without resources that have not propagated yet. */
  omitYoung(scope: Scope, operation: string, output: unknown, nowMs: number): unknown {
    return this.applies(scope) ? this.young.omitYoung(scope, operation, output, nowMs) : output;
  }

  /** Forgets everything (reset). */
  clear(): void {
    this.young.clear();
  }
}
