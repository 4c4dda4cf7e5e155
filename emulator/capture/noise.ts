import { mulberry32, type Random } from '../../core/random';
import type { FlowTable } from './flow-table';

/** TCP ports internet scanners knock on (SSH, telnet, RDP, SMB, MSSQL, VNC, HTTP-alt). */
const SCANNED_PORTS = [22, 23, 3389, 445, 1433, 5900, 8080];
/** UDP services they probe (DNS, NTP, SNMP, SSDP). */
const PROBED_UDP_PORTS = [53, 123, 161, 1900];

/** Seeded background noise: rejected scans from the internet, as every public ENI sees on AWS. */
export interface NoiseOptions {
  seed: number;
  /** Rejected attempts per ENI per capture window. */
  perWindow: number;
}

/**
 * Adds `perWindow` rejected connection attempts from random public addresses to each ENI, from a
 * seeded generator so runs are repeatable. Off unless the emulator is asked for it.
 */
export class NoiseGenerator {
  private readonly next: Random;

  constructor(private readonly opts: NoiseOptions) {
    this.next = mulberry32(opts.seed);
  }

  private int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A public-looking IPv4 address (no private, loopback, multicast or documentation ranges). */
  private address(): string {
    for (;;) {
      const a = 1 + this.int(223);
      if ([10, 127, 169, 172, 192, 198, 203].includes(a)) continue;
      return `${a}.${this.int(256)}.${this.int(256)}.${1 + this.int(254)}`;
    }
  }

  /** Adds this window's scans for each ENI (id and primary private IP). */
  addTo(flows: FlowTable, enis: Array<{ eniId: string; privateIp: string }>, nowMs: number): void {
    for (const eni of enis) {
      for (let i = 0; i < this.opts.perWindow; i++) {
        const udp = this.int(4) === 0;
        const ports = udp ? PROBED_UDP_PORTS : SCANNED_PORTS;
        const dstPort = ports[this.int(ports.length)];
        const packets = 1 + this.int(2);
        flows
          .open({ eniId: eni.eniId, srcAddr: this.address(), dstAddr: eni.privateIp, srcPort: 1024 + this.int(64511), dstPort, protocol: udp ? 17 : 6, action: 'REJECT', direction: 'ingress' })
          // A SYN is 40 bytes without options, with the SYN flag; a UDP probe carries a small payload and no flags.
          .add(packets, packets * (udp ? 28 + 40 : 40), udp ? 0 : 2, nowMs - this.int(1000));
      }
    }
  }
}
