/**
 * A query-protocol request's form fields in order (the query string's, then the body's), read as
 * URLSearchParams reads them but without one: the SDK's forms rarely need any decoding, and
 * URLSearchParams (its copy, its parse, its entry arrays) was ~1 KB of garbage per request.
 */
export class FormFields {
  /** Name, value, name, value, … in order (one array rather than two). */
  readonly pairs: string[] = [];

  /** The first value of a field, or undefined (URLSearchParams.get, with undefined for null). */
  get(name: string): string | undefined {
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === name) return pairs[i + 1];
    return undefined;
  }

  /** Appends every field of a parsed query string. */
  addParams(params: URLSearchParams): void {
    if (params.size === 0) return;
    for (const [name, value] of params) this.add(name, value);
  }

  /**
   * Appends every field of an application/x-www-form-urlencoded text, as `new URLSearchParams(text)`
   * reads it: a leading `?` dropped, split on `&`, empty pieces skipped, a piece without `=` a name with
   * an empty value. A piece with `%` or `+` is decoded by URLSearchParams itself (each piece is decoded
   * on its own, so the result is the same); the others are taken as they are.
   */
  addEncoded(text: string): void {
    const n = text.length;
    let start = n > 0 && text.charCodeAt(0) === 0x3f ? 1 : 0;
    while (start < n) {
      let end = text.indexOf('&', start);
      if (end < 0) end = n;
      if (end > start) this.addPiece(text, start, end);
      start = end + 1;
    }
  }

  private addPiece(text: string, start: number, end: number): void {
    let eq = -1;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x25 || c === 0x2b) {
        // '%' or '+': decoded by URLSearchParams. '&' first: it would otherwise drop a leading '?' of
        // this piece, which it keeps mid-text.
        for (const [name, value] of new URLSearchParams(`&${text.slice(start, end)}`)) this.add(name, value);
        return;
      }
      if (c === 0x3d && eq < 0) eq = i;
    }
    if (eq < 0) this.add(text.slice(start, end), '');
    else this.add(text.slice(start, eq), text.slice(eq + 1, end));
  }

  private add(name: string, value: string): void {
    this.pairs.push(name, value);
  }
}
