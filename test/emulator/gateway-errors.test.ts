import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { GetBucketAnalyticsConfigurationCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { DescribeDestinationsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import { ListApplicationDPUSizesCommand } from '@aws-sdk/client-athena';
import { ListPlatformApplicationsCommand } from '@aws-sdk/client-sns';
import { ListSAMLProvidersCommand } from '@aws-sdk/client-iam';
import { failure, startTestEmulator, type AwsSdkError, type TestEmulator } from './helpers';
import type { ServiceProvider } from '../../emulator/framework/types';

// Operations no provider will implement (the lab never needs them), so these assertions stay true.
const NOT_IMPLEMENTED: Array<[string, string, (e: TestEmulator) => Promise<unknown>]> = [
  ['ec2', 'DescribeVolumes', (e) => e.clients.ec2.send(new DescribeVolumesCommand({}))],
  ['s3', 'GetBucketAnalyticsConfiguration', (e) => e.clients.s3.send(new GetBucketAnalyticsConfigurationCommand({ Bucket: 'any-bucket', Id: 'x' }))],
  ['logs', 'DescribeDestinations', (e) => e.clients.logs.send(new DescribeDestinationsCommand({}))],
  ['monitoring', 'ListDashboards', (e) => e.clients.cloudwatch.send(new ListDashboardsCommand({}))],
  ['athena', 'ListApplicationDPUSizes', (e) => e.clients.athena.send(new ListApplicationDPUSizesCommand({}))],
  ['sns', 'ListPlatformApplications', (e) => e.clients.sns.send(new ListPlatformApplicationsCommand({}))],
  ['iam', 'ListSAMLProviders', (e) => e.clients.iam.send(new ListSAMLProvidersCommand({}))],
];

// AWS never answers 501 for a valid operation: an operation the emulator does not implement gets the
// answer AWS gives for one it cannot perform, in the service's protocol.
const UNIMPLEMENTED_CODE: Record<string, [string, number]> = {
  ec2: ['InvalidAction', 400],
  s3: ['MethodNotAllowed', 405],
  logs: ['UnknownOperationException', 400],
  monitoring: ['UnknownOperationException', 400],
  athena: ['UnknownOperationException', 400],
  sns: ['InvalidAction', 400],
  iam: ['InvalidAction', 400],
};

describe('gateway: the uniform not-implemented error through every SDK client', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.stop());

  it.each(NOT_IMPLEMENTED)('%s %s answers an AWS-style 4xx naming service and operation', async (service, operation, call) => {
    const err = await failure(call(emu));
    const [code, status] = UNIMPLEMENTED_CODE[service];
    expect(err.name).toBe(code);
    expect(err.message).toBe(`The labwright emulator does not implement the ${service} operation ${operation}.`);
    expect(err.$metadata.httpStatusCode).toBe(status);
    expect(err.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('gateway: error shapes and validation through the SDK', () => {
  let emu: TestEmulator;
  const boom: ServiceProvider<{ n: number }> = {
    service: 'ec2',
    scope: 'region',
    createState: () => ({ n: 0 }),
    handlers: {
      DescribeVolumes: () => {
        throw new Error('disk on fire');
      },
    },
  };
  const logs: ServiceProvider<object> = { service: 'logs', scope: 'region', createState: () => ({}), handlers: { CreateLogGroup: () => ({}) } };
  const cw: ServiceProvider<object> = { service: 'monitoring', scope: 'region', createState: () => ({}), handlers: { PutMetricData: () => ({}) } };
  const iam: ServiceProvider<object> = { service: 'iam', scope: 'account', createState: () => ({}), handlers: { GetRole: () => ({}) } };
  beforeAll(async () => {
    emu = await startTestEmulator({ providers: [boom, logs, cw, iam] });
  });
  afterAll(() => emu.stop());

  it('turns an unexpected handler exception into a 500 InternalFailure and keeps serving', async () => {
    const err = await failure(emu.clients.ec2.send(new DescribeVolumesCommand({})));
    expect(err.name).toBe('InternalFailure');
    expect(err.message).toContain('disk on fire');
    expect(err.$metadata.httpStatusCode).toBe(500);
    const again = await failure(emu.clients.ec2.send(new DescribeVolumesCommand({})));
    expect(again.$metadata.httpStatusCode).toBe(500);
  });

  it('answers a missing required member with InvalidParameterException for CloudWatch Logs', async () => {
    const { CreateLogGroupCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const err = await failure(emu.clients.logs.send(new CreateLogGroupCommand({} as any)));
    expect(err.name).toBe('InvalidParameterException');
    expect(err.message).toContain("'logGroupName'");
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('answers a missing required member with MissingParameter (query-compatible JSON) for CloudWatch', async () => {
    const { PutMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
    const err = await failure<AwsSdkError & { Code?: string; Error?: { Code?: string } }>(emu.clients.cloudwatch.send(new PutMetricDataCommand({} as any)));
    expect(err.name).toBe('MissingRequiredParameterException');
    expect(err.Code ?? err.Error?.Code).toBe('MissingParameter');
    expect(err.message).toContain("'Namespace'");
  });

  it('answers a missing required member with MissingParameter for query services', async () => {
    const { GetRoleCommand } = await import('@aws-sdk/client-iam');
    const err = await failure(emu.clients.iam.send(new GetRoleCommand({} as any)));
    expect(err.name).toBe('MissingParameter');
    expect(err.message).toBe('The request must contain the parameter RoleName');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('answers HEAD errors with the status alone', async () => {
    const err = await failure(emu.clients.s3.send(new HeadBucketCommand({ Bucket: 'nope' })));
    expect(err.$metadata.httpStatusCode).toBe(405);
  });
});

describe('gateway: raw wire error documents', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ providers: [] });
  });
  afterAll(() => emu.stop());

  const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

  it('renders EC2 errors as <Response><Errors><Error> with RequestID', async () => {
    const res = await fetch(emu.endpoint, { method: 'POST', headers: { authorization: auth('ec2'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DescribeVolumes&Version=2016-11-15' });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Errors><Error><Code>InvalidAction<\/Code><Message>The labwright emulator does not implement the ec2 operation DescribeVolumes.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
    expect(res.headers.get('x-amzn-requestid')).toBe(/<RequestID>(.*)<\/RequestID>/.exec(text)?.[1]);
  });

  it('renders query errors as <ErrorResponse> with Type, Code, Message and RequestId', async () => {
    const res = await fetch(emu.endpoint, { method: 'POST', headers: { authorization: auth('sns'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=NoSuchThing&Version=2010-03-31' });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toContain('<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation NoSuchThing for version 2010-03-31</Message></Error><RequestId>');
  });

  it('renders S3 errors as <Error> with RequestId and HostId', async () => {
    const res = await fetch(`${emu.endpoint}/some-bucket?policy`, { headers: { authorization: auth('s3') } });
    const text = await res.text();
    expect(res.status).toBe(405);
    expect(res.headers.get('x-amz-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(text).toContain(`<Error><Code>MethodNotAllowed</Code><Message>The labwright emulator does not implement the s3 operation GetBucketPolicy.</Message><RequestId>${res.headers.get('x-amz-request-id')}</RequestId>`);
  });

  it('renders JSON errors with __type and, for CloudWatch, x-amzn-query-error', async () => {
    const res = await fetch(emu.endpoint, { method: 'POST', headers: { authorization: auth('monitoring'), 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.ListDashboards' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-query-error')).toBe('UnknownOperationException;Sender');
    const body = (await res.json()) as any;
    expect(body).toEqual({ __type: 'UnknownOperationException', message: 'The labwright emulator does not implement the monitoring operation ListDashboards.' });
  });

  it('answers an unknown JSON operation with UnknownOperationException', async () => {
    const res = await fetch(emu.endpoint, { method: 'POST', headers: { authorization: auth('logs'), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.Frobnicate' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).__type).toBe('UnknownOperationException');
  });

  it('answers a JSON request for a service it does not emulate in JSON, naming what it saw', async () => {
    const res = await fetch(emu.endpoint, { method: 'POST', headers: { authorization: auth('dynamodb'), 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.__type).toBe('UnknownOperationException');
    expect(body.message).toContain("SigV4 service 'dynamodb' is not a service the labwright emulator emulates");
  });

  it('answers a query request for a service it does not emulate as an awsQuery InvalidAction', async () => {
    const res = await fetch(emu.endpoint, { method: 'POST', headers: { authorization: auth('sqs'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListQueues&Version=2012-11-05' });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><ErrorResponse><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>The labwright emulator cannot route this request: SigV4 service 'sqs' is not a service/);
  });

  it('answers a CBOR request for a service it does not emulate in CBOR', async () => {
    const { cbor } = await import('@smithy/core/cbor');
    const res = await fetch(`${emu.endpoint}/service/DynamoDB_20120810/operation/ListTables`, { method: 'POST', headers: { authorization: auth('dynamodb'), 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor' }, body: Buffer.from(cbor.serialize({})) });
    expect(res.status).toBe(400);
    expect(res.headers.get('smithy-protocol')).toBe('rpc-v2-cbor');
    const body = cbor.deserialize(new Uint8Array(await res.arrayBuffer()));
    expect(body.__type).toMatch(/#UnknownOperationException$/);
    expect(body.message).toContain("SigV4 service 'dynamodb' is not a service the labwright emulator emulates");
  });

  it('answers a request that names no service with UnknownService', async () => {
    const res = await fetch(`${emu.endpoint}/whatever`, { method: 'GET' });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toContain('<Code>UnknownService</Code>');
    expect(text).toContain('the request names no service (GET /whatever, no Content-Type, no X-Amz-Target, no Authorization)');
  });

  it('answers a service spoken to in a protocol it does not accept in the caller\'s protocol, without blaming the signature', async () => {
    const res = await fetch(emu.endpoint, { method: 'POST', headers: { authorization: auth('logs'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DescribeLogGroups&Version=2014-03-28' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('<Code>InvalidAction</Code>');
    expect(text).toContain('speaks awsJson1_1 (X-Amz-Target with a JSON body) to logs');
    expect(text).toContain('signed for us-east-1');
    expect(text).not.toContain('without a');
  });
});
