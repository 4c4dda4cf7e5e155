import type { FieldValue } from '../../flowlogs';
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

/**
 * Every flow-log field (v2–v7) of one sample, by field id. Formats pick what they need; fields
 * that do not apply to this traffic are left undefined and written as `-`.
 */
export function recordValues(s: FlowSample, eni: EniFacts): Record<string, FieldValue> {
  return {
    'account-id': eni.accountId,
    'interface-id': s.eniId,
    srcaddr: s.srcAddr,
    dstaddr: s.dstAddr,
    srcport: s.srcPort,
    dstport: s.dstPort,
    protocol: s.protocol,
    packets: s.packets,
    bytes: s.bytes,
    start: Math.floor(s.firstMs / 1000),
    end: Math.floor(s.lastMs / 1000),
    action: s.action,
    'log-status': 'OK',
    'vpc-id': eni.vpcId,
    'subnet-id': eni.subnetId,
    'instance-id': eni.instanceId,
    'tcp-flags': s.protocol === 6 ? s.tcpFlags : undefined,
    type: 'IPv4',
    'pkt-srcaddr': s.srcAddr,
    'pkt-dstaddr': s.dstAddr,
    region: eni.region,
    'az-id': eni.azId,
    'sublocation-type': undefined,
    'sublocation-id': undefined,
    'pkt-src-aws-service': undefined,
    'pkt-dst-aws-service': undefined,
    'flow-direction': s.direction,
    // Egress to an internet client leaves through the internet gateway (traffic-path 2); ingress has none.
    'traffic-path': s.direction === 'egress' ? 2 : undefined,
  };
}
