import { AwsError } from '../framework/types';
import { readJson, writeJson } from './json-value';
import type { CallInfo, ProtocolCodec, WireResponse } from './wire';

/**
 * awsJson 1.0 / 1.1 (CloudWatch Logs, Athena, CloudWatch), server side: operation from `X-Amz-Target`,
 * the input is the JSON body, errors are `{"__type","message"}`; a query-compatible service (CloudWatch)
 * also sends `x-amzn-query-error: Code;Sender` so the SDK maps its awsQuery error codes.
 */
export function jsonCodec(version: '1.0' | '1.1'): ProtocolCodec {
  const contentType = `application/x-amz-json-${version}`;
  return {
    operationName(req, model) {
      const target = req.headers['x-amz-target'];
      if (!target) return undefined;
      const dot = target.lastIndexOf('.');
      if (dot < 0 || target.slice(0, dot) !== model.spec.targetPrefix) return undefined;
      return target.slice(dot + 1);
    },

    parseInput(op, req) {
      const text = req.body.toString('utf8').trim();
      if (!text) return {};
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new AwsError('SerializationException', 'The request body is not valid JSON.', 400);
      }
      if (op.input.isUnitSchema()) return {};
      return (readJson(op.input, parsed) as Record<string, unknown>) ?? {};
    },

    serializeOutput(op, output, _req, call): WireResponse {
      const body = op && !op.output.isUnitSchema() ? writeJson(op.output, output ?? {}) : {};
      return { status: 200, headers: headers(call), body: JSON.stringify(body ?? {}) };
    },

    serializeError(err: AwsError, _req, call): WireResponse {
      const h = headers(call);
      let type = err.code;
      if (call.model.spec.queryCompatible) {
        h['x-amzn-query-error'] = `${err.code};${err.status >= 500 ? 'Receiver' : 'Sender'}`;
        const shape = call.model.errorsByQueryCode.get(err.code);
        if (shape) type = shape.getName() ?? type;
      }
      h['x-amzn-errortype'] = type;
      const body = { __type: type, message: err.message, ...err.fields };
      return { status: err.status, headers: h, body: JSON.stringify(body) };
    },
  };

  function headers(call: CallInfo): Record<string, string> {
    return { 'content-type': contentType, 'x-amzn-requestid': call.requestId };
  }
}
