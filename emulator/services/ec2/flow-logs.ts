import { ec2Id, parseArn } from '../../../core/ids';
import { DEFAULT_FORMAT, FlowLogFormatError, LogDestinationError, parseFormat, parseLogDestination } from '../../../flowlogs';
import { AwsError } from '../../framework/types';
import { getBucket, setBucketPolicyInternal, type S3State } from '../s3/store';
import { checkId, invalidParameter, missingParameter, notFound } from './errors';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op, idempotent, type Ec2Call } from './handler';
import { deliveryResourceArn, MAX_POLICY_BYTES, policyAllowsDelivery, withLogDeliveryStatements } from './flow-log-bucket-policy';
import type { Ec2State, FlowLogRec } from './state';
import { setTags, tagList, tagsFromSpecs, tagsOf, type TagSpecification } from './tags';

interface CreateFlowLogsInput {
  ClientToken?: string;
  DeliverLogsPermissionArn?: string;
  DeliverCrossAccountRole?: string;
  LogGroupName?: string;
  ResourceIds?: string[];
  ResourceType?: string;
  TrafficType?: string;
  LogDestinationType?: string;
  LogDestination?: string;
  LogFormat?: string;
  TagSpecifications?: TagSpecification[];
  MaxAggregationInterval?: number;
  DestinationOptions?: { FileFormat?: string; HiveCompatiblePartitions?: boolean; PerHourPartition?: boolean };
}

interface Unsuccessful {
  Error: { Code: string; Message: string };
  ResourceId: string;
}

const RESOURCE_PREFIX = { VPC: 'vpc', Subnet: 'subnet', NetworkInterface: 'eni' } as const;
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([^:]+)(:\*)?$/;

/** The destination part of a flow log, validated: everything except the resource. */
type Destination = Pick<
  FlowLogRec,
  'destinationType' | 'logGroupName' | 'logDestination' | 'bucket' | 'prefix' | 'deliverLogsPermissionArn' | 'deliverCrossAccountRole' | 'fileFormat' | 'hiveCompatiblePartitions' | 'perHourPartition'
>;

