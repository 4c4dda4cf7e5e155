import { AwsError } from '../../framework/types';
import {
  compilePattern,
  PatternSyntaxError,
  resolveDimensions,
  resolveMetricValue,
  validateMetricTransformation,
  type CompiledPattern,
  type PatternPurpose,
} from '../../../patterns/index';
import type { StoredMetricFilter } from './types';

type Transformation = StoredMetricFilter['metricTransformations'][number];

// Compiling is pure, so a module-level cache is safe (state itself must stay plain data).
const cache = new Map<string, CompiledPattern>();

/** Compiles a filter pattern, turning a syntax error into the AWS error the given API answers. */
export function compileFilterPattern(text: string, purpose: PatternPurpose): CompiledPattern {
  const hit = cache.get(text);
  if (hit) return hit;
  try {
    const compiled = compilePattern(text, { purpose });
    if (cache.size > 1000) cache.clear();
    cache.set(text, compiled);
    return compiled;
  } catch (err) {
    throw toAwsError(err, purpose);
  }
}

/** Converts a PatternSyntaxError into AWS's InvalidParameterException; rethrows anything else. */
export function toAwsError(err: unknown, purpose: PatternPurpose): unknown {
  if (err instanceof PatternSyntaxError) {
    return new AwsError('InvalidParameterException', err.forPurpose(purpose).message, 400);
  }
  return err;
}


/** The number a matching event adds to the metric (a literal or a field reference); undefined when not numeric. */
export function metricValueOf(t: Transformation, pattern: CompiledPattern, message: string): number | undefined {
  return resolveMetricValue(t.metricValue, pattern, message);
}

/** A matching event's dimensions as CloudWatch wants them, sorted by name; undefined when a field is absent. */
export function dimensionsOf(t: Transformation, pattern: CompiledPattern, message: string): Array<{ Name: string; Value: string }> | undefined {
  if (!t.dimensions || Object.keys(t.dimensions).length === 0) return [];
  const resolved = resolveDimensions(t.dimensions, pattern, message);
  if (!resolved) return undefined;
  return Object.keys(resolved)
    .sort()
    .map((Name) => ({ Name, Value: resolved[Name] }));
}

/** Validates a transformation against its pattern, as PutMetricFilter must (AWS InvalidParameterException). */
export function checkTransformation(t: Transformation, pattern: CompiledPattern): void {
  try {
    validateMetricTransformation(t, pattern);
  } catch (err) {
    throw toAwsError(err, 'metric');
  }
}
