import type { NormalizedSchema } from '@smithy/core/schema';
import { AwsError } from '../framework/types';

/** Smithy timestamp formats as the SDK's schemas number them. */
export const TIMESTAMP = { default: 4, dateTime: 5, httpDate: 6, epochSeconds: 7 } as const;

/** Parses a timestamp as any AWS protocol may send it: epoch seconds, ISO 8601 or an HTTP date. */
export function parseTimestamp(text: string, what: string): Date {
  const trimmed = text.trim();
  const date = /^-?\d+(\.\d+)?$/.test(trimmed) ? new Date(Number(trimmed) * 1000) : new Date(trimmed);
  if (Number.isNaN(date.getTime())) throw validation(`Invalid timestamp '${text}' for ${what}.`);
  return date;
}

/** Formats a timestamp in a Smithy format (5 date-time, 6 http-date, 7 epoch-seconds). */
export function formatTimestamp(value: unknown, format: number): string {
  const date = toDate(value);
  if (format === TIMESTAMP.httpDate) return date.toUTCString();
  if (format === TIMESTAMP.epochSeconds) return String(date.getTime() / 1000);
  return date.toISOString();
}

/** Accepts what handlers may return for a timestamp: a Date, epoch milliseconds or a date string. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  return new Date(String(value));
}

/** The timestamp format a member uses in a body (its own trait, else the protocol default). */
export function timestampFormat(ns: NormalizedSchema, protocolDefault: number): number {
  const sc = ns.getSchema();
  const own = typeof sc === 'number' && sc >= 5 && sc <= 7 ? sc : undefined;
  const trait = ns.getMergedTraits().timestampFormat as string | undefined;
  if (trait === 'epoch-seconds') return TIMESTAMP.epochSeconds;
  if (trait === 'http-date') return TIMESTAMP.httpDate;
  if (trait === 'date-time') return TIMESTAMP.dateTime;
  return own ?? protocolDefault;
}

/** Blob values from handlers: Buffer, Uint8Array or string. */
export function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return Buffer.from(String(value));
}

/** Converts one scalar from its string wire form (query, headers, XML text) to the SDK shape type. */
export function scalarFromString(ns: NormalizedSchema, text: string, what: string): unknown {
  if (ns.isTimestampSchema()) return parseTimestamp(text, what);
  if (ns.isBlobSchema()) return Buffer.from(text, 'base64');
  if (ns.isBooleanSchema()) {
    const lower = text.trim().toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw validation(`Invalid boolean value '${text}' for ${what}.`);
    return lower === 'true';
  }
  if (ns.isNumericSchema() || ns.isBigDecimalSchema() || ns.isBigIntegerSchema()) {
    const n = Number(text);
    if (text.trim() === '' || Number.isNaN(n)) throw validation(`Invalid numeric value '${text}' for ${what}.`);
    return n;
  }
  return text;
}

/** Converts a scalar output value to its string wire form. */
export function scalarToString(ns: NormalizedSchema, value: unknown, tsDefault: number): string {
  if (ns.isTimestampSchema()) return formatTimestamp(value, timestampFormat(ns, tsDefault));
  if (ns.isBlobSchema()) return toBuffer(value).toString('base64');
  return String(value);
}

/** A request the protocol layer could not turn into a valid input; each codec maps it to its own code. */
export class WireValidationError extends AwsError {}

/** Builds a validation error (codecs rename the code to their protocol's). */
export function validation(message: string): WireValidationError {
  return new WireValidationError('ValidationError', message, 400);
}
