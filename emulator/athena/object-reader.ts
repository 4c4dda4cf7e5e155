/**
 * How the SQL engine sees S3: a listing and a body reader. The Athena provider backs it with the
 * emulator's S3 store; unit tests and the benchmark back it with a plain map.
 */

export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: number;
}

export interface ObjectReader {
  /** Objects whose key starts with `prefix`, sorted by key. */
  list(bucket: string, prefix: string): ObjectInfo[];
  /** An object's bytes, or undefined when it does not exist. */
  get(bucket: string, key: string): Buffer | undefined;
  /** True when the bucket exists. */
  hasBucket(bucket: string): boolean;
}

/** Splits `s3://bucket/some/prefix/` into bucket and key prefix; undefined when it is not an S3 URI. */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3a?n?:\/\/([^/]+)\/?(.*)$/i.exec(uri.trim());
  if (!m) return undefined;
  return { bucket: m[1], prefix: m[2] };
}

/** The prefix as a folder: `a/b` → `a/b/`, `` stays ``. Athena reads a location as a folder. */
export function asFolder(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** An in-memory reader over `bucket → key → body`, for tests and the benchmark. */
export function memoryObjectReader(buckets: Record<string, Record<string, Buffer>>, mtime = 0): ObjectReader {
  return {
    list(bucket, prefix) {
      const objects = buckets[bucket] ?? {};
      return Object.keys(objects)
        .filter((k) => k.startsWith(prefix))
        .sort()
        .map((key) => ({ key, size: objects[key].length, lastModified: mtime }));
    },
    get: (bucket, key) => buckets[bucket]?.[key],
    hasBucket: (bucket) => bucket in buckets,
  };
}