/** Validates the destination parameters (CloudWatch Logs, S3 or Firehose) as CreateFlowLogs does. */
function destinationOf(input: CreateFlowLogsInput, call: Ec2Call): Destination {
  const type = input.LogDestinationType ?? 'cloud-watch-logs';
  const role = input.DeliverLogsPermissionArn;
  if (type === 'cloud-watch-logs') {
    if (input.LogGroupName && input.LogDestination) throw invalidParameter('Please only provide LogGroupName or only provide LogDestination.');
    if (!role) throw invalidParameter('DeliverLogsPermissionArn can\'t be empty if LogDestinationType is cloud-watch-logs.');
    if (!isRoleArn(role)) throw invalidParameter(`DeliverLogsPermissionArn ${role} is not a valid IAM role ARN.`);
    if (input.DestinationOptions) throw invalidParameter('DestinationOptions is not applicable for cloud-watch-logs delivery.');
    let name = input.LogGroupName;
    if (!name && input.LogDestination) {
      const m = LOG_GROUP_ARN.exec(input.LogDestination);
      if (!m) throw invalidParameter(`LogDestination ${input.LogDestination} is not a valid CloudWatch Logs log group ARN.`);
      name = m[1];
    }
    if (!name) throw invalidParameter('LogGroupName can\'t be empty if LogDestinationType is cloud-watch-logs and LogDestination is not provided.');
    if (!/^[\w\-./#]{1,512}$/.test(name)) throw invalidParameter(`LogGroupName ${name} is not a valid log group name.`);
    return {
      destinationType: 'cloud-watch-logs',
      logGroupName: name,
      logDestination: `arn:aws:logs:${call.ctx.region}:${call.ctx.accountId}:log-group:${name}`,
      deliverLogsPermissionArn: role,
      deliverCrossAccountRole: input.DeliverCrossAccountRole,
    };
  }
  if (type === 's3') {
    if (role) throw invalidParameter('DeliverLogsPermissionArn is not applicable for s3 delivery');
    if (input.LogGroupName) throw invalidParameter('LogGroupName is not applicable for s3 delivery');
    if (!input.LogDestination) throw invalidParameter('LogDestination can\'t be empty if LogDestinationType is s3.');
    let parsed;
    try {
      parsed = parseLogDestination(input.LogDestination);
    } catch (err) {
      if (err instanceof LogDestinationError) throw new AwsError(err.code, err.message);
      throw err;
    }
    const options = input.DestinationOptions ?? {};
    const fileFormat = options.FileFormat ?? 'plain-text';
    if (fileFormat !== 'plain-text' && fileFormat !== 'parquet') {
      throw new AwsError('InvalidParameterValue', `Value (${fileFormat}) for parameter DestinationOptions.FileFormat is invalid. Valid values are plain-text and parquet.`);
    }
    return {
      destinationType: 's3',
      logDestination: input.LogDestination,
      bucket: parsed.bucket,
      prefix: parsed.prefix,
      fileFormat,
      hiveCompatiblePartitions: options.HiveCompatiblePartitions ?? false,
      perHourPartition: options.PerHourPartition ?? false,
    };
  }
  if (type === 'kinesis-data-firehose') {
    if (!input.LogDestination || !/^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[\w.-]+$/.test(input.LogDestination)) {
      throw invalidParameter('LogDestination must be the ARN of a Kinesis Data Firehose delivery stream for kinesis-data-firehose delivery.');
    }
    return { destinationType: 'kinesis-data-firehose', logDestination: input.LogDestination, deliverLogsPermissionArn: role, deliverCrossAccountRole: input.DeliverCrossAccountRole };
  }
  throw new AwsError('InvalidParameterValue', `Value (${type}) for parameter LogDestinationType is invalid. Valid values are cloud-watch-logs, s3 and kinesis-data-firehose.`);
}

/** Why one resource cannot get this flow log, or undefined when it can. */
function resourceProblem(st: Ec2State, resourceType: keyof typeof RESOURCE_PREFIX, id: string, trafficType: string, dest: Destination): AwsError | undefined {
  const prefix = RESOURCE_PREFIX[resourceType];
  try {
    checkId(prefix, id);
  } catch (err) {
    return err as AwsError;
  }
  const table = resourceType === 'VPC' ? st.vpcs : resourceType === 'Subnet' ? st.subnets : st.enis;
  if (!(id in table)) return notFound(prefix, id);
  const duplicate = Object.values(st.flowLogs).some(
    (f) => f.resourceId === id && f.trafficType === trafficType && f.destinationType === dest.destinationType && f.logDestination === dest.logDestination,
  );
  if (duplicate) return new AwsError('FlowLogAlreadyExists', 'Error. There is an existing Flow Log with the same configuration and log destination.');
  return undefined;
}

/** Checks the S3 bucket and adds the delivery statements to its policy; returns the failure every resource gets, if any. */
function prepareBucket(dest: Destination, call: Ec2Call): { Code: string; Message: string } | undefined {
  const s3 = call.ctx.stateOf<S3State>('s3');
  const bucket = getBucket(s3, dest.bucket!);
  if (!bucket) return { Code: 'LogDestinationNotFoundException', Message: `LogDestination: ${dest.bucket} does not exist.` };
  const resource = deliveryResourceArn(dest.bucket!, dest.prefix ?? '', call.ctx.accountId, dest.hiveCompatiblePartitions ?? false);
  const denied = { Code: 'LogDestinationPermissionIssueException', Message: `Access Denied for LogDestination: ${dest.bucket}. Please check LogDestination permission` };
  // AWS edits the policy only for the bucket owner; another account's bucket must already allow delivery.
  if (bucket.ownerAccountId && bucket.ownerAccountId !== call.ctx.accountId) {
    return policyAllowsDelivery(bucket.policy, resource) ? undefined : denied;
  }
  const policy = withLogDeliveryStatements(bucket.policy, dest.bucket!, resource, call.ctx.accountId, call.ctx.region);
  if (Buffer.byteLength(policy) > MAX_POLICY_BYTES) return denied;
  setBucketPolicyInternal(s3, dest.bucket!, policy);
  return undefined;
}

function createFlowLogs(input: CreateFlowLogsInput, call: Ec2Call) {
  const { st, now } = call;
  return idempotent(st, 'CreateFlowLogs', input.ClientToken, () => {
    if (!input.ResourceIds || input.ResourceIds.length === 0) throw missingParameter('ResourceId');
    if (!input.ResourceType) throw missingParameter('ResourceType');
    if (!(input.ResourceType in RESOURCE_PREFIX)) {
      throw new AwsError('InvalidParameterValue', `Value (${input.ResourceType}) for parameter ResourceType is invalid. The emulator supports VPC, Subnet and NetworkInterface.`);
    }
    const resourceType = input.ResourceType as keyof typeof RESOURCE_PREFIX;
    if (!input.TrafficType) throw missingParameter('TrafficType');
    if (!['ACCEPT', 'REJECT', 'ALL'].includes(input.TrafficType)) {
      throw new AwsError('InvalidParameterValue', `Value (${input.TrafficType}) for parameter TrafficType is invalid. Valid values are ACCEPT, REJECT and ALL.`);
    }
    const interval = input.MaxAggregationInterval ?? 600;
    if (interval !== 60 && interval !== 600) throw invalidParameter('Invalid MaxAggregationInterval. Valid values are 60 and 600.');
    let logFormat = DEFAULT_FORMAT;
    try {
      logFormat = parseFormat(input.LogFormat).text;
    } catch (err) {
      if (err instanceof FlowLogFormatError) throw new AwsError(err.code, err.message);
      throw err;
    }
    const dest = destinationOf(input, call);
    const tags = tagsFromSpecs(input.TagSpecifications, ['vpc-flow-log']);
    const unsuccessful: Unsuccessful[] = [];
    const ok: string[] = [];
    for (const id of [...new Set(input.ResourceIds)]) {
      const problem = resourceProblem(st, resourceType, id, input.TrafficType, dest);
      if (problem) unsuccessful.push({ Error: { Code: problem.code, Message: problem.message }, ResourceId: id });
      else ok.push(id);
    }
    const bucketFailure = ok.length > 0 && dest.destinationType === 's3' ? prepareBucket(dest, call) : undefined;
    if (bucketFailure) {
      unsuccessful.push(...ok.map((ResourceId) => ({ Error: bucketFailure, ResourceId })));
      ok.length = 0;
    }
    const flowLogIds = ok.map((resourceId) => {
      const fl: FlowLogRec = {
        id: ec2Id('fl'),
        resourceId,
        resourceType,
        trafficType: input.TrafficType as FlowLogRec['trafficType'],
        ...dest,
        logFormat,
        maxAggregationInterval: interval,
        createdAt: now,
        deliverLogsStatus: 'SUCCESS',
      };
      st.flowLogs[fl.id] = fl;
      setTags(st, fl.id, tags['vpc-flow-log']);
      return fl.id;
    });
    return { ClientToken: input.ClientToken, FlowLogIds: flowLogIds, Unsuccessful: unsuccessful };
  });
}

/** The SDK `FlowLog` shape of a record. */
function flowLogView(st: Ec2State, fl: FlowLogRec) {
  return {
    CreationTime: new Date(fl.createdAt),
    DeliverLogsErrorMessage: fl.deliverLogsErrorMessage,
    DeliverLogsPermissionArn: fl.deliverLogsPermissionArn,
    DeliverCrossAccountRole: fl.deliverCrossAccountRole,
    DeliverLogsStatus: fl.deliverLogsStatus,
    FlowLogId: fl.id,
    FlowLogStatus: 'ACTIVE',
    LogGroupName: fl.logGroupName,
    ResourceId: fl.resourceId,
    TrafficType: fl.trafficType,
    LogDestinationType: fl.destinationType,
    LogDestination: fl.logDestination,
    LogFormat: fl.logFormat,
    Tags: tagList(st, fl.id) ?? [],
    MaxAggregationInterval: fl.maxAggregationInterval,
    DestinationOptions:
      fl.destinationType === 's3'
        ? { FileFormat: fl.fileFormat, HiveCompatiblePartitions: fl.hiveCompatiblePartitions, PerHourPartition: fl.perHourPartition }
        : undefined,
  };
}

/** The flow log operations: CreateFlowLogs, DescribeFlowLogs, DeleteFlowLogs. */
export const flowLogHandlers = {
  CreateFlowLogs: ec2Op(createFlowLogs),

  DescribeFlowLogs: ec2Op<{ FlowLogIds?: string[]; Filter?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st }) => {
      let logs = Object.values(st.flowLogs);
      if (input.FlowLogIds?.length) logs = logs.filter((f) => input.FlowLogIds!.includes(f.id));
      const matching = applyFilters(logs, input.Filter, {
        fields: {
          'deliver-log-status': (f) => f.deliverLogsStatus,
          'log-destination-type': (f) => f.destinationType,
          'flow-log-id': (f) => f.id,
          'log-group-name': (f) => f.logGroupName,
          'resource-id': (f) => f.resourceId,
          'traffic-type': (f) => f.trafficType,
        },
        tags: (f) => tagsOf(st, f.id),
      });
      const { page, nextToken } = paginate(matching, input.MaxResults, input.NextToken);
      return { FlowLogs: page.map((f) => flowLogView(st, f)), NextToken: nextToken };
    },
    { readOnly: true },
  ),

  DeleteFlowLogs: ec2Op<{ FlowLogIds?: string[] }>((input, { st }) => {
    if (!input.FlowLogIds || input.FlowLogIds.length === 0) throw missingParameter('FlowLogId');
    const unsuccessful: Unsuccessful[] = [];
    for (const id of input.FlowLogIds) {
      if (st.flowLogs[id]) {
        delete st.flowLogs[id];
        delete st.tags[id];
      } else {
        unsuccessful.push({
          Error: { Code: 'InvalidFlowLogId.NotFound', Message: `These flow log ids in the input list are not found: [TotalCount: 1] ${id}` },
          ResourceId: id,
        });
      }
    }
    return { Unsuccessful: unsuccessful };
  }),
};

/** An IAM role ARN (`arn:aws:iam::123456789012:role/Name`): flow-log delivery assumes it, so nothing else will do. */
function isRoleArn(value: string): boolean {
  const arn = parseArn(value);
  return !!arn && arn.service === 'iam' && arn.region === '' && /^\d{12}$/.test(arn.account) && /^role\/[\w+=,.@/-]{1,512}$/.test(arn.resource);
}
