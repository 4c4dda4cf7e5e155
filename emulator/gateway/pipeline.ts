import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { StateRegistry } from '../framework/state-registry';
import { AwsError, type Caller, type EmulatorRuntime, type Protocol, type ServiceName, type ServiceProvider } from '../framework/types';
import { codecFor } from '../protocols/codecs';
import { formOf } from '../protocols/query-codec';
import { missingRequiredMember } from '../protocols/required';
import { checkInputConstraints } from '../protocols/validate-input';
import { WireValidationError } from '../protocols/scalars';
import { acceptedProtocols, protocolFor, requestProtocol } from '../protocols/request-protocol';
import { serviceModel, type OperationModel, type ServiceModel } from '../protocols/service-model';
import type { CallInfo, ProtocolCodec, WireRequest, WireResponse } from '../protocols/wire';
import { accountFor, identifyFromForm, identifyFromHeaders, type Identity } from './identify';
import { BODY_LIMITS, collectBody, decodeBody, hasFraming } from './read-body';
import { xmlEscape } from '../protocols/xml-writer';
import { checkSignature } from './verify-signatures';
import { bareModel, protocolMismatch, unimplementedOperation, unknownOperation, unknownService } from './unknown-operation';
import { injectFaults } from '../faults/gateway-step';
import { authenticate, authorize } from './authorize';
import { recordTrail, recordTrailError } from './record-trail';
import { HandlerContext } from './request-context';
import type { RequestTarget } from './request-target';

/** What the gateway needs from the running emulator. */
export interface GatewayEnv {
  providers: Map<ServiceName, ServiceProvider<unknown>>;
  registry: StateRegistry;
  runtime: EmulatorRuntime;
  defaultAccountId: string;
  /** Persists state if a handler marked it dirty; resolves once it is durable. */
  flush(): Promise<void>;
  /** False when state is kept in memory only (no data directory): the persist step then does nothing. */
  persistent?: boolean;
  /** Reports an unexpected handler failure (logged, answered as a 500). */
  onInternalError(err: unknown, where: string): void;
  /** Check SigV4 signatures (off by default, as in LocalStack). */
  verifySignatures?: boolean;
}

/** One request as it moves through the steps. */
interface Exchange {
  http: IncomingMessage;
  wire: WireRequest;
  requestId: string;
  identity: Identity;
  service?: ServiceName;
  model?: ServiceModel;
  /** The protocol the request is read and answered in (the one it speaks). */
  protocol?: Protocol;
  codec?: ProtocolCodec;
  operation?: string;
  op?: OperationModel;
  accountId: string;
  region: string;
  input?: Record<string, unknown>;
  output?: unknown;
  response?: WireResponse;
  /** Work steps ask to run once the handler returned (the fault step's bookkeeping). */
  afterDispatch: Array<() => void | Promise<void>>;
  /** The fault injected into this request, if any. */
  fault?: string;
  /** Who signed (set by the authenticate step). */
  caller?: Caller;
  /** Bookkeeping deferred until the response is written (see recordTrailStep). */
  afterResponse?: () => void;
  /** The codec's view of the call (callInfo). */
  call?: CallInfo;
}

/** The outcome the server writes and logs. */
export interface GatewayResult {
  response: WireResponse;
  service: string;
  operation: string;
  error?: string;
  /** The fault injected (throttle, error-before, error-after, consistency), for the request log. */
  fault?: string;
  /** The connection should be closed after answering (an oversized body was not read). */
  closeConnection?: boolean;
  /** Bookkeeping the caller runs right after writing the response (synchronously, before any other request). */
  afterResponse?: () => void;
}

type Step = (x: Exchange, env: GatewayEnv) => void | Promise<void>;

/** The gateway: an ordered list of small steps, LocalStack's handler chain. */
const STEPS: Step[] = [identifyByHeaders, readBody, identifyByForm, resolveService, checkSignature, authenticate, findOperation, findHandler, parseInput, validateInput, authorize, injectFaults, dispatch, recordTrailStep, persist, serialize];

/** The body before it is read: one empty buffer for every request (readBody replaces it; nothing writes into it). */
const NO_BODY = Buffer.alloc(0);

/** Runs an AWS API request through the steps and returns the response to send. */
export async function handleAwsRequest(http: IncomingMessage, url: RequestTarget, env: GatewayEnv): Promise<GatewayResult> {
  const x: Exchange = {
    http,
    wire: { method: (http.method ?? 'GET').toUpperCase(), rawPath: url.pathname, query: url.searchParams, headers: wireHeaders(http), body: NO_BODY },
    // AWS's request ids are v4 UUIDs; randomUUID draws from a pooled entropy cache (no syscall per request).
    requestId: randomUUID(),
    identity: NO_IDENTITY,
    accountId: env.defaultAccountId,
    region: 'us-east-1',
    afterDispatch: [],
  };
  try {
    // Most steps are synchronous: awaiting only the promises keeps a request from taking a microtask
    // turn (and a promise allocation) per step.
    // An index, not for…of: across the awaits an async function keeps the array iterator alive and
    // allocates its results, two objects per step on every request.
    for (let i = 0; i < STEPS.length; i++) {
      const pending = STEPS[i](x, env);
      if (pending) await pending;
    }
    const result: GatewayResult = { response: x.response as WireResponse, service: x.service ?? '-', operation: x.operation ?? '-' };
    if (x.fault) result.fault = x.fault;
    if (x.afterResponse) result.afterResponse = x.afterResponse;
    return result;
  } catch (err) {
    return failed(err, x, env);
  }
}

