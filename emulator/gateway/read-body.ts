import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { AwsError } from '../framework/types';
import { decodeAwsChunked } from './aws-chunked';

/** Body size caps: S3 objects may be large, every other API takes small documents. */
export const BODY_LIMITS = { s3: 512 * 1024 * 1024, other: 10 * 1024 * 1024 } as const;

/** Thrown when a body exceeds its cap; the gateway answers it and closes the connection. */
export class BodyTooLargeError extends AwsError {
  constructor(limit: number, s3: boolean) {
    super(
      s3 ? 'EntityTooLarge' : 'RequestEntityTooLarge',
      s3 ? 'Your proposed upload exceeds the maximum allowed size' : `Request body exceeds the maximum of ${limit} bytes the emulator accepts.`,
      s3 ? 400 : 413,
    );
  }
}

/** Reads the whole request body, refusing more than `limit` bytes. */
export function collectBody(req: IncomingMessage, limit: number, s3: boolean): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit, s3));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(limit, s3));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => failed || resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', (err) => failed || ((failed = true), reject(err)));
  });
}

/** True when decodeBody may have work to do (and may rewrite the headers): a Content-Encoding or aws-chunked streaming. */
export function hasFraming(headers: Record<string, string>): boolean {
  return headers['content-encoding'] !== undefined || headers['x-amz-content-sha256']?.startsWith('STREAMING-') === true;
}

/**
 * Undoes transfer framings the SDK may apply: aws-chunked streaming (S3 uploads with trailing
 * checksums; the trailers become headers, as S3 treats them) and gzip request compression (CloudWatch
 * PutMetricData). For S3 a `Content-Encoding: gzip` is object metadata and the bytes are kept as sent.
 */
export function decodeBody(body: Buffer, headers: Record<string, string>, s3: boolean, limit: number): Buffer {
  // Most requests carry neither framing: nothing to split or look up.
  if (!hasFraming(headers)) return body;
  const encodings = (headers['content-encoding'] ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  const streaming = (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
  if (encodings.includes('aws-chunked') || streaming) {
    const decoded = decodeAwsChunked(body);
    body = decoded.body;
    Object.assign(headers, decoded.trailers);
    const rest = encodings.filter((e) => e !== 'aws-chunked');
    if (rest.length) headers['content-encoding'] = rest.join(',');
    else delete headers['content-encoding'];
    headers['content-length'] = String(body.length);
    if (s3) return body;
  }
  if (!s3 && encodings.includes('gzip') && body.length > 0) {
    try {
      body = gunzipSync(body, { maxOutputLength: limit });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLargeError(limit, false);
      throw new AwsError('InvalidRequest', 'The request body is declared gzip but does not decompress.', 400);
    }
    delete headers['content-encoding'];
  }
  return body;
}
