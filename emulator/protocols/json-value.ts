import type { NormalizedSchema } from '@smithy/core/schema';
import { AwsError } from '../framework/types';
import { parseTimestamp, timestampFormat, TIMESTAMP, toBuffer, toDate } from './scalars';
import { structMembers, valueSchema } from './schema-members';

/** A body member of the wrong JSON type: AWS JSON services answer SerializationException. */
function wrongType(path: string, expected: string): AwsError {
  return new AwsError('SerializationException', `Unexpected value type for ${path || 'the request body'}: expected ${expected}.`, 400);
}

/** Reads an awsJson request body value into the SDK input shape (Dates, Buffers). */
export function readJson(ns: NormalizedSchema, value: unknown, path = ''): unknown {
  if (value === null || value === undefined) return undefined;
  if (ns.isStructSchema()) {
    if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(path, 'an object');
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, member] of structMembers(ns)) {
      if (record[name] !== undefined && record[name] !== null) out[name] = readJson(member, record[name], path ? `${path}.${name}` : name);
    }
    return out;
  }
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) throw wrongType(path, 'a list');
    const member = valueSchema(ns);
    return value.map((v, i) => readJson(member, v, `${path}[${i}]`));
  }
  if (ns.isMapSchema()) {
    if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(path, 'a map');
    const member = valueSchema(ns);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k !== '__proto__') out[k] = readJson(member, v, `${path}.${k}`);
    }
    return out;
  }
  if (ns.isTimestampSchema()) {
    if (typeof value === 'number') return new Date(value * 1000);
    if (typeof value === 'string') return parseTimestamp(value, path);
    throw wrongType(path, 'a timestamp');
  }
  if (ns.isBlobSchema()) {
    if (typeof value !== 'string') throw wrongType(path, 'a base64 string');
    return Buffer.from(value, 'base64');
  }
  if (ns.isNumericSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) {
    if (typeof value === 'number') return value;
    if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
    throw wrongType(path, 'a number');
  }
  if (ns.isBooleanSchema()) {
    if (typeof value !== 'boolean') throw wrongType(path, 'a boolean');
    return value;
  }
  if (ns.isStringSchema()) {
    if (typeof value !== 'string') throw wrongType(path, 'a string');
    return value;
  }
  return value;
}

/** Writes an SDK output shape as an awsJson value: epoch-second timestamps, base64 blobs. */
export function writeJson(ns: NormalizedSchema, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (ns.isStructSchema()) {
    if (typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, member] of structMembers(ns)) {
      const v = writeJson(member, record[name]);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) return undefined;
    const member = valueSchema(ns);
    return value.map((v) => writeJson(member, v) ?? null);
  }
  if (ns.isMapSchema()) {
    if (typeof value !== 'object') return undefined;
    const member = valueSchema(ns);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const w = writeJson(member, v);
      if (w !== undefined) out[k] = w;
    }
    return out;
  }
  if (ns.isTimestampSchema()) {
    const date = toDate(value);
    const format = timestampFormat(ns, TIMESTAMP.epochSeconds);
    if (format === TIMESTAMP.dateTime) return date.toISOString();
    if (format === TIMESTAMP.httpDate) return date.toUTCString();
    return date.getTime() / 1000;
  }
  if (ns.isBlobSchema()) return toBuffer(value).toString('base64');
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
