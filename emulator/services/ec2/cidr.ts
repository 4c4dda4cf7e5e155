/** IPv4 address and CIDR arithmetic for VPCs, subnets, security group rules and address allocation. */

/** A parsed IPv4 CIDR block: network address as an unsigned 32-bit number and prefix length. */
export interface Cidr {
  base: number;
  prefix: number;
}

/** Parses a dotted IPv4 address into an unsigned 32-bit number, or undefined when it is not one. */
export function parseIp(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** Formats an unsigned 32-bit number as a dotted IPv4 address. */
export function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses `a.b.c.d/n`; `strict` also rejects host bits set below the prefix. */
export function parseCidr(text: string, strict = true): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const ip = parseIp(m[1]);
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const base = (ip & mask(prefix)) >>> 0;
  if (strict && base !== ip) return undefined;
  return { base, prefix };
}

/** The netmask of a prefix length as an unsigned number. */
function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Number of addresses in a block. */
export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** True when `inner` lies entirely inside `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && ((inner.base & mask(outer.prefix)) >>> 0) === outer.base;
}

/** True when the address lies inside the block. */
export function containsIp(block: Cidr, ip: number): boolean {
  return ((ip & mask(block.prefix)) >>> 0) === block.base;
}

/** True when two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return containsCidr(a, b) || containsCidr(b, a);
}

/**
 * The first free host address of a subnet. AWS reserves the first four addresses (network,
 * router, DNS, future use) and the last one (broadcast) of every subnet.
 */
export function firstFreeHost(block: Cidr, used: Set<string>): string | undefined {
  for (let i = 4; i < size(block) - 1; i++) {
    const ip = formatIp(block.base + i);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/** True when the address is one AWS reserves in the subnet (first four and last). */
export function isReservedHost(block: Cidr, ip: number): boolean {
  const offset = ip - block.base;
  return offset < 4 || offset === size(block) - 1;
}
