import type { IncomingMessage } from 'node:http';
import { requestId as newRequestId } from '../../core/ids';
import { StateRegistry } from '../framework/state-registry';
import { AwsError, type Caller, type EmulatorRuntime, type RequestContext, type ServiceName, type ServiceProvider } from '../framework/types';
import { codecFor, PROTOCOL_NAMES } from '../protocols/codecs';
import { formOf } from '../protocols/query-codec';
import { missingRequiredMember } from '../protocols/required';
import { checkInputConstraints } from '../protocols/validate-input';
import { WireValidationError } from '../protocols/scalars';
import { SERVICE_SPECS } from '../protocols/service-catalog';
import { serviceModel, type OperationModel, type ServiceModel } from '../protocols/service-model';
import type { ProtocolCodec, WireRequest, WireResponse } from '../protocols/wire';
import { accountFor, identifyFromForm, identifyFromHeaders, type Identity } from './identify';
import { BODY_LIMITS, collectBody, decodeBody } from './read-body';
import { xmlEscape } from '../protocols/xml-writer';
import { injectFaults } from '../faults/gateway-step';
import { authenticate, authorize } from './authorize';
import { recordTrail, recordTrailError } from './record-trail';

/** What the gateway needs from the running emulator. */
export interface GatewayEnv {
  providers: Map<ServiceName, ServiceProvider<unknown>>;
  registry: StateRegistry;
  runtime: EmulatorRuntime;
  defaultAccountId: string;
  /** Persists state if a handler marked it dirty; resolves once it is durable. */
  flush(): Promise<void>;
  /** Reports an unexpected handler failure (logged, answered as a 500). */
  onInternalError(err: unknown, where: string): void;
}

/** One request as it moves through the steps. */
interface Exchange {
  http: IncomingMessage;
  wire: WireRequest;
  requestId: string;
  identity: Identity;
  service?: ServiceName;
  model?: ServiceModel;
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
}

type Step = (x: Exchange, env: GatewayEnv) => void | Promise<void>;

/** The gateway: an ordered list of small steps, LocalStack's handler chain. */
const STEPS: Step[] = [identifyByHeaders, readBody, identifyByForm, resolveService, authenticate, findOperation, findHandler, parseInput, validateInput, authorize, injectFaults, dispatch, recordTrail, persist, serialize];

/** Runs an AWS API request through the steps and returns the response to send. */
export async function handleAwsRequest(http: IncomingMessage, url: URL, env: GatewayEnv): Promise<GatewayResult> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(http.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const x: Exchange = {
    http,
    wire: { method: (http.method ?? 'GET').toUpperCase(), rawPath: url.pathname, query: url.searchParams, headers, body: Buffer.alloc(0) },
    requestId: newRequestId(),
    identity: { via: 'none' },
    accountId: env.defaultAccountId,
    region: 'us-east-1',
    afterDispatch: [],
  };
  try {
    for (const step of STEPS) await step(x, env);
    return { response: x.response as WireResponse, service: x.service ?? '-', operation: x.operation ?? '-', ...(x.fault ? { fault: x.fault } : {}) };
  } catch (err) {
    const awsError = toAwsError(err, x, env);
    recordTrailError(x, env, awsError);
    return {
      response: renderError(awsError, x),
      service: x.service ?? x.identity.claimed ?? '-',
      operation: x.operation ?? '-',
      error: awsError.code,
      ...(x.fault ? { fault: x.fault } : {}),
      closeConnection: awsError.code === 'EntityTooLarge' || awsError.code === 'RequestEntityTooLarge',
    };
  }
}

function identifyByHeaders(x: Exchange): void {
  x.identity = identifyFromHeaders(x.wire);
}

