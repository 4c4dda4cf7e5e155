import type { FlowLogFormat } from '../../flowlogs';
import type { FlowSample } from './flow-table';

/** What the capture knows about the ENI a sample was seen on. */
export interface EniFacts {
  eniId: string;
  accountId: string;
  region: string;
  vpcId: string;
  subnetId: string;
  instanceId?: string;
  /** The AZ id (use1-az1), not the name. */
  azId: string;
}

type Getter = (s: FlowSample, eni: EniFacts, version: number) => string | number | undefined;

/**
 * Every flow-log field (v2–v7) of a sample. Fields that do not apply to this traffic give
 * undefined and are written as `-` (sublocations, AWS-service prefixes, ECS metadata).
 */
const FIELD_GETTERS: Record<string, Getter> = {
  version: (_s, _e, v) => v,
  'account-id': (_s, e) => e.accountId,
  'interface-id': (s) => s.eniId,
  srcaddr: (s) => s.srcAddr,
  dstaddr: (s) => s.dstAddr,
  srcport: (s) => s.srcPort,
  dstport: (s) => s.dstPort,
  protocol: (s) => s.protocol,
  packets: (s) => s.packets,
  bytes: (s) => s.bytes,
  start: (s) => Math.floor(s.firstMs / 1000),
  end: (s) => Math.floor(s.lastMs / 1000),
  action: (s) => s.action,
  'log-status': () => 'OK',
  'vpc-id': (_s, e) => e.vpcId,
  'subnet-id': (_s, e) => e.subnetId,
  'instance-id': (_s, e) => e.instanceId,
  'tcp-flags': (s) => (s.protocol === 6 ? s.tcpFlags : undefined),
  type: () => 'IPv4',
  'pkt-srcaddr': (s) => s.srcAddr,
  'pkt-dstaddr': (s) => s.dstAddr,
  region: (_s, e) => e.region,
  'az-id': (_s, e) => e.azId,
  'flow-direction': (s) => s.direction,
  // Egress to an internet client leaves through the internet gateway (traffic-path 2); ingress has none.
  'traffic-path': (s) => (s.direction === 'egress' ? 2 : undefined),
};

/** A record writer for one format: the hot path of delivery, so fields are resolved once, not per record. */
export type RecordWriter = (s: FlowSample, eni: EniFacts) => string;

const writers = new WeakMap<FlowLogFormat, RecordWriter>();

/** Compiles (once per format) the function that writes a sample as a record line of that format. */
export function recordWriter(format: FlowLogFormat): RecordWriter {
  let w = writers.get(format);
  if (w) return w;
  const getters = format.fields.map((f) => FIELD_GETTERS[f] ?? (() => undefined));
  const version = format.version;
  const parts: Array<string | number> = new Array(getters.length);
  w = (s, eni) => {
    for (let i = 0; i < getters.length; i++) parts[i] = getters[i](s, eni, version) ?? '-';
    // join() yields a flat string; `+=` would build a rope that every later reader pays to flatten.
    return parts.join(' ');
  };
  writers.set(format, w);
  return w;
}
