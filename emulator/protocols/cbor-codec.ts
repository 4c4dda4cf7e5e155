import { cbor, CborCodec } from '@smithy/core/cbor';
import { AwsError } from '../framework/types';
import type { CallInfo, ProtocolCodec, WireResponse } from './wire';

const PATH_RE = /^\/service\/([^/]+)\/operation\/([^/]+)$/;

/**
 * Smithy RPC v2 CBOR (CloudWatch's newest protocol, botocore's first choice for it), server side:
 * `POST /service/{Service}/operation/{Operation}` with `smithy-protocol: rpc-v2-cbor` and a CBOR body;
 * answers carry the same header. The SDK's own schema-driven CBOR serde reads and writes the shapes;
 * errors are `{__type: "namespace#Shape", message}`, plus `x-amzn-query-error` for a query-compatible
 * service, as in JSON.
 */
export function cborCodec(): ProtocolCodec {
  // Made on first use: loading the emulator does not load the SDK's CBOR stack.
  let codec: CborCodec | undefined;
  const serde = (): CborCodec => (codec ??= new CborCodec());
  return {
    operationName(req, model) {
      const m = PATH_RE.exec(req.rawPath);
      if (!m || decodeURIComponent(m[1]) !== model.spec.targetPrefix) return undefined;
      return decodeURIComponent(m[2]);
    },

    parseInput(op, req) {
      if (req.body.length === 0 || op.input.isUnitSchema()) return {};
      let value: unknown;
      try {
        value = serde().createDeserializer().read(op.input, new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length));
      } catch (err) {
        throw new AwsError('SerializationException', `The request body is not valid CBOR for ${op.name}: ${(err as Error).message}`, 400);
      }
      if (!value || typeof value !== 'object') throw new AwsError('SerializationException', `The request body of ${op.name} must be a CBOR map.`, 400);
      return value as Record<string, unknown>;
    },

    serializeOutput(op, output, _req, call): WireResponse {
      let body: Uint8Array;
      if (op && !op.output.isUnitSchema()) {
        const serializer = serde().createSerializer();
        serializer.write(op.output, output ?? {});
        body = serializer.flush();
      } else body = cbor.serialize({});
      return { status: 200, headers: headers(call), body: Buffer.from(body) };
    },

    serializeError(err: AwsError, _req, call): WireResponse {
      const h = headers(call);
      let type = err.code;
      if (call.model.spec.queryCompatible) {
        h['x-amzn-query-error'] = `${err.code};${err.status >= 500 ? 'Receiver' : 'Sender'}`;
        type = call.model.errorsByQueryCode.get(err.code)?.getName() ?? type;
      }
      const fields = Object.fromEntries(Object.entries(err.fields).filter(([, v]) => v !== undefined && v !== null));
      const body = { __type: `${call.model.spec.namespace}#${type}`, message: err.message, ...fields };
      return { status: err.status, headers: h, body: Buffer.from(cbor.serialize(body)) };
    },
  };

  function headers(call: CallInfo): Record<string, string> {
    return { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-requestid': call.requestId };
  }
}
