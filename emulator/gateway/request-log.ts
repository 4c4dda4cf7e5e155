/** One line of the request log (`GET /_emulator/requests`): no bodies, no credentials. */
export interface RequestLogEntry {
  service: string;
  operation: string;
  status: number;
  ms: number;
  time: string;
  /** For failures: the error code sent to the client. */
  error?: string;
  /** The SDK's attempt number of this call (its `amz-sdk-request` header): 2 and up are retries. */
  attempt?: number;
  /** The SDK's id of the call, the same on every attempt (`amz-sdk-invocation-id`). */
  invocationId?: string;
  /** The fault the emulator injected: throttle, error-before, error-after (handled, answer lost) or consistency. */
  fault?: string;
}

/** A bounded ring buffer of the most recent requests. */
export class RequestLog {
  // A fixed ring: adding never moves the other entries (a full log is the steady state of a long run).
  private readonly ring: Array<{ entry: RequestLogEntry; at: number } | undefined>;
  private next = 0;
  private size = 0;
  constructor(private readonly capacity = 1000) {
    this.ring = new Array(capacity);
  }

  /** Records one request at `at` (epoch ms), dropping the oldest when full; its ISO time is written when listed. */
  add(entry: RequestLogEntry, at = Date.now()): void {
    this.ring[this.next] = { entry, at };
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Oldest first. */
  list(): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    for (let i = 0; i < this.size; i++) {
      const slot = this.ring[(this.next - this.size + i + this.capacity) % this.capacity]!;
      if (!slot.entry.time) slot.entry.time = new Date(slot.at).toISOString();
      out.push(slot.entry);
    }
    return out;
  }

  /** Forgets everything (reset). */
  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}
