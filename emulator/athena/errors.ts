/**
 * Query failures as Athena reports them in `Status.AthenaError` and `StateChangeReason`.
 * Messages follow Athena engine version 3 (Trino): `<ERROR_NAME>: line L:C: <text>`. Engine
 * version 2 prefixed everything with `SYNTAX_ERROR:`; the emulator reports engine 3, the current default.
 */

/** AthenaError.ErrorCategory: 1 SYSTEM, 2 USER, 3 OTHER (Athena error catalog). */
export const ERROR_CATEGORY_USER = 2;
export const ERROR_CATEGORY_SYSTEM = 1;

/**
 * AthenaError.ErrorType values. 1000 "user error" comes from the Athena error catalog; 1006 is what
 * real responses carry for COLUMN_NOT_FOUND and for failed Hive DDL (observed payloads).
 */
export const ERROR_TYPE = {
  user: 1000,
  ddl: 1006,
  notFound: 1006,
  internal: 200,
} as const;

/** A failed statement: what ends up in Status.AthenaError. */
export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';
  constructor(
    message: string,
    readonly errorType: number = ERROR_TYPE.user,
    readonly errorCategory: number = ERROR_CATEGORY_USER,
  ) {
    super(message);
  }
}

/** `line 1:8: ` — Trino's position prefix. */
export function at(line: number, col: number): string {
  return `line ${line}:${col}: `;
}

/** A Trino parse error: `SYNTAX_ERROR: line 1:1: mismatched input 'SELEKT'`. */
export function syntaxError(line: number, col: number, found: string, expecting?: string): AthenaQueryError {
  const tail = expecting ? `. Expecting: ${expecting}` : '';
  return new AthenaQueryError(`SYNTAX_ERROR: ${at(line, col)}mismatched input '${found}'${tail}`);
}

/** A DDL failure in Hive's words, as Athena passes them through (`FAILED: SemanticException …`). */
export function ddlError(message: string): AthenaQueryError {
  return new AthenaQueryError(message, ERROR_TYPE.ddl);
}
