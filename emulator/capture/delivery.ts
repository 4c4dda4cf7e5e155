import { gzipSync } from 'node:zlib';
import { randomHex } from '../../core/ids';
import { headerLine, parseFormat, parseLogDestination, s3FileWindowStart, s3KeyFor, type FlowLogFormat } from '../../flowlogs';
import type { FlowSample } from './flow-table';
import { recordWriter, type EniFacts } from './record-values';

/** A flow log as delivery needs it (from EC2's CreateFlowLogs). */
export interface DeliverableFlowLog {
  flowLogId: string;
  accountId: string;
  region: string;
  trafficType: 'ACCEPT' | 'REJECT' | 'ALL';
  destinationType: string;
  logGroupName?: string;
  deliverLogsPermissionArn?: string;
  logDestination?: string;
  logFormat?: string;
  maxAggregationInterval: number;
  hiveCompatiblePartitions?: boolean;
  perHourPartition?: boolean;
  fileFormat?: string;
  /** When CreateFlowLogs made it (epoch ms). */
  createdAt?: number;
  /** The moment the flow log starts capturing (the aws profile: minutes after CreateFlowLogs); traffic before it is not recorded. */
  captureFromMs?: number;
}

/** Everything delivery reads and writes in the emulated cloud. */
export interface DeliveryWorld {
  eni(eniId: string): EniFacts | undefined;
  flowLogsFor(eni: EniFacts): DeliverableFlowLog[];
  /** Whether the role exists, trusts vpc-flow-logs.amazonaws.com and (aws profile) had propagated by `atMs`. */
  roleUsable(accountId: string, roleArn: string | undefined, atMs: number): boolean;
  /** Ingests into CloudWatch Logs (creating group and stream) and feeds metric filters. */
  putLogEvents(accountId: string, region: string, group: string, stream: string, events: Array<{ timestamp: number; message: string }>): void;
  /** Writes an object; false when the bucket does not exist. */
  putObject(bucket: string, key: string, body: Buffer): boolean;
  /** Records the outcome on the flow log (DescribeFlowLogs' DeliverLogsStatus and error message). */
  setDeliveryStatus(flowLogId: string, accountId: string, region: string, error: string | undefined): void;
}

/** Log stream suffix per traffic type; `-all` is seen in real payloads, the others are not established. */
const STREAM_SUFFIX = { ALL: 'all', ACCEPT: 'accept', REJECT: 'reject' } as const;

interface S3Batch {
  fl: DeliverableFlowLog;
  bucket: string;
  key: string;
  header: string;
  lines: string[];
}

const formats = new Map<string, FlowLogFormat>();
function formatOf(text: string | undefined): FlowLogFormat {
  const key = text ?? '';
  let f = formats.get(key);
  if (!f) formats.set(key, (f = parseFormat(text || undefined)));
  return f;
}

/**
 * Turns closed capture windows into flow-log records and delivers them: to CloudWatch Logs (a
 * stream per ENI, message = record, timestamp = start) and to S3 (gzip text with the header line,
 * under AWS's key layout), honouring traffic type, format and the delivery role. `only` limits
 * delivery to one destination type (the realtime profile delivers each on its own schedule).
 */
export function deliver(samples: FlowSample[], world: DeliveryWorld, only?: 'cloud-watch-logs' | 's3'): { records: number } {
  const cw = new Map<string, { fl: DeliverableFlowLog; stream: string; lastMs: number; events: Array<{ timestamp: number; message: string }> }>();
  const s3 = new Map<string, S3Batch>();
  let records = 0;
  // A window holds many flows of few ENIs: look each ENI and its flow logs up once.
  const enis = new Map<string, { eni: EniFacts; flowLogs: DeliverableFlowLog[] } | undefined>();
  for (const sample of samples) {
    let found = enis.get(sample.eniId);
    if (!enis.has(sample.eniId)) {
      const eni = world.eni(sample.eniId);
      found = eni && { eni, flowLogs: world.flowLogsFor(eni) };
      enis.set(sample.eniId, found);
    }
    if (!found) continue;
    const { eni } = found;
    for (const fl of found.flowLogs) {
      if (fl.trafficType !== 'ALL' && fl.trafficType !== sample.action) continue;
      if (only && fl.destinationType !== only) continue;
      if (fl.captureFromMs !== undefined && sample.lastMs < fl.captureFromMs) continue;
      const format = formatOf(fl.logFormat);
      const line = recordWriter(format)(sample, eni);
      records++;
      if (fl.destinationType === 'cloud-watch-logs' && fl.logGroupName) {
        const stream = `${sample.eniId}-${STREAM_SUFFIX[fl.trafficType]}`;
        const key = `${fl.flowLogId}|${stream}`;
        let batch = cw.get(key);
        if (!batch) cw.set(key, (batch = { fl, stream, lastMs: sample.lastMs, events: [] }));
        batch.lastMs = Math.max(batch.lastMs, sample.lastMs);
        batch.events.push({ timestamp: Math.floor(sample.firstMs / 1000) * 1000, message: line });
      } else if (fl.destinationType === 's3' && fl.logDestination) {
        const dest = parseLogDestination(fl.logDestination);
        const windowStart = s3FileWindowStart(Math.floor(sample.lastMs / 1000)) * 1000;
        const batchKey = `${fl.flowLogId}|${windowStart}`;
        let batch = s3.get(batchKey);
        if (!batch) {
          const key = s3KeyFor({
            prefix: dest.prefix,
            accountId: fl.accountId,
            region: fl.region,
            time: windowStart,
            flowLogId: fl.flowLogId,
            hive: fl.hiveCompatiblePartitions,
            perHour: fl.perHourPartition,
            // Each delivery is its own object, as AWS publishes a new file per batch.
            hash: randomHex(8),
          });
          s3.set(batchKey, (batch = { fl, bucket: dest.bucket, key, header: headerLine(format), lines: [] }));
        }
        batch.lines.push(line);
      }
    }
  }
  for (const { fl, stream, lastMs, events } of cw.values()) {
    // The role is read for the window the records belong to: a window whose role was not usable
    // then is lost with an access error, and later windows deliver once it is.
    if (!world.roleUsable(fl.accountId, fl.deliverLogsPermissionArn, lastMs)) {
      world.setDeliveryStatus(fl.flowLogId, fl.accountId, fl.region, 'Access error');
      continue;
    }
    events.sort((a, b) => a.timestamp - b.timestamp);
    world.putLogEvents(fl.accountId, fl.region, fl.logGroupName!, stream, events);
    world.setDeliveryStatus(fl.flowLogId, fl.accountId, fl.region, undefined);
  }
  for (const { fl, bucket, key, header, lines } of s3.values()) {
    const ok = world.putObject(bucket, key, gzipSync(Buffer.from(`${header}\n${lines.join('\n')}\n`)));
    // A bucket that vanished after CreateFlowLogs is what AWS reports as an access error.
    world.setDeliveryStatus(fl.flowLogId, fl.accountId, fl.region, ok ? undefined : 'Access error');
  }
  return { records };
}
