import type { Protocol } from '../framework/types';
import type { ServiceSpec } from './service-catalog';
import type { WireRequest } from './wire';

const CBOR_PATH_RE = /^\/service\/[^/]+\/operation\/[^/]+$/;

/**
 * The protocol a request speaks, judged from its shape alone: Smithy RPC v2 CBOR by its
 * `smithy-protocol` header (or its path and content type), JSON by `X-Amz-Target`, a query protocol
 * by a form with `Action`. Undefined for anything else (a REST request, or nothing recognisable).
 */
export function requestProtocol(req: Pick<WireRequest, 'headers' | 'query' | 'rawPath'>): Protocol | undefined {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (req.headers['smithy-protocol'] === 'rpc-v2-cbor' || (type.startsWith('application/cbor') && CBOR_PATH_RE.test(req.rawPath))) return 'rpcv2-cbor';
  if (req.headers['x-amz-target'] !== undefined) return type.includes('x-amz-json-1.0') ? 'json1.0' : 'json1.1';
  if (req.query.has('Action') || type.startsWith('application/x-www-form-urlencoded')) return 'query';
  return undefined;
}

/** The protocols a service accepts. */
export function acceptedProtocols(spec: ServiceSpec): Protocol[] {
  return spec.protocols ?? [spec.protocol];
}

/**
 * The protocol to read a request for `spec` in and to answer it in: the one the request speaks, so
 * errors reach the caller in a shape its client parses, even when the service does not accept it.
 * S3 is REST whatever the request looks like; a form to EC2 is ec2Query; a JSON request is read in
 * the JSON version the service speaks.
 */
export function protocolFor(spec: ServiceSpec, req: Pick<WireRequest, 'headers' | 'query' | 'rawPath'>): Protocol {
  if (spec.protocol === 'rest-xml') return 'rest-xml';
  const spoken = requestProtocol(req);
  if (!spoken) return spec.protocol;
  if (spoken === 'query' && spec.protocol === 'ec2') return 'ec2';
  if (spoken.startsWith('json')) return acceptedProtocols(spec).find((p) => p.startsWith('json')) ?? spoken;
  return spoken;
}
