import { AwsError } from '../../framework/types';
import type { LogsState, StoredLogGroup, StoredLogStream } from './types';

/** PutRetentionPolicy's allowed values [api logs]. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** AWS's InvalidParameterException. */
export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message, 400);
}

/** The validation-error wording AWS's Coral layer uses for a member that breaks its constraint. */
export function constraintError(member: string, value: unknown, constraint: string): AwsError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return invalidParameter(`1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`);
}

/** Checks a log group name: 1–512 characters of `[.\-_/#A-Za-z0-9]`. */
export function checkLogGroupName(name: unknown, member = 'logGroupName'): string {
  if (typeof name !== 'string' || name.length === 0) throw constraintError(member, name ?? null, 'Member must not be null');
  if (name.length > 512) throw constraintError(member, name, 'Member must have length less than or equal to 512');
  if (!/^[.\-_/#A-Za-z0-9]+$/.test(name)) throw constraintError(member, name, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
  return name;
}

/** Checks a log stream (or filter) name: 1–512 characters, no `:` or `*`. */
export function checkStreamName(name: unknown, member = 'logStreamName'): string {
  if (typeof name !== 'string' || name.length === 0) throw constraintError(member, name ?? null, 'Member must not be null');
  if (name.length > 512) throw constraintError(member, name, 'Member must have length less than or equal to 512');
  if (/[:*]/.test(name)) throw constraintError(member, name, 'Member must satisfy regular expression pattern: [^:*]*');
  return name;
}

/** Checks an optional `limit` against its range and returns it or the default. */
export function checkLimit(limit: unknown, max: number, dflt: number): number {
  if (limit === undefined || limit === null) return dflt;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) throw constraintError('limit', limit, 'Member must have value greater than or equal to 1');
  if (limit > max) throw constraintError('limit', limit, `Member must have value less than or equal to ${max}`);
  return limit;
}

/** The log group named by `logGroupName` or `logGroupIdentifier` (a name or an ARN); throws AWS's not-found error. */
export function requireGroup(state: LogsState, input: { logGroupName?: string; logGroupIdentifier?: string }): StoredLogGroup {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const name = input.logGroupIdentifier !== undefined ? groupNameFromIdentifier(input.logGroupIdentifier) : checkLogGroupName(input.logGroupName);
  const g = Object.prototype.hasOwnProperty.call(state.groups, name) ? state.groups[name] : undefined;
  if (!g) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
  return g;
}

/** The stream of a group; throws AWS's not-found error. */
export function requireStream(group: StoredLogGroup, name: unknown): StoredLogStream {
  const n = checkStreamName(name);
  const s = Object.prototype.hasOwnProperty.call(group.streams, n) ? group.streams[n] : undefined;
  if (!s) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.', 400);
  return s;
}

/** `arn:aws:logs:r:a:log-group:NAME[:*]` or a plain name → the name. */
export function groupNameFromIdentifier(id: string): string {
  const m = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(:\*)?$/.exec(id);
  return m ? m[1] : checkLogGroupName(id, 'logGroupIdentifier');
}

/** The two ARNs of a log group: `arn` ends with `:*`, `logGroupArn` does not. */
export function groupArns(region: string, account: string, name: string): { arn: string; logGroupArn: string } {
  const logGroupArn = `arn:aws:logs:${region}:${account}:log-group:${name}`;
  return { arn: `${logGroupArn}:*`, logGroupArn };
}

/** An opaque paging token. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Reads a token made by `encodeToken`; a token we did not make is AWS's InvalidParameterException. */
export function decodeToken<T>(token: string): T {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw invalidParameter('The specified nextToken is invalid.');
  }
}
