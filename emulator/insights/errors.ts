/**
 * A query that does not compile. Offsets are 0-based character offsets into the query string,
 * `endCharOffset` exclusive; StartQuery maps this to MalformedQueryException.queryCompileError.
 */
export class InsightsSyntaxError extends Error {
  override readonly name = 'InsightsSyntaxError';
  constructor(
    message: string,
    readonly startCharOffset: number,
    readonly endCharOffset: number,
  ) {
    super(message);
  }
}
