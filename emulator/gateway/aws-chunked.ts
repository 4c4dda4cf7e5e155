import { AwsError } from '../framework/types';

/** A decoded aws-chunked body and the trailing headers it carried (`x-amz-checksum-crc32`…). */
export interface ChunkedBody {
  body: Buffer;
  trailers: Record<string, string>;
}

function incomplete(why: string): AwsError {
  return new AwsError('IncompleteBody', `The aws-chunked request body is malformed: ${why}.`, 400);
}

/**
 * Decodes SigV4 streaming framing: `hex-size[;chunk-signature=…]\r\n data \r\n` … `0…\r\n`, then
 * optional trailer lines `name:value\r\n` and a final `\r\n`. Signatures are not verified
 * (like LocalStack, the emulator does not check credentials).
 */
export function decodeAwsChunked(raw: Buffer): ChunkedBody {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let pos = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', pos);
    if (eol < 0) throw incomplete('a chunk header is not terminated by CRLF');
    const header = raw.subarray(pos, eol).toString('latin1');
    const sizeText = header.split(';')[0].trim();
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw incomplete(`'${header.slice(0, 40)}' is not a chunk size`);
    const size = parseInt(sizeText, 16);
    pos = eol + 2;
    if (size === 0) break;
    if (pos + size > raw.length) throw incomplete('a chunk is shorter than its declared size');
    parts.push(raw.subarray(pos, pos + size));
    pos += size;
    if (raw.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw incomplete('a chunk is not followed by CRLF');
    pos += 2;
  }
  while (pos < raw.length) {
    const eol = raw.indexOf('\r\n', pos);
    const line = raw.subarray(pos, eol < 0 ? raw.length : eol).toString('latin1');
    pos = eol < 0 ? raw.length : eol + 2;
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw incomplete(`trailer line '${line.slice(0, 40)}' has no colon`);
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(parts), trailers };
}
