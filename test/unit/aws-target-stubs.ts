// SDK-level stubs for the aws target's tests: a request handler that answers each AWS operation
// the way AWS does on the wire (query-protocol XML for STS and EC2, JSON for CloudWatch Logs), so
// the real SDK clients parse real error codes without any network.
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';

/** What a stubbed operation answers: a status and a body. */
export interface StubAnswer {
  status: number;
  body: string;
  contentType?: string;
}

/** Answers keyed by operation name (`DescribeImages`, `GetCallerIdentity`, `Logs_20140328.DescribeLogGroups`…). */
export type StubRoutes = Record<string, StubAnswer | ((body: string) => StubAnswer)>;

/** The operation a request names: the query `Action`, else the JSON `X-Amz-Target`. */
function operationOf(req: { headers: Record<string, string>; body?: unknown }): { op: string; body: string } {
  const body = typeof req.body === 'string' ? req.body : req.body instanceof Uint8Array ? new TextDecoder().decode(req.body) : '';
  const action = /(?:^|&)Action=([^&]+)/.exec(body)?.[1];
  const target = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
  return { op: action ?? target?.split('.').pop() ?? 'unknown', body };
}

/** A request handler for SDK clients; records every operation it was asked. */
export function stubHandler(routes: StubRoutes) {
  const calls: Array<{ op: string; body: string }> = [];
  const handler = {
    calls,
    metadata: { handlerProtocol: 'http/1.1' },
    destroy: () => undefined,
    async handle(req: { headers: Record<string, string>; body?: unknown }) {
      const { op, body } = operationOf(req);
      calls.push({ op, body });
      const route = routes[op];
      const answer = typeof route === 'function' ? route(body) : route ?? { status: 500, body: ec2Error('InternalError', `no stub for ${op}`) };
      return {
        response: {
          statusCode: answer.status,
          reason: '',
          headers: { 'content-type': answer.contentType ?? 'text/xml', 'x-amzn-requestid': 'stub-request' },
          body: Buffer.from(answer.body),
        },
      };
    },
  };
  return handler;
}

/** EC2's error document. */
export function ec2Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>stub-request</RequestID></Response>`;
}

/** STS's (and IAM's) query-protocol error document. */
export function stsError(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stub-request</RequestId></ErrorResponse>`;
}

/** A GetCallerIdentity answer. */
export const CALLER_OK: StubAnswer = {
  status: 200,
  body: '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/labwright-ci/session</Arn><UserId>AROAEXAMPLE:session</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
};

/** A DescribeImages answer listing the given images (empty: none in this region). */
export function imagesAnswer(images: Array<{ id: string; name: string; created: string }>): StubAnswer {
  const items = images.map((i) => `<item><imageId>${i.id}</imageId><name>${i.name}</name><creationDate>${i.created}</creationDate><imageState>available</imageState></item>`).join('');
  return { status: 200, body: `<DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>stub</requestId><imagesSet>${items}</imagesSet></DescribeImagesResponse>` };
}

/** What EC2 answers to a permitted dry run. */
export const DRY_RUN_OK: StubAnswer = { status: 412, body: ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.') };
/** What EC2 answers to a dry run the caller may not make. */
export const DRY_RUN_DENIED: StubAnswer = { status: 403, body: ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.') };

/** Real STS and EC2 clients whose requests go to the stub. */
export function stubbedClients(routes: StubRoutes, credentials: STSClient['config']['credentials'] | { accessKeyId: string; secretAccessKey: string } = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'stub' }) {
  const handler = stubHandler(routes);
  const common = { region: 'eu-west-3', credentials: credentials as never, requestHandler: handler as never, maxAttempts: 1 };
  return { sts: new STSClient(common), ec2: new EC2Client(common), handler };
}
