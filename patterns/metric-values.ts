import { CompiledPattern } from './compiled-pattern';
import { eventFields } from './event-cursor';
import { PatternSyntaxError } from './errors';
import { scalarText } from './json-pattern';
import { parseJsonEvent, parseSelector, resolveSelector, Selector } from './json-selector';
import { isNumberText } from './value-tests';

/** At most this many dimensions per metric transformation (spec §4.6). */
export const MAX_DIMENSIONS = 3;
/** metricValue is a string of at most 100 characters (spec §4.6). */
export const MAX_METRIC_VALUE_LENGTH = 100;

/** The parts of a metric transformation that depend on the filter pattern. */
export interface MetricTransformationInput {
  metricValue: string;
  defaultValue?: number;
  dimensions?: Record<string, string>;
}

const selectorCache = new Map<string, Selector | null>();

function selectorOf(ref: string): Selector | null {
  let s = selectorCache.get(ref);
  if (s === undefined) {
    try {
      s = parseSelector(ref);
    } catch {
      s = null;
    }
    if (selectorCache.size > 1000) selectorCache.clear();
    selectorCache.set(ref, s);
  }
  return s;
}

/**
 * The text a field reference reaches in an event that matched: `$.path` for JSON patterns,
 * `$name` (a named field) or `$N` (the N-th field, 1-based) for space-delimited ones.
 */
function resolveRef(ref: string, pattern: CompiledPattern, message: string): string | undefined {
  if (pattern.kind === 'json') {
    const sel = selectorOf(ref);
    const doc = sel ? parseJsonEvent(message) : undefined;
    return doc === undefined || sel === null ? undefined : scalarText(resolveSelector(doc, sel.steps));
  }
  if (pattern.kind !== 'space') return undefined;
  const m = pattern.match(message);
  if (!m.matched) return undefined;
  const v = m.extractedValues[ref];
  if (v !== undefined) return v;
  if (/^\$[1-9]\d*$/.test(ref)) return eventFields(message)[Number(ref.slice(1)) - 1];
  return undefined;
}

/**
 * The value a matching event adds to the metric: a number literal as is, or the number a field
 * reference (`$bytes`, `$10`, `$.latency`) reaches; undefined when that is not a number (the
 * event then contributes nothing).
 */
export function resolveMetricValue(metricValue: string, pattern: CompiledPattern, message: string): number | undefined {
  const v = metricValue.trim();
  if (isNumberText(v)) return Number(v);
  if (!v.startsWith('$')) return undefined;
  const text = resolveRef(v, pattern, message)?.trim();
  return text !== undefined && isNumberText(text) ? Number(text) : undefined;
}

/**
 * The dimension values of a matching event (`{"server": "$server"}` → `{"server": "web-1"}`).
 * Values that are not field references are used as written. Our choice where AWS is silent: if a
 * reference reaches nothing, the event emits no data point (undefined).
 */
export function resolveDimensions(dimensions: Record<string, string>, pattern: CompiledPattern, message: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, ref] of Object.entries(dimensions)) {
    const v = ref.startsWith('$') ? resolveRef(ref, pattern, message) : ref;
    if (v === undefined || v === '') return undefined;
    out[name] = v;
  }
  return out;
}

function invalid(message: string): never {
  throw new PatternSyntaxError(message, message);
}

/** True when `ref` names a field the pattern can extract. */
function refAllowed(ref: string, pattern: CompiledPattern): boolean {
  if (pattern.kind === 'json') return selectorOf(ref) !== null;
  if (pattern.kind === 'space') return pattern.fieldNames.includes(ref) || /^\$[1-9]\d*$/.test(ref);
  return false;
}

/**
 * Checks a metric transformation against its pattern and throws AWS's InvalidParameterException
 * (spec §4.6). Exact texts other than "The specified filter pattern does not support dimensions"
 * are not established; ours are whole sentences.
 */
export function validateMetricTransformation(t: MetricTransformationInput, pattern: CompiledPattern): void {
  const v = t.metricValue.trim();
  if (v === '' || t.metricValue.length > MAX_METRIC_VALUE_LENGTH) invalid(`The metric value must be 1 to ${MAX_METRIC_VALUE_LENGTH} characters.`);
  if (!isNumberText(v)) {
    if (!v.startsWith('$')) invalid(`Invalid metric value '${t.metricValue}': use a number or a field of the filter pattern such as $bytes or $.latency.`);
    if (!refAllowed(v, pattern)) invalid(`Invalid metric value '${t.metricValue}': the filter pattern has no such field.`);
  }
  const dims = Object.entries(t.dimensions ?? {});
  if (dims.length === 0) return;
  if (!pattern.supportsDimensions) invalid('The specified filter pattern does not support dimensions');
  if (dims.length > MAX_DIMENSIONS) invalid(`A metric transformation can have at most ${MAX_DIMENSIONS} dimensions; this one has ${dims.length}.`);
  if (t.defaultValue !== undefined && t.defaultValue !== null) invalid('A default value cannot be combined with dimensions.');
  for (const [name, ref] of dims) {
    if (!ref.startsWith('$') || !refAllowed(ref, pattern)) invalid(`Invalid dimension '${name}': its value '${ref}' must be a field of the filter pattern.`);
  }
}
