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
  private readonly entries: RequestLogEntry[] = [];
  constructor(private readonly capacity = 1000) {}

  /** Records one request, dropping the oldest when full. */
  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Oldest first. */
  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  /** Forgets everything (reset). */
  clear(): void {
    this.entries.length = 0;
  }
}