async function readBody(x: Exchange): Promise<void> {
  const s3 = x.identity.service === 's3';
  const limit = s3 ? BODY_LIMITS.s3 : BODY_LIMITS.other;
  const raw = await collectBody(x.http, limit, s3);
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
  if (!identity.service) {
    const saw = identity.claimed ?? describeRequest(x.wire);
    const why = identity.claimed ? `${saw} is not a service the labwright emulator emulates` : `the request names no service (${saw})`;
    throw new AwsError('UnknownService', `The labwright emulator cannot route this request: ${why}. Sign requests with SigV4 for one of: ${Object.keys(SERVICE_SPECS).join(', ')}.`, 400);
  }
  x.service = identity.service;
  x.model = serviceModel(identity.service);
  x.codec = codecFor(x.model.spec.protocol);
}

function findOperation(x: Exchange): void {
  const model = x.model as ServiceModel;
  const codec = x.codec as ProtocolCodec;
  const name = codec.operationName(x.wire, model);
  if (!name) throw protocolMismatch(x, model);
  x.operation = name;
  const op = model.operations.get(name);
  if (!op) throw unknownOperation(model, name);
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
    throw new AwsError('NotImplemented', `The operation '${operation}' of service '${service}' is not implemented by the labwright emulator`, 501);
  }
}

async function dispatch(x: Exchange, env: GatewayEnv): Promise<void> {
  const service = x.service as ServiceName;
  const handler = (env.providers.get(service) as ServiceProvider<unknown>).handlers[x.operation as string];
  const { registry } = env;
  const ctx: RequestContext = {
    accountId: x.accountId,
    region: x.region,
    requestId: x.requestId,
    service,
    operation: x.operation as string,
    clock: env.runtime.clock,
    state: <S>() => registry.get<S>(service, x.accountId, x.region),
    stateOf: <S>(other: ServiceName, accountId = x.accountId, region = x.region) => registry.get<S>(other, accountId, region),
    runtime: env.runtime,
    caller: x.caller,
  };
  x.output = await handler(x.input ?? {}, ctx);
  for (const after of x.afterDispatch) await after();
}

async function persist(_x: Exchange, env: GatewayEnv): Promise<void> {
  await env.flush();
}

function serialize(x: Exchange): void {
  x.response = (x.codec as ProtocolCodec).serializeOutput(x.op, x.output, x.wire, callInfo(x));
}

function callInfo(x: Exchange) {
  return { service: x.service as ServiceName, operation: x.operation ?? '', requestId: x.requestId, model: x.model as ServiceModel };
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
    x.codec = codecFor(x.model.spec.protocol);
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

function protocolMismatch(x: Exchange, model: ServiceModel): AwsError {
  const expected = PROTOCOL_NAMES[model.spec.protocol];
  const json = model.spec.protocol.startsWith('json');
  const saw = describeRequest(x.wire);
  if (model.spec.protocol === 'rest-xml') {
    return new AwsError('MethodNotAllowed', `The specified method is not allowed against this resource (${saw}).`, 405);
  }
  return new AwsError(json ? 'UnknownOperationException' : 'InvalidAction', `The labwright emulator speaks ${expected} to ${model.spec.service} and could not find the operation in this request (${saw}).`, 400);
}

function unknownOperation(model: ServiceModel, name: string): AwsError {
  const shown = name.slice(0, 100);
  if (model.spec.protocol === 'ec2') return new AwsError('InvalidAction', `The action ${shown} is not valid for this web service.`, 400);
  if (model.spec.protocol === 'query') return new AwsError('InvalidAction', `Could not find operation ${shown} for version ${model.spec.version}`, 400);
  return new AwsError('UnknownOperationException', `Operation ${shown} is not an operation of ${model.spec.service}.`, 400);
}

function describeRequest(wire: WireRequest): string {
  const type = wire.headers['content-type'];
  const target = wire.headers['x-amz-target'];
  return [`${wire.method} ${wire.rawPath.slice(0, 80)}`, type ? `Content-Type '${type.slice(0, 60)}'` : 'no Content-Type', target ? `X-Amz-Target '${target.slice(0, 80)}'` : 'no X-Amz-Target', wire.headers['authorization'] ? 'SigV4 without a credential scope' : 'no Authorization'].join(', ');
}
