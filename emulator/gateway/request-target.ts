/** The request target as the gateway reads it: the path as sent (still percent-encoded) and the query. */
export interface RequestTarget {
  pathname: string;
  searchParams: URLSearchParams;
}

const BASE = 'http://emulator.local';
// A path the WHATWG URL parser would return unchanged: origin-form, characters it never re-encodes,
// and no segment starting with a dot (or an encoded one) that it might resolve away.
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e)/i;
// A query of printable ASCII without a fragment: URLSearchParams reads it as URL's searchParams does
// (not one starting with '?', which the URLSearchParams constructor would drop).
const PLAIN_QUERY = /^(?!\?)[\x21-\x22\x24-\x7e]*$/;

/**
 * Parses `req.url` as `new URL(target, base)` would (pathname and searchParams), without the URL
 * parser for the plain targets SDK clients send on every request; anything else goes through URL.
 * Throws as URL does for a target that is not a valid URL.
 */
export function parseRequestTarget(target: string): RequestTarget {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q + 1);
  if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path) && PLAIN_QUERY.test(query)) {
    return { pathname: path, searchParams: new URLSearchParams(query) };
  }
  return new URL(target, BASE);
}
