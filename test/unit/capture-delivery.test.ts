import { gunzipSync } from 'node:zlib';
import { parseS3Key } from '../../flowlogs';
import { deliver, type DeliverableFlowLog, type DeliveryWorld } from '../../emulator/capture/delivery';
import { FlowTable } from '../../emulator/capture/flow-table';

const ENI = { eniId: 'eni-0abc', accountId: '111122223333', region: 'us-east-1', vpcId: 'vpc-1', subnetId: 'subnet-1', instanceId: 'i-1', azId: 'use1-az1' };
const T = Date.UTC(2026, 10, 28, 16, 21, 5);

function samples() {
  const t = new FlowTable();
  t.open({ eniId: ENI.eniId, srcAddr: '198.51.100.7', dstAddr: '10.0.1.25', srcPort: 50000, dstPort: 22, protocol: 6, action: 'ACCEPT', direction: 'ingress' }).add(12, 4000, 3, T);
  t.open({ eniId: ENI.eniId, srcAddr: '198.51.100.7', dstAddr: '10.0.1.25', srcPort: 50001, dstPort: 22, protocol: 6, action: 'REJECT', direction: 'ingress' }).add(3, 180, 2, T + 3000);
  return t.drain();
}

function world(flowLogs: DeliverableFlowLog[], roleOk = true) {
  const events: Array<{ group: string; stream: string; message: string; timestamp: number }> = [];
  const objects = new Map<string, Buffer>();
  const status: Record<string, string | undefined> = {};
  const w: DeliveryWorld = {
    eni: (id) => (id === ENI.eniId ? ENI : undefined),
    flowLogsFor: () => flowLogs,
    roleUsable: () => roleOk,
    putLogEvents: (_a, _r, group, stream, evs) => evs.forEach((e) => events.push({ group, stream, ...e })),
    putObject: (bucket, key, body) => (bucket === 'lab-bucket' ? (objects.set(key, body), true) : false),
    setDeliveryStatus: (id, _a, _r, err) => (status[id] = err),
  };
  return { w, events, objects, status };
}

const cwLog = (over: Partial<DeliverableFlowLog> = {}): DeliverableFlowLog => ({
  flowLogId: 'fl-cw', accountId: ENI.accountId, region: 'us-east-1', trafficType: 'ALL', destinationType: 'cloud-watch-logs',
  logGroupName: 'VPCFlowLogs', deliverLogsPermissionArn: 'arn:aws:iam::111122223333:role/DeliverVPCFlowLogsRole', maxAggregationInterval: 60, ...over,
});

describe('flow-log delivery', () => {
  test('CloudWatch Logs: a stream per ENI, message = default-format record, timestamp = start', () => {
    const { w, events, status } = world([cwLog()]);
    deliver(samples(), w);
    expect(events.map((e) => [e.group, e.stream])).toEqual([['VPCFlowLogs', 'eni-0abc-all'], ['VPCFlowLogs', 'eni-0abc-all']]);
    expect(events[0].message).toBe(`2 111122223333 eni-0abc 198.51.100.7 10.0.1.25 50000 22 6 12 4000 ${T / 1000 | 0} ${T / 1000 | 0} ACCEPT OK`);
    expect(events[1].message).toMatch(/ 50001 22 6 3 180 \d+ \d+ REJECT OK$/);
    expect(events[0].timestamp).toBe(Math.floor(T / 1000) * 1000);
    expect(status['fl-cw']).toBeUndefined();
  });

  test('a REJECT-only flow log delivers no ACCEPT records, into a -reject stream', () => {
    const { w, events } = world([cwLog({ trafficType: 'REJECT' })]);
    deliver(samples(), w);
    expect(events).toHaveLength(1);
    expect(events[0].message).toContain('REJECT');
    expect(events[0].stream).toBe('eni-0abc-reject');
  });

  test('a custom format yields exactly its fields, in order', () => {
    const { w, events } = world([cwLog({ logFormat: '${dstport} ${action} ${vpc-id} ${tcp-flags} ${flow-direction} ${srcaddr}' })]);
    deliver(samples(), w);
    expect(events.map((e) => e.message)).toEqual(['22 ACCEPT vpc-1 3 ingress 198.51.100.7', '22 REJECT vpc-1 2 ingress 198.51.100.7']);
  });

  test('a role that does not trust vpc-flow-logs gives Access error and delivers nothing', () => {
    const { w, events, status } = world([cwLog()], false);
    deliver(samples(), w);
    expect(events).toHaveLength(0);
    expect(status['fl-cw']).toBe('Access error');
  });

  test('S3: one gzip object with the header line under the AWS key layout', () => {
    const { w, objects } = world([{ flowLogId: 'fl-s3', accountId: ENI.accountId, region: 'us-east-1', trafficType: 'ALL', destinationType: 's3', logDestination: 'arn:aws:s3:::lab-bucket', maxAggregationInterval: 60 }]);
    deliver(samples(), w);
    expect(objects.size).toBe(1);
    const [key, body] = [...objects][0];
    expect(key).toMatch(/^AWSLogs\/111122223333\/vpcflowlogs\/us-east-1\/2026\/11\/28\/111122223333_vpcflowlogs_us-east-1_fl-s3_20261128T1620Z_[0-9a-f]{8}\.log\.gz$/);
    expect(parseS3Key(key)).toMatchObject({ accountId: '111122223333', flowLogId: 'fl-s3' });
    const lines = gunzipSync(body).toString().trimEnd().split('\n');
    expect(lines[0]).toBe('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status');
    expect(lines).toHaveLength(3);
  });

  test('S3 Hive-compatible and hourly layouts', () => {
    const { w, objects } = world([{ flowLogId: 'fl-h', accountId: ENI.accountId, region: 'us-east-1', trafficType: 'ALL', destinationType: 's3', logDestination: 'arn:aws:s3:::lab-bucket/flows/', maxAggregationInterval: 60, hiveCompatiblePartitions: true, perHourPartition: true }]);
    deliver(samples(), w);
    expect([...objects.keys()][0]).toMatch(/^flows\/AWSLogs\/aws-account-id=111122223333\/aws-service=vpcflowlogs\/aws-region=us-east-1\/year=2026\/month=11\/day=28\/hour=16\//);
  });
});
