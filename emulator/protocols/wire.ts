import type { AwsError, ServiceName } from '../framework/types';
import type { FormFields } from './form-fields';
import type { OperationModel, ServiceModel } from './service-model';

/** An HTTP request as the gateway read it: headers lower-cased, body fully read and decoded. */
export interface WireRequest {
  method: string;
  /** The path without the query string, still percent-encoded. */
  rawPath: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
  /** The headers and body exactly as received, before any framing was decoded (what a signature covers). */
  raw?: { headers: Record<string, string>; body: Buffer };
  /** Form fields of query-protocol requests (body and query string merged), parsed once. */
  form?: FormFields;
}

/** An HTTP response to write. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** What a codec knows about the call it answers. */
export interface CallInfo {
  service: ServiceName;
  operation: string;
  requestId: string;
  model: ServiceModel;
}

/** One wire protocol, server side: parses requests into SDK input shapes and renders outputs and errors. */
export interface ProtocolCodec {
  /** The operation the request names, or undefined when the request does not say. */
  operationName(req: WireRequest, model: ServiceModel): string | undefined;
  /** Wire → SDK command input shape (Dates, Buffers, numbers, booleans). */
  parseInput(op: OperationModel, req: WireRequest, call: CallInfo): Record<string, unknown>;
  /** SDK command output shape → wire. */
  serializeOutput(op: OperationModel | undefined, output: unknown, req: WireRequest, call: CallInfo): WireResponse;
  /** An AWS error in this protocol's shape. */
  serializeError(err: AwsError, req: WireRequest, call: CallInfo): WireResponse;
}
