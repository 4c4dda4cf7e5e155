import type { AwsError } from '../framework/types';
import { readForm } from './form-reader';
import { xmlEscape, writeXmlMembers, type writeXmlValue } from './xml-writer';
import type { CallInfo, ProtocolCodec, WireRequest, WireResponse } from './wire';
import { structMembers } from './schema-members';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';

/** The form fields of a query-protocol request: the query string and a form body, merged. */
export function formOf(req: WireRequest): URLSearchParams {
  if (req.form) return req.form;
  const form = new URLSearchParams(req.query);
  if (req.body.length > 0) {
    for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) form.append(k, v);
  }
  req.form = form;
  return form;
}

/**
 * The awsQuery (SNS, STS, IAM) and ec2Query (EC2) protocols, server side. Both take a form; awsQuery
 * answers `<XResponse><XResult>…</XResult><ResponseMetadata>` with `member` lists, EC2 answers
 * `<XResponse><requestId>…` with `item` lists, each with its own error document.
 */
export function queryCodec(ec2: boolean): ProtocolCodec {
  return {
    operationName: (req) => formOf(req).get('Action') ?? undefined,

    parseInput: (op, req) => readForm(op.input, formOf(req), { ec2 }),

    serializeOutput(op, output, _req, call): WireResponse {
      const name = call.operation;
      const xmlns = call.model.spec.xmlNamespace ? ` xmlns="${call.model.spec.xmlNamespace}"` : '';
      const out: string[] = [XML_DECL, `<${name}Response${xmlns}>`];
      const schema = op?.output;
      const hasMembers = !!schema && schema.isStructSchema() && structMembers(schema).length > 0;
      if (ec2) {
        out.push(`<requestId>${call.requestId}</requestId>`);
        if (hasMembers && output && typeof output === 'object') writeMembers(schema, output, out);
        else out.push('<return>true</return>');
      } else {
        if (hasMembers) {
          out.push(`<${name}Result>`);
          if (output && typeof output === 'object') writeMembers(schema, output, out);
          out.push(`</${name}Result>`);
        }
        out.push(`<ResponseMetadata><RequestId>${call.requestId}</RequestId></ResponseMetadata>`);
      }
      out.push(`</${name}Response>`);
      return { status: 200, headers: xmlHeaders(call), body: out.join('') };
    },

    serializeError(err: AwsError, _req, call): WireResponse {
      const fields = Object.entries(err.fields)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`)
        .join('');
      const code = xmlEscape(err.code);
      const message = xmlEscape(err.message);
      const body = ec2
        ? `${XML_DECL}<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message>${fields}</Error></Errors><RequestID>${call.requestId}</RequestID></Response>`
        : `${XML_DECL}<ErrorResponse${call.model.spec.xmlNamespace ? ` xmlns="${call.model.spec.xmlNamespace}"` : ''}><Error><Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message>${fields}</Error><RequestId>${call.requestId}</RequestId></ErrorResponse>`;
      return { status: err.status, headers: xmlHeaders(call), body };
    },
  };
}

function writeMembers(schema: NonNullable<Parameters<typeof writeXmlValue>[0]>, output: object, out: string[]): void {
  // The result element's children are the output's members (the struct's own element is not written).
  writeXmlMembers(schema, output, out);
}

function xmlHeaders(call: CallInfo): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': call.requestId };
}
