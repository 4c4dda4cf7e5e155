// CloudWatch speaks three protocols (JSON 1.0 with query-compatible errors, awsQuery, Smithy RPC v2
// CBOR); the SDK v3 client is configured for each in turn and runs the lab's CloudWatch calls, success
// and error, so every answer is judged by the client that would parse it.
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListDashboardsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { AwsJson1_0Protocol, AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { cbor } from '@smithy/core/cbor';
import { failure, TEST_CREDENTIALS, type AwsSdkError, TEST_REGION, useTestEmulator } from './helpers';

const PROTOCOLS = [
  ['JSON 1.0', AwsJson1_0Protocol, 'UnknownOperationException'],
  ['awsQuery', AwsQueryProtocol, 'InvalidAction'],
  ['RPC v2 CBOR', AwsSmithyRpcV2CborProtocol, 'UnknownOperationException'],
] as const;

describe.each(PROTOCOLS)('CloudWatch over %s through the SDK v3 client', (_name, protocol, unknownCode) => {
  const emu = useTestEmulator({ engines: false });
  let cw: CloudWatchClient;
  beforeEach(() => {
    cw = new CloudWatchClient({ endpoint: emu.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1, protocol } as NonNullable<ConstructorParameters<typeof CloudWatchClient>[0]>);
  });
  afterEach(() => cw.destroy());

  it('stores and reads metrics: PutMetricData, ListMetrics, GetMetricStatistics, GetMetricData', async () => {
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const Dimensions = [{ Name: 'LogGroupName', Value: 'vpc-flow-logs' }];
    await cw.send(new PutMetricDataCommand({ Namespace: 'Lab', MetricData: [{ MetricName: 'SSHRejects', Dimensions, Value: 2, Timestamp: at, Unit: 'Count' }, { MetricName: 'SSHRejects', Dimensions, Value: 3, Timestamp: at, Unit: 'Count' }] }));
    expect((await cw.send(new ListMetricsCommand({ Namespace: 'Lab' }))).Metrics).toEqual([{ Namespace: 'Lab', MetricName: 'SSHRejects', Dimensions }]);
    const stats = await cw.send(new GetMetricStatisticsCommand({ Namespace: 'Lab', MetricName: 'SSHRejects', Dimensions, StartTime: new Date(at.getTime() - 60_000), EndTime: new Date(at.getTime() + 60_000), Period: 60, Statistics: ['Sum', 'SampleCount', 'Maximum'] }));
    expect(stats.Datapoints).toEqual([{ Timestamp: at, Sum: 5, SampleCount: 2, Maximum: 3, Unit: 'Count' }]);
    const data = await cw.send(new GetMetricDataCommand({ StartTime: new Date(at.getTime() - 60_000), EndTime: new Date(at.getTime() + 60_000), MetricDataQueries: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'Lab', MetricName: 'SSHRejects', Dimensions }, Period: 60, Stat: 'Sum' } }] }));
    expect(data.MetricDataResults?.[0]).toMatchObject({ Id: 'm1', Timestamps: [at], Values: [5], StatusCode: 'Complete' });
  });

  it('manages alarms: PutMetricAlarm, DescribeAlarms, SetAlarmState, DescribeAlarmHistory, DeleteAlarms', async () => {
    await cw.send(new PutMetricAlarmCommand({ AlarmName: 'ssh-rejects', Namespace: 'Lab', MetricName: 'SSHRejects', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching', AlarmActions: ['arn:aws:sns:us-east-1:000000000000:Default_CloudWatch_Alarms_Topic'] }));
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'ssh-rejects', StateValue: 'ALARM', StateReason: 'testing' }));
    const [alarm] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['ssh-rejects'] }))).MetricAlarms ?? [];
    expect(alarm).toMatchObject({ AlarmName: 'ssh-rejects', StateValue: 'ALARM', StateReason: 'testing', Threshold: 1, EvaluationPeriods: 1, ActionsEnabled: true, AlarmActions: ['arn:aws:sns:us-east-1:000000000000:Default_CloudWatch_Alarms_Topic'] });
    expect(alarm.StateUpdatedTimestamp).toBeInstanceOf(Date);
    const history = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'ssh-rejects', HistoryItemType: 'StateUpdate' }));
    expect(history.AlarmHistoryItems?.[0]).toMatchObject({ AlarmName: 'ssh-rejects', HistoryItemType: 'StateUpdate' });
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['ssh-rejects'] }));
    expect((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });

  it('answers errors in the same protocol, with the query error code', async () => {
    const notFound = await failure<AwsSdkError & { Code?: string; Error?: { Code?: string } }>(cw.send(new SetAlarmStateCommand({ AlarmName: 'missing', StateValue: 'OK', StateReason: 'x' })));
    expect(notFound.name).toBe('ResourceNotFound');
    expect(notFound.message).toBe('Alarm missing not found');
    expect(notFound.$metadata.httpStatusCode).toBe(404);
    const missing = await failure<AwsSdkError & { Code?: string; Error?: { Code?: string } }>(cw.send(new PutMetricDataCommand({} as never)));
    expect(missing.Code ?? missing.Error?.Code ?? missing.name).toBe('MissingParameter');
    const unimplemented = await failure(cw.send(new ListDashboardsCommand({})));
    expect(unimplemented.name).toBe(unknownCode);
    expect(unimplemented.message).toBe('The labwright emulator does not implement the monitoring operation ListDashboards.');
  });
});

describe('CloudWatch wire shapes', () => {
  const emu = useTestEmulator({ engines: false });
  const auth = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=00';

  it('answers awsQuery with <XResponse xmlns> and <XResult>, and its errors as <ErrorResponse>', async () => {
    const ok = await fetch(emu.endpoint, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListMetrics&Version=2010-08-01' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><ListMetricsResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/"><ListMetricsResult><Metrics><\/Metrics><\/ListMetricsResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/ListMetricsResponse>$/);
    const bad = await fetch(emu.endpoint, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=Frobnicate&Version=2010-08-01' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation Frobnicate for version 2010-08-01</Message></Error>');
  });

  it('answers RPC v2 CBOR with the smithy-protocol header, and errors with a namespaced __type', async () => {
    const headers = { authorization: auth, 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor' };
    const ok = await fetch(`${emu.endpoint}/service/GraniteServiceVersion20100801/operation/ListMetrics`, { method: 'POST', headers, body: Buffer.from(cbor.serialize({})) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('smithy-protocol')).toBe('rpc-v2-cbor');
    expect(cbor.deserialize(new Uint8Array(await ok.arrayBuffer()))).toEqual({ Metrics: [] });
    const bad = await fetch(`${emu.endpoint}/service/GraniteServiceVersion20100801/operation/Frobnicate`, { method: 'POST', headers, body: Buffer.from(cbor.serialize({})) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('smithy-protocol')).toBe('rpc-v2-cbor');
    expect(cbor.deserialize(new Uint8Array(await bad.arrayBuffer()))).toEqual({ __type: 'com.amazonaws.cloudwatch#UnknownOperationException', message: 'Operation Frobnicate is not an operation of monitoring.' });
  });
});
