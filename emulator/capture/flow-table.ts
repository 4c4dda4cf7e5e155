/** One flow's traffic within the current capture window (a record-to-be). */
export interface FlowSample {
  eniId: string;
  srcAddr: string;
  dstAddr: string;
  srcPort: number;
  dstPort: number;
  /** IANA protocol number: 6 TCP, 17 UDP. */
  protocol: number;
  action: 'ACCEPT' | 'REJECT';
  direction: 'ingress' | 'egress';
  packets: number;
  bytes: number;
  /** OR of the TCP flags seen in the window (FIN 1, SYN 2, RST 4, SYN-ACK 18). */
  tcpFlags: number;
  firstMs: number;
  lastMs: number;
}

/** A live flow: the network adds packets to it as they happen. */
export interface FlowHandle {
  add(packets: number, bytes: number, tcpFlags: number, atMs: number): void;
}

type Key = string;

/**
 * Per-ENI flow accounting, one entry per 5-tuple, action and direction. `drain` closes the
 * current capture window: it returns every flow that carried packets since the previous drain
 * and starts the next window, so a long connection yields one record per window, as on AWS.
 */
export class FlowTable {
  private flows = new Map<Key, FlowSample>();

  /** Opens (or reuses) the flow of this 5-tuple, action and direction. */
  open(f: Omit<FlowSample, 'packets' | 'bytes' | 'tcpFlags' | 'firstMs' | 'lastMs'>): FlowHandle {
    const key = [f.eniId, f.srcAddr, f.srcPort, f.dstAddr, f.dstPort, f.protocol, f.action, f.direction].join('|');
    return {
      add: (packets, bytes, tcpFlags, atMs) => {
        let s = this.flows.get(key);
        if (!s) this.flows.set(key, (s = { ...f, packets: 0, bytes: 0, tcpFlags: 0, firstMs: atMs, lastMs: atMs }));
        s.packets += packets;
        s.bytes += bytes;
        s.tcpFlags |= tcpFlags;
        s.firstMs = Math.min(s.firstMs, atMs);
        s.lastMs = Math.max(s.lastMs, atMs);
      },
    };
  }

  /** Closes the window: returns the flows with traffic in it (oldest first) and forgets them. */
  drain(): FlowSample[] {
    const out = [...this.flows.values()].filter((s) => s.packets > 0).sort((a, b) => a.firstMs - b.firstMs);
    this.flows.clear();
    return out;
  }

  /** Flows with traffic in the open window. */
  get size(): number {
    return this.flows.size;
  }
}
