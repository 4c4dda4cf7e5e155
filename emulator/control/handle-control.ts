import type { IncomingMessage } from 'node:http';
import type { WireResponse } from '../protocols/wire';
import { matchControlRoute, type ControlEmulator } from './control-router';

const CONTROL_BODY_LIMIT = 1024 * 1024;

/** Answers a `/_emulator/*` or `/_localstack/*` request from the registered control routes. */
export async function handleControlRequest(req: IncomingMessage, url: URL, emulator: ControlEmulator): Promise<WireResponse> {
  const method = (req.method ?? 'GET').toUpperCase();
  const match = matchControlRoute(method, url.pathname);
  const rawBody = await readSmallBody(req);
  if (match === undefined) return json(404, { error: `No control endpoint ${method} ${url.pathname.slice(0, 200)}.` });
  if (match === 'method') return json(405, { error: `${url.pathname.slice(0, 200)} does not accept ${method}.` });
  if (rawBody === undefined) return json(413, { error: `Control request bodies are limited to ${CONTROL_BODY_LIMIT} bytes.` });
  let body: unknown;
  if (rawBody.length) {
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      body = undefined;
    }
  }
  const out = await match.handler({ method, path: url.pathname, params: match.params, query: url.searchParams, body, rawBody, emulator });
  if (out.text !== undefined) return { status: out.status ?? 200, headers: { 'content-type': 'text/plain; charset=utf-8', ...out.headers }, body: out.text };
  return { status: out.status ?? 200, headers: { 'content-type': 'application/json', ...out.headers }, body: JSON.stringify(out.json ?? {}) };
}

function json(status: number, value: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

function readSmallBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= CONTROL_BODY_LIMIT) chunks.push(c);
    });
    req.on('end', () => resolve(size > CONTROL_BODY_LIMIT ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
