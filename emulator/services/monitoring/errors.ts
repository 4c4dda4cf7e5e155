import { AwsError } from '../../framework/types';

// CloudWatch speaks awsQuery error codes; the gateway maps each to its SDK exception
// (InvalidParameterValue → InvalidParameterValueException, …) through x-amzn-query-error.

/** `InvalidParameterValue`: a parameter has a value CloudWatch does not accept. */
export function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message, 400);
}

/** `InvalidParameterCombination`: parameters that cannot be used together (or one of two is missing). */
export function invalidCombination(message: string): AwsError {
  return new AwsError('InvalidParameterCombination', message, 400);
}

/** `MissingParameter`: a required parameter is absent. */
export function missingParameter(name: string): AwsError {
  return new AwsError('MissingParameter', `The parameter ${name} is required.`, 400);
}

/** Throws MissingParameter when `value` is absent; returns it otherwise. */
export function required<T>(value: T | undefined | null, name: string): T {
  if (value === undefined || value === null || (typeof value === 'string' && value === '')) throw missingParameter(name);
  return value;
}

/** The StandardUnit values [api cloudwatch]. */
export const STANDARD_UNITS = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits', 'Megabits', 'Gigabits',
  'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second',
  'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
];

/** Checks an optional unit. */
export function checkUnit(unit: unknown, name = 'Unit'): string | undefined {
  if (unit === undefined || unit === null) return undefined;
  if (typeof unit !== 'string' || !STANDARD_UNITS.includes(unit)) throw invalidValue(`The value ${String(unit)} for parameter ${name} is not a valid unit.`);
  return unit;
}

/** The five plain statistics. */
export const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

/** A Date (or a number/string the gateway left as is) as epoch ms. */
export function toMs(value: unknown, name: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalidValue(`The parameter ${name} must be a valid timestamp.`);
  return ms;
}
