// The VPC flow-log record fields of versions 2, 3, 4, 5 and 7 (aws-fidelity §1.2). Version 6 only
// has transit-gateway fields, which are not VPC fields, so it never appears here.
// Fields newer than v7 (reject-reason, resource-id, encryption-status, …) are left out on purpose:
// their version numbers are not established (aws-fidelity §8), and a wrong version would make
// `parseFormat` derive a wrong `version` value. Add them here once their versions are known.

/** How a field's value is typed (the Parquet type; in plain text every value is a string). */
export type FieldType = 'int32' | 'int64' | 'string';

/** One flow-log field: its id as written in `${…}`, the version that introduced it, its type and allowed values. */
export interface FieldSpec {
  readonly name: string;
  readonly version: number;
  readonly type: FieldType;
  /** The documented values besides `-`, when AWS lists them. */
  readonly values?: readonly string[];
  /**
   * Whether `values` is enforced when parsing. The AWS-service lists grow as AWS adds services,
   * so a record written by real AWS may carry a value newer than our list; those are open.
   */
  readonly closed?: boolean;
  /** Largest legal value for integer fields narrower than their type (ports, protocol). */
  readonly max?: number;
}

/** Values of `pkt-src-aws-service` / `pkt-dst-aws-service` as documented (VPC-TABLE). */
export const AWS_SERVICES = [
  'AMAZON', 'AMAZON_APPFLOW', 'AMAZON_CONNECT', 'API_GATEWAY', 'CHIME_MEETINGS', 'CHIME_VOICECONNECTOR', 'CLOUD9',
  'CLOUDFRONT', 'CODEBUILD', 'DYNAMODB', 'EBS', 'EC2', 'EC2_INSTANCE_CONNECT', 'GLOBALACCELERATOR', 'KINESIS_VIDEO_STREAMS',
  'ROUTE53', 'ROUTE53_HEALTHCHECKS', 'ROUTE53_HEALTHCHECKS_PUBLISHING', 'ROUTE53_RESOLVER', 'S3', 'WORKSPACES_GATEWAYS',
] as const;

const INT32_MAX = 2147483647;

function field(name: string, version: number, type: FieldType, extra: Partial<FieldSpec> = {}): FieldSpec {
  const max = extra.max ?? (type === 'int32' ? INT32_MAX : undefined);
  return Object.freeze({ name, version, type, ...extra, ...(max === undefined ? {} : { max }) });
}

const LIST: readonly FieldSpec[] = [
  // v2: the default format, in its fixed order.
  field('version', 2, 'int32'),
  field('account-id', 2, 'string'), // may be `unknown` for ENIs created by AWS services
  field('interface-id', 2, 'string'),
  field('srcaddr', 2, 'string'),
  field('dstaddr', 2, 'string'),
  field('srcport', 2, 'int32', { max: 65535 }),
  field('dstport', 2, 'int32', { max: 65535 }),
  field('protocol', 2, 'int32', { max: 255 }),
  field('packets', 2, 'int64'),
  field('bytes', 2, 'int64'),
  field('start', 2, 'int64'),
  field('end', 2, 'int64'),
  field('action', 2, 'string', { values: ['ACCEPT', 'REJECT'], closed: true }),
  field('log-status', 2, 'string', { values: ['OK', 'NODATA', 'SKIPDATA'], closed: true }),
  // v3
  field('vpc-id', 3, 'string'),
  field('subnet-id', 3, 'string'),
  field('instance-id', 3, 'string'),
  field('tcp-flags', 3, 'int32'),
  field('type', 3, 'string', { values: ['IPv4', 'IPv6', 'EFA'], closed: true }),
  field('pkt-srcaddr', 3, 'string'),
  field('pkt-dstaddr', 3, 'string'),
  // v4
  field('region', 4, 'string'),
  field('az-id', 4, 'string'),
  field('sublocation-type', 4, 'string', { values: ['wavelength', 'outpost', 'localzone'], closed: true }),
  field('sublocation-id', 4, 'string'),
  // v5
  field('pkt-src-aws-service', 5, 'string', { values: AWS_SERVICES, closed: false }),
  field('pkt-dst-aws-service', 5, 'string', { values: AWS_SERVICES, closed: false }),
  field('flow-direction', 5, 'string', { values: ['ingress', 'egress'], closed: true }),
  field('traffic-path', 5, 'int32'), // 1..8 today; no max so newer paths from real AWS still parse
  // v7 (ECS metadata; all strings, `-` when not applicable)
  field('ecs-cluster-arn', 7, 'string'),
  field('ecs-cluster-name', 7, 'string'),
  field('ecs-container-instance-arn', 7, 'string'),
  field('ecs-container-instance-id', 7, 'string'),
  field('ecs-container-id', 7, 'string'),
  field('ecs-second-container-id', 7, 'string'),
  field('ecs-service-name', 7, 'string'),
  field('ecs-task-definition-arn', 7, 'string'),
  field('ecs-task-arn', 7, 'string'),
  field('ecs-task-id', 7, 'string'),
];

/** Every known field by its id, in documentation order (v2 first, in default-format order). */
export const FIELDS: Readonly<Record<string, FieldSpec>> = Object.freeze(Object.fromEntries(LIST.map((f) => [f.name, f])));

/** The fields of the default format, in their fixed order. */
export const DEFAULT_FIELDS: readonly string[] = Object.freeze(LIST.filter((f) => f.version === 2).map((f) => f.name));

/** Returns the spec of a field id, or undefined when the id is not a known VPC flow-log field. */
export function fieldSpec(name: string): FieldSpec | undefined {
  return Object.prototype.hasOwnProperty.call(FIELDS, name) ? FIELDS[name] : undefined;
}
