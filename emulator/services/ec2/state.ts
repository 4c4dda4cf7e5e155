import type { TimeProfile } from '../../framework/time-profile';

/**
 * The EC2 service's state for one account and region. Plain JSON-able records keyed by id
 * (the emulator snapshots state to disk), so no Maps, classes or functions live here.
 */

/** One VPC. */
export interface VpcRec {
  id: string;
  cidr: string;
  cidrAssociationId: string;
  dhcpOptionsId: string;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  enableNetworkAddressUsageMetrics: boolean;
  defaultSecurityGroupId: string;
  mainRouteTableId: string;
  createdAt: number;
}

/** One subnet. */
export interface SubnetRec {
  id: string;
  vpcId: string;
  cidr: string;
  az: string;
  azId: string;
  mapPublicIpOnLaunch: boolean;
  createdAt: number;
}

/** One internet gateway; `vpcId` is set while it is attached. */
export interface IgwRec {
  id: string;
  vpcId?: string;
}

/** One route of a route table (the `local` route is stored like the others). */
export interface RouteRec {
  destination: string;
  gatewayId?: string;
  instanceId?: string;
  networkInterfaceId?: string;
  origin: 'CreateRouteTable' | 'CreateRoute';
}

/** One route table association: the main one (no subnet) or a subnet's. */
export interface RtbAssocRec {
  id: string;
  main: boolean;
  subnetId?: string;
}

/** One route table. */
export interface RouteTableRec {
  id: string;
  vpcId: string;
  routes: RouteRec[];
  associations: RtbAssocRec[];
}

/** One security group rule, stored flat as DescribeSecurityGroupRules shows it. */
export interface SgRuleRec {
  id: string;
  egress: boolean;
  /** Normalised: `tcp`, `udp`, `icmp`, `icmpv6`, `-1` or another protocol number as text. */
  protocol: string;
  fromPort: number;
  toPort: number;
  cidr?: string;
  cidrV6?: string;
  groupId?: string;
  userId?: string;
  description?: string;
}

/** One security group. */
export interface SecurityGroupRec {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  rules: SgRuleRec[];
}

/** One key pair. Only the public half is kept: the emulator's SSH servers authenticate with it. */
export interface KeyPairRec {
  id: string;
  name: string;
  type: 'rsa' | 'ed25519';
  fingerprint: string;
  /** `ssh-ed25519 AAAA… name`, as in an authorized_keys line. */
  publicKeyOpenSsh: string;
  createdAt: number;
}

/** A scheduled state change of an instance; the current state is the last one whose `at` has passed. */
export interface InstanceTransition {
  at: number;
  state: InstanceStateName;
  reason?: string;
}

/** The EC2 instance state names with their codes (low byte of InstanceState.Code). */
export const INSTANCE_STATE_CODES = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
} as const;

/** An instance state name. */
export type InstanceStateName = keyof typeof INSTANCE_STATE_CODES;

/** One instance. */
export interface InstanceRec {
  id: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  keyName?: string;
  /** Base64 user data exactly as given to RunInstances. */
  userData?: string;
  subnetId: string;
  vpcId: string;
  az: string;
  privateIp: string;
  primaryEniId: string;
  launchIndex: number;
  clientToken?: string;
  launchedAt: number;
  transitions: InstanceTransition[];
  /** Whether the primary ENI gets a public IP on start (it is released on stop, as on AWS). */
  wantsPublicIp: boolean;
  disableApiTermination: boolean;
  architecture: string;
  rootDeviceName: string;
  volumeId: string;
  /** The ENIs are released once the instance has reached `terminated`. */
  released?: boolean;
}

/** One elastic network interface. */
export interface EniRec {
  id: string;
  subnetId: string;
  vpcId: string;
  az: string;
  privateIp: string;
  publicIp?: string;
  macAddress: string;
  groupIds: string[];
  description: string;
  sourceDestCheck: boolean;
  attachment?: { id: string; instanceId: string; deviceIndex: number; attachedAt: number; deleteOnTermination: boolean };
}

/** One flow log, with everything the delivery engine needs. */
export interface FlowLogRec {
  id: string;
  resourceId: string;
  resourceType: 'VPC' | 'Subnet' | 'NetworkInterface';
  trafficType: 'ACCEPT' | 'REJECT' | 'ALL';
  destinationType: 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose';
  /** CloudWatch Logs: the group name. */
  logGroupName?: string;
  /** The ARN as DescribeFlowLogs shows it (log group ARN for CloudWatch, bucket[/prefix] ARN for S3). */
  logDestination?: string;
  /** S3 only: bucket and optional folder (without slashes at either end). */
  bucket?: string;
  prefix?: string;
  deliverLogsPermissionArn?: string;
  deliverCrossAccountRole?: string;
  logFormat: string;
  maxAggregationInterval: 60 | 600;
  fileFormat?: 'plain-text' | 'parquet';
  hiveCompatiblePartitions?: boolean;
  perHourPartition?: boolean;
  createdAt: number;
  deliverLogsStatus: 'SUCCESS' | 'FAILED';
  deliverLogsErrorMessage?: string;
}

/** The whole EC2 state of one account and region. */
export interface Ec2State {
  vpcs: Record<string, VpcRec>;
  subnets: Record<string, SubnetRec>;
  igws: Record<string, IgwRec>;
  routeTables: Record<string, RouteTableRec>;
  securityGroups: Record<string, SecurityGroupRec>;
  /** Keyed by key name (names are unique per region). */
  keyPairs: Record<string, KeyPairRec>;
  instances: Record<string, InstanceRec>;
  enis: Record<string, EniRec>;
  flowLogs: Record<string, FlowLogRec>;
  /** Tags of every resource: resource id → key → value. */
  tags: Record<string, Record<string, string>>;
  /** Idempotency: `Operation:token` → the first answer. */
  clientTokens: Record<string, unknown>;
  dhcpOptionsId?: string;
  /** Counter for public IPs handed out from the documentation ranges. */
  publicIpCounter: number;
}

/** A fresh, empty EC2 state. */
export function createEc2State(): Ec2State {
  return {
    vpcs: {},
    subnets: {},
    igws: {},
    routeTables: {},
    securityGroups: {},
    keyPairs: {},
    instances: {},
    enis: {},
    flowLogs: {},
    tags: {},
    clientTokens: {},
    publicIpCounter: 0,
  };
}

/** How long the instance state machine takes in one time profile. */
export interface InstanceTimings {
  pendingMs: number;
  shuttingDownMs: number;
  stoppingMs: number;
}

/** Terminated instances stay visible in DescribeInstances this long, then disappear (as on AWS, about an hour). */
export const TERMINATED_VISIBLE_MS = 3_600_000;

/**
 * The instance timings of a time profile (framework/time-profile.ts): `fast` takes a fifth of a
 * second per step so a whole lab runs in seconds; `realtime` and `aws` take about what AWS takes.
 */
export function instanceTimings(profile: TimeProfile): InstanceTimings {
  const d = profile.durations;
  return { pendingMs: d.instancePendingMs, shuttingDownMs: d.instanceShuttingDownMs, stoppingMs: d.instanceStoppingMs };
}
