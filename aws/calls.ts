import { currentStepId } from '../core/step-scope';

/** One AWS call as the recording middleware saw it. */
export interface RecordedCall {
  stepId: string;
  service: string;
  operation: string;
  ok: boolean;
  errorName?: string;
  ms: number;
  /** Attempts the SDK made (1 when it did not retry). */
  attempts?: number;
  /** What about the call decides the IAM actions it needs beyond its own (see callQualifiers). */
  qualifiers?: string[];
}

/** Counts every AWS call against the step that made it. */
export class CallRecorder {
  readonly calls: RecordedCall[] = [];

  /** Records one call. */
  record(call: Omit<RecordedCall, 'stepId'>): void {
    this.calls.push({ stepId: currentStepId(), ...call });
  }

  /** Calls counted against a step. */
  countFor(stepId: string): number {
    return this.calls.filter((c) => c.stepId === stepId).length;
  }

  /** Retries the SDK made across every call (attempts beyond the first). */
  retries(): number {
    return this.calls.reduce((n, c) => n + Math.max(0, (c.attempts ?? 1) - 1), 0);
  }

  /** `service:Operation` of every call, e.g. `logs:DescribeLogGroups`. */
  actions(): string[] {
    return [...new Set(this.calls.map((c) => `${c.service}:${c.operation}`))].sort();
  }

  /** Every distinct call with its qualifiers, e.g. `ec2:CreateFlowLogs[s3,tagged]` (runner/policy.ts maps these to IAM actions). */
  qualifiedCalls(): string[] {
    return [...new Set(this.calls.map((c) => `${c.service}:${c.operation}${c.qualifiers?.length ? `[${c.qualifiers.join(',')}]` : ''}`))].sort();
  }
}

/** The kinds of Athena statement whose catalog and data access differ (the IAM actions Athena needs of the caller). */
export function sqlKind(sql: string): string {
  const body = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim().toUpperCase().replace(/\s+/g, ' ');
  if (/^(SELECT|WITH|EXPLAIN)\b/.test(body)) return 'select';
  if (/^SHOW PARTITIONS\b/.test(body)) return 'show-partitions';
  if (/^(SHOW|DESCRIBE|DESC)\b/.test(body)) return 'show';
  if (/^CREATE (EXTERNAL )?TABLE\b/.test(body)) return 'create-table';
  if (/^ALTER TABLE .* ADD\b/.test(body)) return 'add-partition';
  if (/^DROP TABLE\b/.test(body)) return 'drop-table';
  if (/^CREATE (DATABASE|SCHEMA)\b/.test(body)) return 'create-database';
  if (/^DROP (DATABASE|SCHEMA)\b/.test(body)) return 'drop-database';
  return 'other-sql';
}

/**
 * What about one call decides the IAM actions it needs beyond its own name, never its values (no
 * secret can leak): the kind of an Athena statement, a flow log's destination type, and whether a
 * create tags what it makes (tag-on-create is authorized by the service's tagging action).
 */
export function callQualifiers(operation: string, input: unknown): string[] {
  const i = (input ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  if (operation === 'StartQueryExecution') out.push(sqlKind(String(i.QueryString ?? '')));
  if (operation === 'CreateFlowLogs') out.push(String(i.LogDestinationType ?? 'cloud-watch-logs'));
  const tags = i.Tags ?? i.tags ?? i.TagSpecifications;
  if (/^(Create|Put|Run)/.test(operation) && tags && (Array.isArray(tags) ? tags.length > 0 : Object.keys(tags).length > 0)) out.push('tagged');
  return out;
}

/**
 * Operations a read-only client may call: they read state or run read-level queries and create no
 * resource a student would have to clean up.
 */
export function isReadOperation(operation: string): boolean {
  return /^(Describe|Get|List|Head|Filter|Lookup|Test|Select|BatchGet)/.test(operation) || ['StartQuery', 'StopQuery'].includes(operation);
}

/** SQL that only reads: Athena queries a checker may run (they write only a result file). */
export function isReadOnlySql(sql: string): boolean {
  const body = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim();
  return /^(SELECT|SHOW|DESCRIBE|DESC|WITH|EXPLAIN)\b/i.test(body) && !/;\s*\S/.test(body.replace(/'(?:[^']|'')*'/g, "''"));
}

/** Whether a read-only client may make this call (Athena's StartQueryExecution only with read-only SQL). */
export function isReadCall(operation: string, input: unknown): boolean {
  if (operation === 'StartQueryExecution') return isReadOnlySql(String((input as { QueryString?: unknown })?.QueryString ?? ''));
  if (operation === 'StopQueryExecution') return true;
  return isReadOperation(operation);
}

/** Thrown by a read-only client before a mutating call leaves the machine. */
export class ReadOnlyViolation extends Error {
  override readonly name = 'ReadOnlyViolation';
  constructor(service: string, operation: string) {
    super(`The checker is read-only and refused to call ${service}:${operation}.`);
  }
}
