import { createServer, type Server, type Socket } from 'node:net';
import type { Clock } from '../../core/clock';
import type { FlowHandle, FlowTable } from '../capture/flow-table';
import type { ConnectionAttempt } from './security-groups';

/** TCP flag values as flow logs report them. */
const SYN = 2;
const FIN = 1;
const SYN_ACK = 18;
/** Header bytes per packet (IPv4 20 + TCP 20 + timestamp option 12), and a SYN's size with options. */
const HEADER = 52;
const SYN_BYTES = 60;
const MSS = 1448;
/** Linux retransmits an unanswered SYN after 1, 3, 7, 15, 31 and 63 seconds, then gives up. */
const SYN_RETRIES_MS = [1000, 2000, 4000, 8000, 16000, 32000];
const HOLD_LIMIT_MS = 130_000;

/** Where a front door forwards and how it decides. */
export interface FrontDoorOptions {
  /** The instance's port this door stands for (22, 80). */
  instancePort: number;
  /** The ENI behind the door, read at each connection (it may change). */
  eni(): { eniId: string; privateIp: string } | undefined;
  /** The address loopback clients appear as. */
  clientIp(): string;
  /** Applies the instance's current security groups to a new connection. */
  decide(attempt: ConnectionAttempt): boolean;
  /** Serves an allowed connection (SSH or HTTP). */
  serve(socket: Socket): void;
  flows: FlowTable;
  clock: Clock;
}

/** A listening front door. */
export interface FrontDoor {
  host: string;
  port: number;
  close(): Promise<void>;
}

function segments(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / MSS));
}

function acceptConnection(socket: Socket, opts: FrontDoorOptions, eni: { eniId: string; privateIp: string }, src: string): void {
  const now = () => opts.clock.now();
  const base = { eniId: eni.eniId, protocol: 6, action: 'ACCEPT' as const };
  const inbound = opts.flows.open({ ...base, srcAddr: src, dstAddr: eni.privateIp, srcPort: socket.remotePort ?? 0, dstPort: opts.instancePort, direction: 'ingress' });
  const outbound = opts.flows.open({ ...base, srcAddr: eni.privateIp, dstAddr: src, srcPort: opts.instancePort, dstPort: socket.remotePort ?? 0, direction: 'egress' });
  // The handshake: SYN and ACK in, SYN-ACK out.
  inbound.add(2, SYN_BYTES + HEADER, SYN, now());
  outbound.add(1, SYN_BYTES, SYN_ACK, now());
  socket.on('data', (chunk: Buffer) => {
    const n = segments(chunk.length);
    inbound.add(n, chunk.length + n * HEADER, 0, now());
    outbound.add(Math.ceil(n / 2), Math.ceil(n / 2) * HEADER, 0, now()); // delayed ACKs
  });
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  (socket as unknown as { write: (...args: unknown[]) => boolean }).write = (chunk: unknown, ...rest: unknown[]) => {
    const len = typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer)?.length ?? 0;
    if (len > 0) {
      const n = segments(len);
      outbound.add(n, len + n * HEADER, 0, now());
      inbound.add(Math.ceil(n / 2), Math.ceil(n / 2) * HEADER, 0, now());
    }
    return write(chunk, ...rest);
  };
  // The FINs are counted when the close starts, not at 'close': either side's FIN comes before the
  // other side can see the connection closed, so a client that waited for its socket to close and
  // then flushes finds them in the window it flushes (a late window would deliver a record of this
  // connection after the flush, e.g. into log streams a mutation has just deleted).
  let finished = false;
  const fin = () => {
    if (finished) return;
    finished = true;
    inbound.add(1, HEADER, FIN, now());
    outbound.add(1, HEADER, FIN, now());
  };
  socket.once('end', fin);
  socket.once('close', fin);
  for (const method of ['end', 'destroy'] as const) {
    const original = (socket as unknown as Record<string, (...args: unknown[]) => unknown>)[method].bind(socket);
    (socket as unknown as Record<string, (...args: unknown[]) => unknown>)[method] = (...args: unknown[]) => {
      fin();
      return original(...args);
    };
  }
  opts.serve(socket);
}

/**
 * A refused connection, modelled on the client's side of a dropped SYN. Loopback TCP has already
 * connected, so the client believes it may talk: SSH clients send their version string at once and
 * close (FIN) or are killed (FIN or RST) when their own timeout fires. Real TCP would have carried none
 * of that (the client sat in SYN-SENT, retransmitting its SYN) and would have stopped retransmitting the
 * moment the client gave up. So the socket is read and its bytes discarded (a paused socket would buffer
 * them and never see the FIN), and the SYN retransmission schedule runs only until the client's FIN,
 * RST or the hold limit, whichever comes first.
 */
function holdConnection(socket: Socket, opts: FrontDoorOptions, reject: FlowHandle): void {
  const stop = new AbortController();
  const giveUp = () => {
    if (stop.signal.aborted) return;
    stop.abort();
    clearTimeout(limit);
    socket.destroy();
  };
  socket.on('data', () => {
    /* bytes a real client could never have sent before the handshake: dropped unseen */
  });
  socket.once('end', giveUp);
  socket.once('close', giveUp);
  socket.once('error', giveUp);
  reject.add(1, SYN_BYTES, SYN, opts.clock.now());
  void (async () => {
    try {
      for (const wait of SYN_RETRIES_MS) {
        await opts.clock.sleep(wait, stop.signal);
        if (stop.signal.aborted) return;
        reject.add(1, SYN_BYTES, SYN, opts.clock.now());
      }
    } catch {
      /* the client gave up first */
    }
  })();
  // After its last retransmission a Linux client waits once more, then connect() fails (ETIMEDOUT).
  const limit = setTimeout(giveUp, HOLD_LIMIT_MS);
  limit.unref();
}

/** Opens a front door on 127.0.0.1:0 that applies security groups to each new connection. */
export async function openFrontDoor(opts: FrontDoorOptions, host = '127.0.0.1'): Promise<FrontDoor> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ pauseOnConnect: false }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
    const eni = opts.eni();
    if (!eni) return void socket.destroy();
    const src = opts.clientIp();
    if (opts.decide({ protocol: 'tcp', port: opts.instancePort, sourceIp: src })) return acceptConnection(socket, opts, eni, src);
    const reject = opts.flows.open({ eniId: eni.eniId, srcAddr: src, dstAddr: eni.privateIp, srcPort: socket.remotePort ?? 0, dstPort: opts.instancePort, protocol: 6, action: 'REJECT', direction: 'ingress' });
    holdConnection(socket, opts, reject);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
