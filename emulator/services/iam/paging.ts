import { iamErrors } from './errors';

/**
 * IAM's Marker/MaxItems paging over a list sorted by `keyOf`: the marker is opaque to clients and
 * names the last item returned, so items added or removed between pages do not shift the window.
 */
export function paginate<T>(items: T[], keyOf: (t: T) => string, marker: string | undefined, maxItems: number | undefined) {
  const max = maxItems ?? 100;
  if (max < 1 || max > 1000) throw iamErrors.validation(max, 'maxItems', 'Member must have value between 1 and 1000');
  let rest = items;
  if (marker) {
    let after: string;
    try {
      after = Buffer.from(marker, 'base64').toString('utf8');
    } catch {
      throw iamErrors.invalidInput('Invalid Marker.');
    }
    rest = items.filter((t) => keyOf(t) > after);
  }
  const page = rest.slice(0, max);
  const truncated = rest.length > page.length;
  return { page, IsTruncated: truncated, Marker: truncated ? Buffer.from(keyOf(page[page.length - 1])).toString('base64') : undefined };
}
