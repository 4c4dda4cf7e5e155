// Whose SSH traffic is the student's: `check` reads the records of connections to the instance's
// port 22 from ANY address (the student may have used CloudShell, EC2 Instance Connect or another
// NAT than the machine running `check`), then takes one address for the student and says which.
import type { FlowRecord } from '../flowlogs';

/** The SSH records of one source address. */
export interface TrafficSource {
  ip: string;
  accept: FlowRecord[];
  reject: FlowRecord[];
  /** Bytes of its accepted records: a real login moves kilobytes, a scanner's probe a few hundred bytes. */
  acceptBytes: number;
}

/** The address taken for the student, why, and every address seen. */
export interface StudentChoice {
  /** The student's address; undefined when no record says which one it is. */
  ip?: string;
  /** In the student's terms: "your --client-ip", "this machine's public address", "the address with accepted SSH". */
  why: string;
  sources: TrafficSource[];
}

/** Groups SSH records by source address, busiest first. */
export function groupBySource(accept: FlowRecord[], reject: FlowRecord[]): TrafficSource[] {
  const by = new Map<string, TrafficSource>();
  const of = (r: FlowRecord) => {
    const ip = r.str('srcaddr') ?? '?';
    let s = by.get(ip);
    if (!s) by.set(ip, (s = { ip, accept: [], reject: [], acceptBytes: 0 }));
    return s;
  };
  for (const r of accept) {
    const s = of(r);
    s.accept.push(r);
    s.acceptBytes += r.num('bytes') ?? 0;
  }
  for (const r of reject) of(r).reject.push(r);
  return [...by.values()].sort((a, b) => b.acceptBytes - a.acceptBytes || b.accept.length + b.reject.length - (a.accept.length + a.reject.length));
}

/**
 * Takes the student's address: `--client-ip` when given; else this machine's own public address
 * when records from it exist; else the source whose accepted SSH moved the most bytes (a login, not
 * a scan). With no accepted record anywhere, only a lone source is taken; several rejected-only
 * sources are internet scanners as much as the student, so none is.
 */
export function chooseStudent(sources: TrafficSource[], opts: { pinned?: string; own?: string }): StudentChoice {
  if (opts.pinned) return { ip: opts.pinned, why: 'your --client-ip', sources };
  if (opts.own && sources.some((s) => s.ip === opts.own)) return { ip: opts.own, why: "this machine's public address", sources };
  const accepted = sources.filter((s) => s.accept.length);
  if (accepted.length) return { ip: accepted[0].ip, why: accepted.length > 1 ? 'the address whose accepted SSH moved the most data' : 'the address with accepted SSH', sources };
  if (sources.length === 1) return { ip: sources[0].ip, why: 'the only address that tried SSH', sources };
  return { ip: opts.own, why: opts.own ? "this machine's public address" : 'no address stands out', sources };
}

/** "203.0.113.7 (2 ACCEPT, 1 REJECT), 198.51.100.9 (3 REJECT)": the addresses found, for summaries. */
export function describeSources(sources: TrafficSource[], max = 4): string {
  if (!sources.length) return 'none';
  const one = (s: TrafficSource) => `${s.ip} (${[s.accept.length ? `${s.accept.length} ACCEPT` : '', s.reject.length ? `${s.reject.length} REJECT` : ''].filter(Boolean).join(', ')})`;
  const more = sources.length > max ? ` and ${sources.length - max} more` : '';
  return sources.slice(0, max).map(one).join(', ') + more;
}
