import type { Protocol } from '../framework/types';
import { cborCodec } from './cbor-codec';
import { jsonCodec } from './json-codec';
import { queryCodec } from './query-codec';
import { restXmlCodec } from './rest-xml-codec';
import type { ProtocolCodec } from './wire';

const CODECS: Record<Protocol, ProtocolCodec> = {
  ec2: queryCodec(true),
  query: queryCodec(false),
  'rest-xml': restXmlCodec(),
  'json1.0': jsonCodec('1.0'),
  'json1.1': jsonCodec('1.1'),
  'rpcv2-cbor': cborCodec(),
};

/** The server-side codec of a wire protocol. */
export function codecFor(protocol: Protocol): ProtocolCodec {
  return CODECS[protocol];
}

/** How each protocol is named in messages (the Smithy protocol trait names). */
export const PROTOCOL_NAMES: Record<Protocol, string> = {
  ec2: 'ec2Query (a form with Action=…)',
  query: 'awsQuery (a form with Action=…)',
  'rest-xml': 'restXml',
  'json1.0': 'awsJson1_0 (X-Amz-Target with a JSON body)',
  'json1.1': 'awsJson1_1 (X-Amz-Target with a JSON body)',
  'rpcv2-cbor': 'smithy.protocols#rpcv2Cbor (POST /service/…/operation/… with a CBOR body)',
};
