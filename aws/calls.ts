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
