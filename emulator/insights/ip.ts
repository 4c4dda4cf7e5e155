// IP address helpers for isValidIp*, isIp*InSubnet. Pure parsing, no DNS and no node:net.

/** Parses dotted-quad IPv4 into a 32-bit unsigned number, or undefined. */
export function parseIPv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** Parses IPv6 (with `::` and an optional embedded IPv4 tail) into a 128-bit bigint, or undefined. */
export function parseIPv6(s: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || s.length < 2) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const words = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) {
        out.push(parseInt(g, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = words(halves[0]);
  const tail = halves.length === 2 ? words(halves[1]) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return all.reduce((acc, w) => (acc << 16n) | BigInt(w), 0n);
}

/** Whether `ip` is inside `cidr` (`192.0.2.0/24`, `2001:db8::/32`); false for malformed input or mixed families. */
export function ipInSubnet(ip: string, cidr: string, family?: 4 | 6): boolean {
  const slash = cidr.indexOf('/');
  const base = slash < 0 ? cidr : cidr.slice(0, slash);
  const bitsText = slash < 0 ? undefined : cidr.slice(slash + 1);
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return false;
  if (family !== 6) {
    const a = parseIPv4(ip);
    const b = parseIPv4(base);
    if (a !== undefined && b !== undefined) {
      const bits = bitsText === undefined ? 32 : Number(bitsText);
      if (bits > 32) return false;
      if (bits === 0) return true;
      const shift = 32 - bits;
      return Math.floor(a / 2 ** shift) === Math.floor(b / 2 ** shift);
    }
    if (family === 4) return false;
  }
  const a = parseIPv6(ip);
  const b = parseIPv6(base);
  if (a === undefined || b === undefined) return false;
  const bits = bitsText === undefined ? 128 : Number(bitsText);
  if (bits > 128) return false;
  const shift = BigInt(128 - bits);
  return a >> shift === b >> shift;
}