/** Until identifyByHeaders runs (nothing reads or changes it before): one shared object. */
const NO_IDENTITY: Identity = Object.freeze({ via: 'none' });

/**
 * The request's headers, one string each. Node already joins repeated headers except Set-Cookie: when
 * no value is a list, its own object is used rather than a copy (readBody copies it before decoding
 * a framing rewrites it, so the IncomingMessage's headers stay as received).
 */
function wireHeaders(http: IncomingMessage): Record<string, string> {
  const incoming = http.headers;
  for (const k in incoming) {
    if (typeof incoming[k] !== 'string') return joinedHeaders(incoming);
  }
  return incoming as Record<string, string>;
}

function joinedHeaders(incoming: IncomingMessage['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const k in incoming) {
    const v = incoming[k];
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  }
  return headers;
}

/**
 * The answer to a request that failed at any step. Apart from handleAwsRequest: its closure would
 * otherwise make every request, failed or not, allocate the context it captures.
 */
function failed(err: unknown, x: Exchange, env: GatewayEnv): GatewayResult {
  const awsError = toAwsError(err, x, env);
  // As for a success (recordTrailStep): without a data directory the failed call's CloudTrail event
  // is recorded right after the answer is written, still before any other request is handled.
  const deferTrail = env.persistent === false;
  if (!deferTrail) recordTrailError(x, env, awsError);
  return {
    response: renderError(awsError, x),
    service: x.service ?? x.identity.claimed ?? '-',
    operation: x.operation ?? '-',
    error: awsError.code,
    ...(x.fault ? { fault: x.fault } : {}),
    closeConnection: awsError.code === 'EntityTooLarge' || awsError.code === 'RequestEntityTooLarge',
    ...(deferTrail ? { afterResponse: () => recordTrailError(x, env, awsError) } : {}),
  };
}

function identifyByHeaders(x: Exchange): void {
  x.identity = identifyFromHeaders(x.wire);
}

async function readBody(x: Exchange, env: GatewayEnv): Promise<void> {
  const s3 = x.identity.service === 's3';
  const limit = s3 ? BODY_LIMITS.s3 : BODY_LIMITS.other;
  const raw = await collectBody(x.http, limit, s3);
  // The signature covers the request as sent: keep it before decoding rewrites headers and body
  // (only signature checking reads it, so the copy is made only when signatures are checked).
  if (env.verifySignatures) x.wire.raw = { headers: { ...x.wire.headers }, body: raw };
  // Decoding a framing rewrites the headers: never the IncomingMessage's own (see wireHeaders).
  if (x.wire.headers === x.http.headers && hasFraming(x.wire.headers)) x.wire.headers = { ...x.wire.headers };
  x.wire.body = decodeBody(raw, x.wire.headers, s3, limit);
}

function identifyByForm(x: Exchange): void {
  if (x.identity.via !== 'none') return;
  const type = x.wire.headers['content-type'] ?? '';
  if (x.wire.query.has('Action') || type.startsWith('application/x-www-form-urlencoded')) x.identity = identifyFromForm(formOf(x.wire));
}

function resolveService(x: Exchange, env: GatewayEnv): void {
  const { identity } = x;
  x.region = identity.region ?? 'us-east-1';
  x.accountId = accountFor(identity.accessKeyId, env.defaultAccountId);
  if (!identity.service) throw unknownService(requestProtocol(x.wire), identity, x.wire);
  x.service = identity.service;
  x.model = serviceModel(identity.service);
  x.protocol = protocolFor(x.model.spec, x.wire);
  x.codec = codecFor(x.protocol);
}

function findOperation(x: Exchange): void {
  const model = x.model as ServiceModel;
  const codec = x.codec as ProtocolCodec;
  const protocol = x.protocol as Protocol;
  const name = acceptedProtocols(model.spec).includes(protocol) ? codec.operationName(x.wire, model) : undefined;
  if (!name) throw protocolMismatch(protocol, model.spec, x.wire, x.identity);
  x.operation = name;
  const op = model.operations.get(name);
  if (!op) throw unknownOperation(protocol, model.spec, name);
  x.op = op;
}

function parseInput(x: Exchange): void {
  x.input = (x.codec as ProtocolCodec).parseInput(x.op as OperationModel, x.wire, callInfo(x));
}

