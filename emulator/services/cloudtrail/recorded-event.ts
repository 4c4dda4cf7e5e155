import { randomUUID } from 'node:crypto';
import { buildRecord, callMembers, type ApiCall } from './event-record';

const NO_INPUT: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * One event of the history, kept compact: the call's plain fields and its members as logged when it
 * happened. The record (the JSON object LookupEvents and trails show) is built the first time it is
 * read and kept from then on, so a call nobody looks up costs no record; its eventID is drawn then too
 * (a random id nobody saw before). A snapshot writes the built record (`toJSON`), which is the plain
 * `{ t, record }` shape a loaded state holds. Up to 20,000 of these live per region, so every field
 * kept is paid for in memory and in each garbage collection that walks them.
 */
export class RecordedEvent {
  private built?: Record<string, unknown>;
  private readonly requestParameters: Record<string, unknown> | null;
  private readonly responseElements: Record<string, unknown> | null;

  /** Takes the call over: its input and output are let go once their logged members are taken. */
  constructor(
    readonly t: number,
    private call: ApiCall | undefined,
  ) {
    const members = callMembers(call!);
    this.requestParameters = members.requestParameters;
    this.responseElements = members.responseElements;
    // What the record still reads of the input is S3's bucket and key (its resources); the rest is in the members.
    call!.input = call!.service === 's3' ? { Bucket: call!.input.Bucket, Key: call!.input.Key } : NO_INPUT;
    call!.output = undefined;
    if (call!.userAgent !== undefined) call!.userAgent = sharedUserAgent(call!.userAgent);
  }

  /** The CloudTrail record, built once. */
  get record(): Record<string, unknown> {
    if (!this.built) {
      this.built = buildRecord(this.call!, { requestParameters: this.requestParameters, responseElements: this.responseElements }, randomUUID());
      this.call = undefined; // the call's fields are in the record now
    }
    return this.built;
  }

  toJSON(): { t: number; record: Record<string, unknown> } {
    return { t: this.t, record: this.record };
  }
}

// A client sends the same User-Agent on every call: thousands of events share one copy of it rather
// than each keeping the header string its request arrived with.
const userAgents = new Map<string, string>();
function sharedUserAgent(ua: string): string {
  const known = userAgents.get(ua);
  if (known !== undefined) return known;
  if (userAgents.size < 1000) userAgents.set(ua, ua);
  return ua;
}
