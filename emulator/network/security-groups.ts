import { ipInCidr } from '../../core/ip';

/** One ingress permission as the front door needs it (EC2's IpPermission, normalized). */
export interface IngressPermission {
  /** `tcp`, `udp`, `icmp`, `-1` (all), or an IANA protocol number as a string. */
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  /** Security groups whose members may connect (UserIdGroupPairs). */
  groupIds: string[];
}

/** A connection attempt reaching an ENI. */
export interface ConnectionAttempt {
  protocol: 'tcp' | 'udp';
  port: number;
  /** The source address as the VPC sees it (the client's public IP for loopback clients). */
  sourceIp: string;
  /** Security groups of the source when it is an ENI in the same VPC. */
  sourceGroupIds?: string[];
}

const PROTOCOL_NUMBERS: Record<string, string> = { tcp: '6', udp: '17', icmp: '1' };

function protocolMatches(rule: string, protocol: string): boolean {
  if (rule === '-1' || rule === 'all') return true;
  const r = PROTOCOL_NUMBERS[rule.toLowerCase()] ?? rule;
  return r === (PROTOCOL_NUMBERS[protocol] ?? protocol);
}

/**
 * Security groups are allow-lists evaluated together: a new connection is allowed when any
 * permission of any of the ENI's groups allows it (there are no deny rules).
 */
export function isAllowed(permissions: IngressPermission[], attempt: ConnectionAttempt): boolean {
  return permissions.some((p) => {
    if (!protocolMatches(p.ipProtocol, attempt.protocol)) return false;
    const allPorts = p.ipProtocol === '-1' || p.fromPort === undefined || p.fromPort === -1;
    if (!allPorts && (attempt.port < (p.fromPort ?? 0) || attempt.port > (p.toPort ?? p.fromPort ?? 0))) return false;
    if (p.cidrs.some((c) => ipInCidr(attempt.sourceIp, c))) return true;
    return p.groupIds.some((g) => attempt.sourceGroupIds?.includes(g));
  });
}
