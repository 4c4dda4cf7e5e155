/** Parses dotted IPv4 into an unsigned 32-bit number, or undefined when it is not one. */
export function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** Parses `a.b.c.d/len` into its network base and prefix length, or undefined. */
export function parseCidr(cidr: string): { base: number; prefix: number } | undefined {
  const [ip, len] = cidr.split('/');
  const base = ipv4ToInt(ip);
  const prefix = len === undefined ? 32 : Number(len);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  return { base, prefix };
}

/** True when IPv4 `ip` lies inside `cidr` (0.0.0.0/0 holds every address). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const addr = ipv4ToInt(ip);
  const net = parseCidr(cidr);
  if (addr === undefined || !net) return false;
  if (net.prefix === 0) return true;
  const mask = (~0 << (32 - net.prefix)) >>> 0;
  return ((addr & mask) >>> 0) === ((net.base & mask) >>> 0);
}
