// The CloudWatch Logs filter-pattern engine (spec §4): compile once, match many.
export { compilePattern, MAX_PATTERN_LENGTH } from './compile-pattern';
export type { CompileOptions } from './compile-pattern';
export type { CompiledPattern, PatternKind, PatternMatch } from './compiled-pattern';
export { PatternSyntaxError } from './errors';
export type { PatternPurpose } from './errors';
export { resolveMetricValue, resolveDimensions, validateMetricTransformation, MAX_DIMENSIONS } from './metric-values';
export type { MetricTransformationInput } from './metric-values';
