import { randomUUID } from 'node:crypto';
import { buildRecord, callMembers, type ApiCall, type CallMembers } from './event-record';

/**
 * One event of the history, kept compact: the call's plain fields and its members as logged when it
 * happened. The record (the JSON object LookupEvents and trails show) is built the first time it is
 * read and kept from then on, so a call nobody looks up costs no record. A snapshot writes the built
 * record (`toJSON`), which is the plain `{ t, record }` shape a loaded state holds.
 */
const NO_INPUT: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

export class RecordedEvent {
  private built?: Record<string, unknown>;
  private readonly members: CallMembers;
  private readonly eventId = randomUUID();

  /** Takes the call over: its input and output are let go once their logged members are taken. */
  constructor(
    readonly t: number,
    private call: ApiCall | undefined,
  ) {
    this.members = callMembers(call!);
    // What the record still reads of the input is S3's bucket and key (its resources); the rest is in `members`.
    call!.input = call!.service === 's3' ? { Bucket: call!.input.Bucket, Key: call!.input.Key } : NO_INPUT;
    call!.output = undefined;
  }

  /** The CloudTrail record, built once. */
  get record(): Record<string, unknown> {
    if (!this.built) {
      this.built = buildRecord(this.call!, this.members, this.eventId);
      this.call = undefined; // the input and output objects are no longer held
    }
    return this.built;
  }

  toJSON(): { t: number; record: Record<string, unknown> } {
    return { t: this.t, record: this.record };
  }
}
