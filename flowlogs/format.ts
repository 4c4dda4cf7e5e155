// Flow-log formats: the EC2 `LogFormat` string (`${field} ${field} …`) parsed into an ordered field
// list plus the record `version` it implies (aws-fidelity §1.1).
import { FlowLogFormatError } from './errors';
import { DEFAULT_FIELDS, fieldSpec } from './fields';

/** A parsed log format: field ids in output order, the record version and the canonical `LogFormat` text. */
export interface FlowLogFormat {
  readonly fields: readonly string[];
  /** The highest version among the chosen fields, which AWS writes in the `version` column. */
  readonly version: number;
  /** The `LogFormat` string, `${a} ${b} …`. */
  readonly text: string;
}

/** The default format: all version-2 fields in their fixed order. */
export const DEFAULT_FORMAT = DEFAULT_FIELDS.map((f) => `\${${f}}`).join(' ');

/**
 * Field kinds, as the record parser checks them. Closed = one of a fixed list (action, log-status, …);
 * Service = an AWS service name, shape-checked only since AWS keeps adding services.
 */
export const FieldKind = { Free: 0, Int: 1, Closed: 2, Service: 3 } as const;

/** What the record parser needs about a format, computed once per format object. */
export interface CompiledFormat {
  readonly fields: readonly string[];
  readonly kinds: Uint8Array;
  readonly max: readonly number[];
  readonly values: readonly (readonly string[])[];
  /** Field id → column, with no prototype so any id is a safe key. */
  readonly index: Readonly<Record<string, number>>;
}

const COMPILED = Symbol('compiled');
const foreign = new WeakMap<FlowLogFormat, CompiledFormat>();
const cache = new Map<string, FlowLogFormat>();
const TOKEN = /^\$\{([a-z0-9-]+)\}$/;

/**
 * Parses a `LogFormat` string; undefined or '' gives the default format. Throws FlowLogFormatError
 * for an unknown field, a token that is not `${field-id}`, anything but single spaces between
 * tokens (AWS rejects a trailing space), a repeated field, or a format without fields.
 */
export function parseFormat(logFormat?: string): FlowLogFormat {
  const text = logFormat === undefined || logFormat === '' ? DEFAULT_FORMAT : logFormat;
  const hit = cache.get(text);
  if (hit) return hit;
  if (text.trim() === '') throw new FlowLogFormatError(text, 'The format must name at least one field, for example ${srcaddr}.');
  const fields: string[] = [];
  let version = 0;
  for (const token of text.split(' ')) {
    if (token === '') throw new FlowLogFormatError(text, 'Separate fields with single spaces, with none before the first or after the last field.');
    const m = TOKEN.exec(token);
    if (!m) throw new FlowLogFormatError(text, `Write each field as \${field-id}; '${token}' is not of that form.`);
    const spec = fieldSpec(m[1]);
    if (!spec) throw new FlowLogFormatError(text, `Unknown field ${token}; it is not a VPC flow-log field of versions 2 to 7.`);
    // Not established whether AWS accepts a repeated field; we refuse it because a record could
    // then not be read by field name.
    if (fields.includes(spec.name)) throw new FlowLogFormatError(text, `The field ${token} appears more than once.`);
    fields.push(spec.name);
    version = Math.max(version, spec.version);
  }
  const format: FlowLogFormat = { fields: Object.freeze(fields), version, text };
  // Non-enumerable, so the format still compares and prints as { fields, version, text }.
  Object.defineProperty(format, COMPILED, { value: compile(format) });
  Object.freeze(format);
  if (cache.size < 1000) cache.set(text, format); // bounded: formats come from user input
  return format;
}

/** The header line of plain-text S3 files: the field ids separated by spaces. */
export function headerLine(format: FlowLogFormat = parseFormat()): string {
  return format.fields.join(' ');
}

/** Returns the parser's view of a format; formats built by hand (not by parseFormat) are compiled once. */
export function compiledFormat(format: FlowLogFormat): CompiledFormat {
  const own = (format as unknown as Record<symbol, CompiledFormat | undefined>)[COMPILED];
  if (own) return own;
  let c = foreign.get(format);
  if (!c) {
    c = compile(format);
    foreign.set(format, c);
  }
  return c;
}

function compile(format: FlowLogFormat): CompiledFormat {
  const n = format.fields.length;
  const kinds = new Uint8Array(n);
  const max: number[] = [];
  const values: (readonly string[])[] = [];
  const index: Record<string, number> = Object.create(null);
  format.fields.forEach((name, i) => {
    const spec = fieldSpec(name);
    if (!spec) throw new FlowLogFormatError(format.text, `Unknown field \${${name}}; it is not a VPC flow-log field of versions 2 to 7.`);
    index[name] = i;
    max.push(spec.max ?? Number.MAX_SAFE_INTEGER);
    values.push(spec.values ?? []);
    kinds[i] = spec.type !== 'string' ? FieldKind.Int : spec.values ? (spec.closed ? FieldKind.Closed : FieldKind.Service) : FieldKind.Free;
  });
  return { fields: format.fields, kinds, max, values, index };
}
