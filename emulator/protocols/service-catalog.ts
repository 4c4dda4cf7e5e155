import type { Protocol, ServiceName } from '../framework/types';

/** What the gateway needs to know about a service before loading its SDK model. */
export interface ServiceSpec {
  service: ServiceName;
  /** The protocol the SDK v3 client speaks (and the one errors fall back to). */
  protocol: Protocol;
  /** Every protocol the service accepts, when it is more than one (CloudWatch: its JSON, awsQuery and CBOR). */
  protocols?: Protocol[];
  /** The SDK v3 client package whose static schemas drive (de)serialization. */
  sdkPackage: string;
  /** Smithy namespace of the service's shapes. */
  namespace: string;
  /** API version (query protocols send it as `Version`). */
  version: string;
  /** XML namespace of responses (query, EC2, REST-XML). */
  xmlNamespace?: string;
  /** `X-Amz-Target` prefix (JSON protocols). */
  targetPrefix?: string;
  /** JSON 1.0 with the awsQueryCompatible trait: errors also carry `x-amzn-query-error`. */
  queryCompatible?: boolean;
  /** The code AWS answers for a missing required member, and for a malformed member value. */
  missingParameterCode: string;
  invalidParameterCode: string;
}

/** The services the emulator answers, with their wire facts (as the SDK clients configure them). */
export const SERVICE_SPECS: Record<ServiceName, ServiceSpec> = {
  ec2: { service: 'ec2', protocol: 'ec2', sdkPackage: '@aws-sdk/client-ec2', namespace: 'com.amazonaws.ec2', version: '2016-11-15', xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/', missingParameterCode: 'MissingParameter', invalidParameterCode: 'InvalidParameterValue' },
  s3: { service: 's3', protocol: 'rest-xml', sdkPackage: '@aws-sdk/client-s3', namespace: 'com.amazonaws.s3', version: '2006-03-01', xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/', missingParameterCode: 'InvalidRequest', invalidParameterCode: 'InvalidArgument' },
  iam: { service: 'iam', protocol: 'query', sdkPackage: '@aws-sdk/client-iam', namespace: 'com.amazonaws.iam', version: '2010-05-08', xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/', missingParameterCode: 'MissingParameter', invalidParameterCode: 'ValidationError' },
  sts: { service: 'sts', protocol: 'query', sdkPackage: '@aws-sdk/client-sts', namespace: 'com.amazonaws.sts', version: '2011-06-15', xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/', missingParameterCode: 'MissingParameter', invalidParameterCode: 'ValidationError' },
  sns: { service: 'sns', protocol: 'query', sdkPackage: '@aws-sdk/client-sns', namespace: 'com.amazonaws.sns', version: '2010-03-31', xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/', missingParameterCode: 'MissingParameter', invalidParameterCode: 'InvalidParameter' },
  logs: { service: 'logs', protocol: 'json1.1', sdkPackage: '@aws-sdk/client-cloudwatch-logs', namespace: 'com.amazonaws.cloudwatchlogs', version: '2014-03-28', targetPrefix: 'Logs_20140328', missingParameterCode: 'InvalidParameterException', invalidParameterCode: 'InvalidParameterException' },
  monitoring: { service: 'monitoring', protocol: 'json1.0', sdkPackage: '@aws-sdk/client-cloudwatch', namespace: 'com.amazonaws.cloudwatch', version: '2010-08-01', xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/', targetPrefix: 'GraniteServiceVersion20100801', protocols: ['json1.0', 'query', 'rpcv2-cbor'], queryCompatible: true, missingParameterCode: 'MissingParameter', invalidParameterCode: 'InvalidParameterValue' },
  athena: { service: 'athena', protocol: 'json1.1', sdkPackage: '@aws-sdk/client-athena', namespace: 'com.amazonaws.athena', version: '2017-05-18', targetPrefix: 'AmazonAthena', missingParameterCode: 'ValidationException', invalidParameterCode: 'InvalidRequestException' },
  cloudtrail: { service: 'cloudtrail', protocol: 'json1.1', sdkPackage: '@aws-sdk/client-cloudtrail', namespace: 'com.amazonaws.cloudtrail', version: '2013-11-01', targetPrefix: 'CloudTrail_20131101', missingParameterCode: 'InvalidParameterException', invalidParameterCode: 'InvalidParameterException' },
};

/** Service by `X-Amz-Target` prefix. */
export const SERVICE_BY_TARGET: Record<string, ServiceName> = Object.fromEntries(
  Object.values(SERVICE_SPECS)
    .filter((s) => s.targetPrefix)
    .map((s) => [s.targetPrefix as string, s.service]),
);

/** Service by the `Version` of a query-protocol form (SigV4-less or presigned-less requests). */
export const SERVICE_BY_QUERY_VERSION: Record<string, ServiceName> = Object.fromEntries(
  Object.values(SERVICE_SPECS)
    .filter((s) => s.protocol === 'query' || s.protocol === 'ec2' || s.protocols?.includes('query'))
    .map((s) => [s.version, s.service]),
);

/** Is `name` one of the emulated services? */
export function isServiceName(name: string): name is ServiceName {
  return Object.prototype.hasOwnProperty.call(SERVICE_SPECS, name);
}
