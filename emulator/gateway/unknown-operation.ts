import { AwsError, type Protocol } from '../framework/types';
import { PROTOCOL_NAMES } from '../protocols/codecs';
import { acceptedProtocols } from '../protocols/request-protocol';
import { SERVICE_SPECS, type ServiceSpec } from '../protocols/service-catalog';
import type { ServiceModel } from '../protocols/service-model';
import type { WireRequest } from '../protocols/wire';
import type { Identity } from './identify';

// What AWS answers for a request it cannot map to an operation, in each protocol: JSON and CBOR
// services `UnknownOperationException`, query services `InvalidAction`, S3 `MethodNotAllowed` — all
// 4xx, parseable by every client. The emulator gives an operation it does not implement the same
// answer (AWS never answers 501 for a valid operation), with a message naming service and operation.

/** The answer to an operation name the service's model does not have. */
export function unknownOperation(protocol: Protocol, spec: ServiceSpec, name: string): AwsError {
  const shown = name.slice(0, 100);
  if (protocol === 'ec2') return new AwsError('InvalidAction', `The action ${shown} is not valid for this web service.`, 400);
  if (protocol === 'query') return new AwsError('InvalidAction', `Could not find operation ${shown} for version ${spec.version}`, 400);
  if (protocol === 'rest-xml') return new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
  return new AwsError('UnknownOperationException', `Operation ${shown} is not an operation of ${spec.service}.`, 400);
}

/** The answer to an operation of the model that the emulator does not implement. */
export function unimplementedOperation(protocol: Protocol, spec: ServiceSpec, name: string): AwsError {
  const message = `The labwright emulator does not implement the ${spec.service} operation ${name}.`;
  if (protocol === 'ec2' || protocol === 'query') return new AwsError('InvalidAction', message, 400);
  if (protocol === 'rest-xml') return new AwsError('MethodNotAllowed', message, 405);
  return new AwsError('UnknownOperationException', message, 400);
}

/** The answer to a request for a service the emulator does not emulate, or that names none. */
export function unknownService(protocol: Protocol | undefined, identity: Identity, wire: WireRequest): AwsError {
  const saw = identity.claimed ?? describeRequest(wire, identity);
  const why = identity.claimed ? `${saw} is not a service the labwright emulator emulates` : `the request names no service (${saw})`;
  const message = `The labwright emulator cannot route this request: ${why}. Sign requests with SigV4 for one of: ${Object.keys(SERVICE_SPECS).join(', ')}.`;
  if (protocol === 'query' || protocol === 'ec2') return new AwsError('InvalidAction', message, 400);
  if (protocol) return new AwsError('UnknownOperationException', message, 400);
  return new AwsError('UnknownService', message, 400);
}

/** The answer to a request in a protocol the service does not accept, or that names no operation. */
export function protocolMismatch(protocol: Protocol, spec: ServiceSpec, wire: WireRequest, identity: Identity): AwsError {
  const expected = acceptedProtocols(spec)
    .map((p) => PROTOCOL_NAMES[p])
    .join(' or ');
  const saw = describeRequest(wire, identity);
  if (protocol === 'rest-xml') return new AwsError('MethodNotAllowed', `The specified method is not allowed against this resource (${saw}).`, 405);
  const code = protocol === 'query' || protocol === 'ec2' ? 'InvalidAction' : 'UnknownOperationException';
  return new AwsError(code, `The labwright emulator speaks ${expected} to ${spec.service} and could not find the operation in this request (${saw}).`, 400);
}

/** A short description of what the request looked like, for messages. */
export function describeRequest(wire: WireRequest, identity: Identity): string {
  const type = wire.headers['content-type'];
  const target = wire.headers['x-amz-target'];
  const signed =
    identity.via === 'sigv4' || identity.via === 'presigned'
      ? `signed for ${identity.region ?? '?'}`
      : wire.headers['authorization']
        ? 'an Authorization header without a SigV4 credential scope'
        : 'no Authorization';
  return [`${wire.method} ${wire.rawPath.slice(0, 80)}`, type ? `Content-Type '${type.slice(0, 60)}'` : 'no Content-Type', target ? `X-Amz-Target '${target.slice(0, 80)}'` : 'no X-Amz-Target', signed].join(', ');
}

/** A model with no operations, so a codec can answer a request for a service it does not know. */
export function bareModel(protocol: Protocol): ServiceModel {
  const spec: ServiceSpec = { service: 'unknown' as ServiceSpec['service'], protocol, sdkPackage: '', namespace: 'com.amazonaws', version: '', missingParameterCode: 'MissingParameter', invalidParameterCode: 'ValidationError' };
  return { spec, operations: new Map(), errors: new Map(), errorsByQueryCode: new Map() };
}