function validateInput(x: Exchange): void {
  const model = x.model as ServiceModel;
  const missing = missingRequiredMember((x.op as OperationModel).input, x.input);
  // The model's lengths, patterns, ranges and enums, as AWS checks them before the operation runs.
  if (!missing) return checkInputConstraints(x.service as ServiceName, x.operation as string, x.input);
  const json = model.spec.protocol.startsWith('json');
  throw new AwsError(
    model.spec.missingParameterCode,
    json ? `1 validation error detected: Value null at '${missing}' failed to satisfy constraint: Member must not be null` : `The request must contain the parameter ${missing}`,
    400,
  );
}

function findHandler(x: Exchange, env: GatewayEnv): void {
  const service = x.service as ServiceName;
  const handlers = env.providers.get(service)?.handlers;
  const operation = x.operation as string;
  if (!handlers || !Object.prototype.hasOwnProperty.call(handlers, operation)) {
    throw unimplementedOperation(x.protocol as Protocol, (x.model as ServiceModel).spec, operation);
  }
}

function dispatch(x: Exchange, env: GatewayEnv): void | Promise<void> {
  const service = x.service as ServiceName;
  const handler = (env.providers.get(service) as ServiceProvider<unknown>).handlers[x.operation as string];
  const ctx = new HandlerContext(env.registry, env.runtime, service, x.operation as string, x.accountId, x.region, x.requestId, x.caller);
  const output = handler(x.input ?? {}, ctx);
  // A synchronous handler with nothing to run after it finishes here, without a promise.
  if (x.afterDispatch.length === 0 && !isThenable(output)) {
    x.output = output;
    return;
  }
  return finishDispatch(x, output);
}

async function finishDispatch(x: Exchange, output: unknown): Promise<void> {
  x.output = await output;
  for (const after of x.afterDispatch) await after();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * The CloudTrail record of a successful call. Without a data directory it is built right after the
 * response is written rather than before: the caller still runs it before handling any other request
 * (so a LookupEvents that follows sees it), but the client gets its answer without waiting for it.
 * With a data directory it is recorded before the persist step, so that it is durable with the call.
 */
function recordTrailStep(x: Exchange, env: GatewayEnv): void {
  if (env.persistent !== false) return recordTrail(x, env);
  x.afterResponse = () => {
    try {
      recordTrail(x, env);
    } catch (err) {
      env.onInternalError(err, `cloudtrail record of ${x.service ?? '?'}.${x.operation ?? '?'}`);
    }
  };
}

function persist(_x: Exchange, env: GatewayEnv): void | Promise<void> {
  // Without a data directory there is nothing to write: no promise to wait for on every request.
  if (env.persistent === false) return;
  return env.flush();
}

function serialize(x: Exchange): void {
  x.response = (x.codec as ProtocolCodec).serializeOutput(x.op, x.output, x.wire, callInfo(x));
}

/** What the codec knows of the call: made once (parseInput, then serialize), after the operation is found. */
function callInfo(x: Exchange): CallInfo {
  return (x.call ??= { service: x.service as ServiceName, operation: x.operation ?? '', requestId: x.requestId, model: x.model as ServiceModel });
}

function toAwsError(err: unknown, x: Exchange, env: GatewayEnv): AwsError {
  if (err instanceof WireValidationError) return new AwsError(x.model?.spec.invalidParameterCode ?? 'ValidationError', err.message, 400);
  if (err instanceof AwsError) return err;
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'AwsError' && 'code' in err) return err as AwsError;
  env.onInternalError(err, `${x.service ?? '?'}.${x.operation ?? '?'}`);
  const message = err instanceof Error ? err.message : String(err);
  return new AwsError(x.service === 's3' ? 'InternalError' : 'InternalFailure', `The labwright emulator failed while handling ${x.service ?? 'a request'} ${x.operation ?? ''}: ${message}`.replace(/ +:/, ':'), 500);
}

function renderError(err: AwsError, x: Exchange): WireResponse {
  if (!x.codec && x.identity.service) {
    // Failed before routing (an oversized or undecodable body): the headers already named the service.
    x.service = x.identity.service;
    x.model = serviceModel(x.identity.service);
    x.protocol = protocolFor(x.model.spec, x.wire);
    x.codec = codecFor(x.protocol);
  }
  if (!x.codec) {
    // A service the emulator does not know: still answer in the protocol the caller speaks.
    const spoken = requestProtocol(x.wire);
    if (spoken) {
      x.codec = codecFor(spoken);
      x.model = bareModel(spoken);
    }
  }
  if (x.codec && x.model) {
    try {
      return x.codec.serializeError(err, x.wire, { service: x.service as ServiceName, operation: x.operation ?? '', requestId: x.requestId, model: x.model });
    } catch {
      // Fall through to the protocol-neutral shape below.
    }
  }
  const body = `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${x.requestId}</RequestId></ErrorResponse>`;
  return { status: err.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': x.requestId }, body };
}
