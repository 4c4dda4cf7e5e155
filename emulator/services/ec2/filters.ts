import { AwsError } from '../../framework/types';

/** An EC2 `Filter` as the SDK sends it. */
export interface Ec2Filter {
  Name?: string;
  Values?: string[];
}

/** What a field extractor may return: one value, several (any may match), or nothing. */
export type FieldValue = string | number | boolean | undefined | null | Array<string | number | boolean | undefined | null>;

/**
 * The filterable fields of one resource type: filter name → value(s) of an item. `tags` gives
 * the item's tags so `tag:Key`, `tag-key` and `tag-value` work for every resource alike.
 */
export interface FilterFields<T> {
  fields: Record<string, (item: T) => FieldValue>;
  tags?: (item: T) => Record<string, string> | undefined;
}

/**
 * Keeps the items that match every filter (filters are ANDed; a filter's values are ORed).
 * Values may use `*` and `?` wildcards (`\` escapes them), as EC2 documents.
 */
export function applyFilters<T>(items: T[], filters: Ec2Filter[] | undefined, spec: FilterFields<T>): T[] {
  if (!filters || filters.length === 0) return items;
  const tests = filters.map((f) => compile(f, spec));
  return items.filter((item) => tests.every((test) => test(item)));
}

function compile<T>(filter: Ec2Filter, spec: FilterFields<T>): (item: T) => boolean {
  const name = filter.Name ?? '';
  const patterns = (filter.Values ?? []).map(globToRegExp);
  const matchAny = (values: string[]) => values.some((v) => patterns.some((p) => p.test(v)));
  if (spec.tags && name.startsWith('tag:')) {
    const key = name.slice(4);
    return (item) => {
      const tags = spec.tags!(item) ?? {};
      return key in tags && matchAny([tags[key]]);
    };
  }
  if (spec.tags && name === 'tag-key') return (item) => matchAny(Object.keys(spec.tags!(item) ?? {}));
  if (spec.tags && name === 'tag-value') return (item) => matchAny(Object.values(spec.tags!(item) ?? {}));
  const extract = spec.fields[name];
  if (!extract) throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
  return (item) => matchAny(asStrings(extract(item)));
}

function asStrings(value: FieldValue): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v) => v !== undefined && v !== null).map((v) => String(v));
}

/** Turns an EC2 filter value with `*`/`?` wildcards into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) out += escape(glob[++i]);
    else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else out += escape(c);
  }
  return new RegExp(`^${out}$`, 's');
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * One page of a Describe* listing. The token is the offset of the next item, encoded so
 * clients treat it as opaque; a token that does not decode is rejected as AWS does.
 */
export function paginate<T>(items: T[], maxResults?: number, nextToken?: string): { page: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken) {
    const decoded = Number(Buffer.from(nextToken, 'base64').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw new AwsError('InvalidParameterValue', `The token '${nextToken}' is invalid`);
    start = decoded;
  }
  if (!maxResults) return { page: items.slice(start) };
  const end = start + maxResults;
  return { page: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
}
