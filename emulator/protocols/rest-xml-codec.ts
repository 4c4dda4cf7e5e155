import { XmlShapeDeserializer } from '@aws-sdk/core/protocols';
import type { NormalizedSchema } from '@smithy/core/schema';
import { AwsError } from '../framework/types';
import { routeS3, s3Address } from './s3-router';
import { scalarFromString, timestampFormat, TIMESTAMP, formatTimestamp, toBuffer } from './scalars';
import type { OperationModel } from './service-model';
import type { CallInfo, ProtocolCodec, WireRequest, WireResponse } from './wire';
import { namespaceAttribute, xmlEscape, xmlValue } from './xml-writer';
import { memberNamed, perSchema, structMembers, valueSchema } from './schema-members';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';
const CHECKSUM_HEADERS = ['x-amz-checksum-crc32', 'x-amz-checksum-crc32c', 'x-amz-checksum-crc64nvme', 'x-amz-checksum-sha1', 'x-amz-checksum-sha256'];

// The SDK's own XML reader, used here for request payloads (CreateBucketConfiguration, Delete…);
// made on first use, so loading the emulator does not load the SDK's protocol stack.
let reader: XmlShapeDeserializer | undefined;
const xmlReader = (): XmlShapeDeserializer =>
  (reader ??= new XmlShapeDeserializer({ timestampFormat: { useTrait: true, default: TIMESTAMP.dateTime }, httpBindings: true } as any));

/**
 * restXml (S3, path-style), server side: bucket and key from the path, members bound to headers,
 * query keys and the payload as the schema's http traits say; responses the same way back, with the
 * body members under the output's XML root name.
 */
