import { AwsError } from '../../framework/types';
import { randomBytes } from 'node:crypto';
import { containsIp, firstFreeHost, formatIp, isReservedHost, parseCidr, parseIp } from './cidr';
import type { Ec2State, SubnetRec } from './state';

/**
 * Public IPs come from the documentation ranges (RFC 5737) so they can never collide with a
 * real host: 203.0.113.0/24 first, then 198.51.100.0/24.
 */
const PUBLIC_POOLS = ['203.0.113.0', '198.51.100.0'];

/** Hands out the next public IP not in use by any network interface in this region. */
export function allocatePublicIp(st: Ec2State): string {
  const used = new Set(Object.values(st.enis).map((e) => e.publicIp).filter(Boolean));
  const capacity = PUBLIC_POOLS.length * 250;
  for (let tries = 0; tries < capacity; tries++) {
    const n = st.publicIpCounter++ % capacity;
    const pool = parseIp(PUBLIC_POOLS[Math.floor(n / 250)])!;
    const ip = formatIp(pool + 4 + (n % 250));
    if (!used.has(ip)) return ip;
  }
  throw new AwsError('AddressLimitExceeded', 'The maximum number of addresses has been reached.');
}

/** The private IPs in use in a subnet. */
function usedIps(st: Ec2State, subnetId: string): Set<string> {
  return new Set(Object.values(st.enis).filter((e) => e.subnetId === subnetId).map((e) => e.privateIp));
}

/** Picks a private IP in the subnet: the requested one (checked) or the first free host. */
export function allocatePrivateIp(st: Ec2State, subnet: SubnetRec, requested?: string): string {
  const block = parseCidr(subnet.cidr)!;
  const used = usedIps(st, subnet.id);
  if (requested !== undefined) {
    const ip = parseIp(requested);
    if (ip === undefined || !containsIp(block, ip) || isReservedHost(block, ip)) {
      throw new AwsError('InvalidParameterValue', `Address ${requested} does not fall within the subnet's address range`);
    }
    if (used.has(requested)) throw new AwsError('InvalidIPAddress.InUse', `Address ${requested} is in use.`);
    return requested;
  }
  const ip = firstFreeHost(block, used);
  if (!ip) throw new AwsError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.id}' to satisfy the requested number of instances.`);
  return ip;
}

/** Number of addresses still free in a subnet (size minus the five AWS reserves minus those used). */
export function availableIpCount(st: Ec2State, subnet: SubnetRec): number {
  const block = parseCidr(subnet.cidr)!;
  return 2 ** (32 - block.prefix) - 5 - usedIps(st, subnet.id).size;
}

/** A random locally administered unicast MAC address, like the `0e:…`/`12:…` ones AWS assigns. */
export function macAddress(): string {
  const b = randomBytes(6);
  b[0] = (b[0] & 0xfe) | 0x02;
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** The private DNS name AWS gives an address (`ip-10-0-1-4.ec2.internal` in us-east-1). */
export function privateDnsName(ip: string, region: string): string {
  const host = `ip-${ip.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

/** The public DNS name AWS gives a public address. */
export function publicDnsName(ip: string, region: string): string {
  const host = `ec2-${ip.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.compute-1.amazonaws.com` : `${host}.${region}.compute.amazonaws.com`;
}
