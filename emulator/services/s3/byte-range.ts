import { s3Errors } from './errors';

/** A satisfiable byte range: inclusive start and end. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Resolves a Range header against an object's size the way S3 does: `bytes=a-b`, `bytes=a-` and
 * `bytes=-n`; an end past the object is clamped; a range that starts past the end (or any range of
 * an empty object) is InvalidRange; a header S3 cannot parse (or several ranges) is ignored, so the
 * whole object is returned. Returns undefined when the whole object is to be sent with 200.
 */
export function resolveRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw s3Errors.invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw s3Errors.invalidRange(header, size);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return { start, end };
}