export function restXmlCodec(): ProtocolCodec {
  return {
    operationName: (req, model) => routeS3(req, model),

    parseInput(op, req) {
      const input: Record<string, unknown> = {};
      const { bucket, key } = s3Address(req.rawPath);
      for (const b of inputBindings(op.input)) {
        const { name, member } = b;
        switch (b.kind) {
          case 'label':
            if (name === 'Bucket' && bucket !== undefined) input.Bucket = bucket;
            else if (name === 'Key' && key !== undefined) input.Key = key;
            break;
          case 'header': {
            const raw = req.headers[b.header];
            if (raw !== undefined) input[name] = headerValue(member, raw, b.trait);
            break;
          }
          case 'prefixHeaders': {
            const prefix = b.header;
            const map: Record<string, string> = {};
            let any = false;
            for (const h in req.headers) {
              if (h.startsWith(prefix)) {
                map[h.slice(prefix.length)] = req.headers[h];
                any = true;
              }
            }
            if (any) input[name] = map;
            break;
          }
          case 'query': {
            const param = b.trait;
            const values = req.query.getAll(param);
            if (values.length) {
              input[name] = member.isListSchema()
                ? values.map((v) => scalarFromString(valueSchema(member), v, param))
                : scalarFromString(member, values[0], param);
            }
            break;
          }
          case 'queryParams':
            input[name] = Object.fromEntries(req.query);
            break;
          case 'payload': {
            const payload = readPayload(member, req.body);
            if (payload !== undefined) input[name] = payload;
            break;
          }
          default:
        }
      }
      return input;
    },

    serializeOutput(op, output, req, call): WireResponse {
      const { $httpStatus, ...record } = (output && typeof output === 'object' ? output : {}) as Record<string, unknown>;
      const http = op?.traits.http as [string, string, number] | undefined;
      const headers: Record<string, string> = requestIdHeaders(call);
      // A handler may override the modeled status (206 for a ranged read, 204 where S3 sends no content).
      let status = typeof $httpStatus === 'number' ? $httpStatus : (http?.[2] ?? 200);
      let body: Buffer | string = '';
      if (op && op.output.isStructSchema()) {
        const bodyMembers: Array<[string, NormalizedSchema]> = [];
        for (const b of outputBindings(op.output)) {
          const { name, member } = b;
          const value = record[name];
          switch (b.kind) {
            case 'status':
              if (typeof value === 'number') status = value;
              break;
            case 'header':
              if (value !== undefined && value !== null) headers[b.header] = headerText(member, value);
              break;
            case 'prefixHeaders':
              for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>)) headers[`${b.trait}${k}`.toLowerCase()] = safeHeader(String(v));
              break;
            case 'payload': {
              if (value === undefined || value === null) continue;
              if (member.isBlobSchema() || member.isStreaming()) body = toBuffer(value);
              else if (member.isStringSchema()) body = String(value);
              else {
                body = XML_DECL + xmlValue(member, value, member.getMergedTraits().xmlName ?? member.getName() ?? name, namespaceAttribute(call.model.spec.xmlNamespace));
                headers['content-type'] ??= 'application/xml';
              }
              break;
            }
            default:
              bodyMembers.push([name, member]);
          }
        }
        if (call.operation === 'GetBucketLocation') {
          // The one S3 document whose root element carries the value itself.
          const region = record.LocationConstraint;
          body = `${XML_DECL}<LocationConstraint${namespaceAttribute(call.model.spec.xmlNamespace)}>${region ? xmlEscape(String(region)) : ''}</LocationConstraint>`;
          headers['content-type'] = 'application/xml';
        } else if (bodyMembers.length) {
          const root: string = op.output.getMergedTraits().xmlName ?? op.output.getName() ?? `${call.operation}Output`;
          body = XML_DECL + xmlValue(op.output, pick(record, bodyMembers), root, namespaceAttribute(call.model.spec.xmlNamespace));
          headers['content-type'] = 'application/xml';
        }
        echoChecksums(op, req, headers);
      }
      if (req.method === 'HEAD' || status === 204) {
        // HEAD answers carry the entity's headers (Content-Length included) and never a body; 204 has none either.
        body = '';
      }
      return { status, headers, body };
    },

    serializeError(err: AwsError, req, call): WireResponse {
      const headers = { ...requestIdHeaders(call), ...err.headers };
      if (req.method === 'HEAD') return { status: err.status, headers, body: '' };
      const fields = Object.entries(err.fields)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`)
        .join('');
      headers['content-type'] = 'application/xml';
      const body = `${XML_DECL}<Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message>${fields}<RequestId>${call.requestId}</RequestId><HostId>${hostId(call.requestId)}</HostId></Error>`;
      return { status: err.status, headers, body };
    },
  };
}

/** Where one member of an input or output lives on the wire (its http trait), worked out once per schema. */
interface Binding {
  name: string;
  member: NormalizedSchema;
  kind: 'label' | 'header' | 'prefixHeaders' | 'query' | 'queryParams' | 'payload' | 'status' | 'body';
  /** The trait's value as the model writes it (header name, query key, header prefix). */
  trait: string;
  /** Header name (or prefix) lower-cased, as Node gives request headers. */
  header: string;
}
/** The bindings of a structure's members, by `classify` (undefined: no http binding); worked out once per schema. */
function bindingsBy(classify: (traits: ReturnType<NormalizedSchema['getMergedTraits']>, name: string) => [Binding['kind'], string?] | undefined): (ns: NormalizedSchema) => Binding[] {
  return perSchema((ns) => {
    const plan: Binding[] = [];
    for (const [name, member] of structMembers(ns)) {
      const binding = classify(member.getMergedTraits(), name);
      if (binding) plan.push({ name, member, kind: binding[0], trait: binding[1] ?? '', header: (binding[1] ?? '').toLowerCase() });
    }
    return plan;
  });
}

/** The input members and their http bindings, in the precedence the reader applies them. */
const inputBindings = bindingsBy((traits, name) => {
  if (traits.httpLabel || name === 'Bucket') return ['label'];
  if (traits.httpHeader) return ['header', String(traits.httpHeader)];
  if (typeof traits.httpPrefixHeaders === 'string') return ['prefixHeaders', traits.httpPrefixHeaders];
  if (traits.httpQuery) return ['query', String(traits.httpQuery)];
  if (traits.httpQueryParams) return ['queryParams'];
  if (traits.httpPayload) return ['payload'];
  return undefined;
});

/** The output members and their http bindings (body members are the rest). */
const outputBindings = bindingsBy((traits) => {
  if (traits.httpResponseCode) return ['status'];
  if (traits.httpHeader) return ['header', String(traits.httpHeader)];
  if (typeof traits.httpPrefixHeaders === 'string') return ['prefixHeaders', traits.httpPrefixHeaders];
  if (traits.httpPayload) return ['payload'];
  return ['body'];
});

function readPayload(member: NormalizedSchema, body: Buffer): unknown {
  if (member.isBlobSchema() || member.isStreaming()) return body;
  if (body.length === 0) return undefined;
  if (member.isStringSchema()) return body.toString('utf8');
  try {
    return xmlReader().read(member, body);
  } catch {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
}

function headerValue(member: NormalizedSchema, raw: string, name: string): unknown {
  if (member.isListSchema()) return raw.split(',').map((part) => scalarFromString(valueSchema(member), part.trim(), name));
  return scalarFromString(member, raw, name);
}

function headerText(member: NormalizedSchema, value: unknown): string {
  if (member.isListSchema() && Array.isArray(value)) return value.map((v) => headerText(valueSchema(member), v)).join(', ');
  if (member.isTimestampSchema()) return formatTimestamp(value, timestampFormat(member, TIMESTAMP.httpDate));
  if (member.isBlobSchema()) return toBuffer(value).toString('base64');
  return safeHeader(String(value));
}

/** Node refuses control characters and code points above U+00FF in header values; AWS would encode them. */
function safeHeader(text: string): string {
  return UNSAFE_HEADER_CHAR.test(text) ? text.replace(UNSAFE_HEADER_CHARS, '?') : text;
}
const UNSAFE_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
const UNSAFE_HEADER_CHARS = /[^\t\x20-\x7e\x80-\xff]/g;

/** The SDK validates the checksum it sent when the response echoes it; echo what the request carried. */
function echoChecksums(op: OperationModel, req: WireRequest, headers: Record<string, string>): void {
  for (const h of CHECKSUM_HEADERS) {
    if (req.headers[h] !== undefined && headers[h] === undefined && memberNamed(op.output, checksumMember(h))) headers[h] = req.headers[h];
  }
}

function checksumMember(header: string): string {
  return { 'x-amz-checksum-crc32': 'ChecksumCRC32', 'x-amz-checksum-crc32c': 'ChecksumCRC32C', 'x-amz-checksum-crc64nvme': 'ChecksumCRC64NVME', 'x-amz-checksum-sha1': 'ChecksumSHA1', 'x-amz-checksum-sha256': 'ChecksumSHA256' }[header] ?? '';
}

function pick(record: Record<string, unknown>, members: Array<[string, NormalizedSchema]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name] of members) out[name] = record[name];
  return out;
}

function requestIdHeaders(call: CallInfo): Record<string, string> {
  return { 'x-amz-request-id': call.requestId, 'x-amz-id-2': hostId(call.requestId) };
}

function hostId(requestId: string): string {
  // Request ids are ASCII: latin1 spares the UTF-8 encoder and gives the same bytes.
  return Buffer.from(requestId, 'latin1').toString('base64');
}
