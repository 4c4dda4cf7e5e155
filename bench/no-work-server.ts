// A server that does no work: the ceiling an SDK client can reach against any endpoint on this machine.
// `node bin/run-ts.js bench/no-work-server.ts` prints {"endpoint": ...} and serves until SIGTERM.
// Each request is answered with a fixed, minimal response in its protocol's shape (JSON for
// x-amz-target calls, EC2/query XML for form posts, S3's REST-XML for the rest), so the real SDK v3
// clients parse it as a success; it reads the body (the client sends it) and nothing else.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const REQUEST_ID = '00000000-0000-4000-8000-000000000000';

/** DescribeVpcs' answer: one VPC with the fields the emulator returns, so both sides parse alike. */
const VPCS =
  '<vpcSet><item><vpcId>vpc-0123456789abcdef0</vpcId><ownerId>000000000000</ownerId><state>available</state>' +
  '<cidrBlock>10.0.0.0/16</cidrBlock><cidrBlockAssociationSet><item><cidrBlock>10.0.0.0/16</cidrBlock>' +
  '<associationId>vpc-cidr-assoc-0123456789abcdef0</associationId><cidrBlockState><state>associated</state></cidrBlockState></item>' +
  '</cidrBlockAssociationSet><dhcpOptionsId>dopt-0123456789abcdef0</dhcpOptionsId><instanceTenancy>default</instanceTenancy>' +
  '<isDefault>false</isDefault><tagSet><item><key>Name</key><value>bench</value></item></tagSet></item></vpcSet>';

/** The fixed answer to one request, chosen by how the SDK addresses the operation. */
function answer(req: IncomingMessage, body: string): { status: number; headers: Record<string, string>; body: string } {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    // awsJson 1.0/1.1 (CloudWatch Logs, ...): an empty object is a valid output of every operation.
    const json = String(req.headers['content-type'] ?? 'application/x-amz-json-1.1');
    return { status: 200, headers: { 'content-type': json, 'x-amzn-requestid': REQUEST_ID }, body: '{}' };
  }
  const action = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(body)?.[1];
  if (action) {
    // EC2 query: <XResponse> holds the members directly; other query services wrap them in <XResult>.
    const inner = action === 'DescribeVpcs' ? VPCS : '';
    const xml = /(?:^|&)Version=2016-11-15(?:&|$)/.test(body)
      ? `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${REQUEST_ID}</requestId>${inner}</${action}Response>`
      : `<${action}Response><${action}Result/><ResponseMetadata><RequestId>${REQUEST_ID}</RequestId></ResponseMetadata></${action}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body: xml };
  }
  // S3 REST-XML: PutObject's output lives in headers; an empty 200 parses for the write operations.
  return { status: 200, headers: { etag: '"d41d8cd98f00b204e9800998ecf8427e"', 'x-amz-request-id': REQUEST_ID, 'x-amz-id-2': REQUEST_ID }, body: '' };
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const out = answer(req, Buffer.concat(chunks).toString('latin1'));
    res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) });
    res.end(out.body);
  });
}

/** Starts the no-work server on 127.0.0.1 (port 0 picks a free one). */
export async function startNoWorkServer(port = 0): Promise<{ endpoint: string; server: Server }> {
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

// Run directly (bin/run-ts.js puts this file at argv[1]): serve until SIGTERM.
if (/no-work-server\.ts$/.test(process.argv[1] ?? '')) {
  void startNoWorkServer().then(({ endpoint, server }) => {
    process.stdout.write(`${JSON.stringify({ endpoint })}\n`);
    process.on('SIGTERM', () => {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    });
  });
}
