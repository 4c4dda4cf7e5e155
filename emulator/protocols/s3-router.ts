import type { ServiceModel } from './service-model';
import type { WireRequest } from './wire';
import { validation } from './scalars';
import { requiredCount } from './required';
import { structMembers } from './schema-members';

/** How one S3 operation is addressed under path-style URLs. */
interface Route {
  operation: string;
  method: string;
  /** 'none': `/` (ListBuckets); 'bucket': `/bucket`; 'object': `/bucket/key`. */
  target: 'none' | 'bucket' | 'object';
  /** Query keys the URI template fixes (`?policy`, `?list-type=2`), `x-id` excluded. */
  query: Array<[string, string]>;
  requiredQuery: string[];
  requiredHeaders: string[];
}

/** Bucket and key of a path-style S3 URL, decoded. */
export interface S3Address {
  bucket?: string;
  key?: string;
}

const routeCache = new WeakMap<ServiceModel, Route[]>();

/** Splits a path-style S3 path into bucket and key (`/bucket/a/b.txt` → bucket, `a/b.txt`). */
export function s3Address(rawPath: string): S3Address {
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (!path) return {};
  const slash = path.indexOf('/');
  const rawBucket = slash < 0 ? path : path.slice(0, slash);
  const rawKey = slash < 0 ? '' : path.slice(slash + 1);
  try {
    return { bucket: decodeURIComponent(rawBucket), key: rawKey ? decodeURIComponent(rawKey) : undefined };
  } catch {
    throw validation(`The request path '${rawPath.slice(0, 200)}' is not valid percent-encoding.`);
  }
}

/**
 * Picks the S3 operation for a request as S3 does: by method, by whether the path names a bucket and
 * a key, and by the query keys and headers that tell apart operations sharing a path (`?policy`,
 * `?list-type=2`, `?uploads`, `uploadId`, `x-amz-copy-source`). The SDK's own `x-id` settles it when present.
 */
export function routeS3(req: WireRequest, model: ServiceModel): string | undefined {
  const xid = req.query.get('x-id');
  if (xid && model.operations.has(xid)) return xid;
  const { bucket, key } = s3Address(req.rawPath);
  const target = !bucket ? 'none' : key === undefined ? 'bucket' : 'object';
  let best: Route | undefined;
  let bestScore = -1;
  for (const route of routes(model)) {
    if (route.method !== req.method || route.target !== target) continue;
    let score = 0;
    let ok = true;
    for (const [k, v] of route.query) {
      const actual = req.query.get(k);
      if (actual === null || (v !== '' && actual !== v)) ok = false;
      else score++;
    }
    for (const k of route.requiredQuery) (req.query.has(k) ? score++ : (ok = false));
    for (const h of route.requiredHeaders) (req.headers[h] !== undefined ? score++ : (ok = false));
    if (ok && score > bestScore) {
      best = route;
      bestScore = score;
    }
  }
  return best?.operation;
}

function routes(model: ServiceModel): Route[] {
  const cached = routeCache.get(model);
  if (cached) return cached;
  const list: Route[] = [];
  for (const op of model.operations.values()) {
    const http = op.traits.http as [string, string, number] | undefined;
    if (!http) continue;
    const [path, search = ''] = http[1].split('?');
    const members = op.input.isStructSchema() ? [...structMembers(op.input)] : [];
    const required = requiredCount(op.input);
    const hasBucket = members.some(([name]) => name === 'Bucket');
    const requiredQuery: string[] = [];
    const requiredHeaders: string[] = [];
    members.forEach(([, member], i) => {
      if (i >= required) return;
      const traits = member.getMergedTraits();
      if (traits.httpQuery) requiredQuery.push(traits.httpQuery);
      if (traits.httpHeader) requiredHeaders.push(String(traits.httpHeader).toLowerCase());
    });
    list.push({
      operation: op.name,
      method: http[0],
      target: path.includes('{Key+}') ? 'object' : hasBucket ? 'bucket' : 'none',
      query: [...new URLSearchParams(search)].filter(([k]) => k !== 'x-id'),
      requiredQuery,
      requiredHeaders,
    });
  }
  routeCache.set(model, list);
  return list;
}
