import type { AwsError } from '../framework/types';
import { FormFields } from './form-fields';
import { readForm } from './form-reader';
import { xmlEscape, xmlMembers } from './xml-writer';
import type { CallInfo, ProtocolCodec, WireRequest, WireResponse } from './wire';
import { structMembers } from './schema-members';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';

/** The form fields of a query-protocol request: the query string and a form body, merged. */
export function formOf(req: WireRequest): FormFields {
  if (req.form) return req.form;
  const form = new FormFields();
  form.addParams(req.query);
  if (req.body.length > 0) form.addEncoded(req.body.toString('utf8'));
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
    operationName: (req) => formOf(req).get('Action'),

    parseInput: (op, req) => readForm(op.input, formOf(req), { ec2 }),

    serializeOutput(op, output, _req, call): WireResponse {
      const tags = responseTags(call);
      const schema = op?.output;
      const hasMembers = !!schema && schema.isStructSchema() && structMembers(schema).length > 0;
      // One string, its fixed pieces worked out once per operation: this runs on every answer.
      let body = tags.open;
      if (ec2) {
        body += '<requestId>' + call.requestId + '</requestId>';
        // The result element's children are the output's members (the struct's own element is not written).
        if (hasMembers && output && typeof output === 'object') body += xmlMembers(schema, output);
        else body += '<return>true</return>';
      } else {
        if (hasMembers) body += tags.resultOpen + (output && typeof output === 'object' ? xmlMembers(schema, output) : '') + tags.resultClose;
        body += '<ResponseMetadata><RequestId>' + call.requestId + '</RequestId></ResponseMetadata>';
      }
      return { status: 200, headers: xmlHeaders(call), body: body + tags.close };
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

/** The fixed pieces of an operation's answer: `<?xml…?><XResponse xmlns=…>`, `<XResult>`, `</XResult>`, `</XResponse>`. */
interface ResponseTags {
  open: string;
  resultOpen: string;
  resultClose: string;
  close: string;
}
// Keyed by the service model (whose namespace they carry), then by operation: static text, never state.
const responseTagsByModel = new WeakMap<CallInfo['model'], Map<string, ResponseTags>>();

function responseTags(call: CallInfo): ResponseTags {
  let byOperation = responseTagsByModel.get(call.model);
  if (!byOperation) responseTagsByModel.set(call.model, (byOperation = new Map()));
  const name = call.operation;
  let tags = byOperation.get(name);
  if (!tags) {
    const xmlns = call.model.spec.xmlNamespace ? ` xmlns="${call.model.spec.xmlNamespace}"` : '';
    tags = { open: `${XML_DECL}<${name}Response${xmlns}>`, resultOpen: `<${name}Result>`, resultClose: `</${name}Result>`, close: `</${name}Response>` };
    byOperation.set(name, tags);
  }
  return tags;
}

function xmlHeaders(call: CallInfo): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': call.requestId };
}
