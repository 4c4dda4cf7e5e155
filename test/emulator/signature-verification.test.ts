// `verifySignatures` makes the emulator check SigV4 as AWS does: the real SDK v3 clients, signing with
// the default test/test credentials, get through on every service and protocol (S3's streaming uploads
// and CloudWatch's gzip-compressed PutMetricData included); a wrong secret, an unknown key, a missing
// or malformed signature each get the service's own AWS error, parsed by its client.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { ListWorkGroupsCommand } from '@aws-sdk/client-athena';
import { CloudWatchClient, ListMetricsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateUserCommand, ListRolesCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { failure, makeClients, TEST_CREDENTIALS, TEST_REGION, useTestEmulator, type TestClients } from './helpers';

/** The SDK signer's hash interface over node:crypto (HMAC when given a secret). */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

type Call = (c: TestClients) => Promise<unknown>;
// One read per service, and for each the code AWS answers a wrong secret and an unknown access key with.
const CALLS: Array<[string, string, string, Call]> = [
  ['sts', 'SignatureDoesNotMatch', 'InvalidClientTokenId', (c) => c.sts.send(new GetCallerIdentityCommand({}))],
  ['ec2', 'AuthFailure', 'AuthFailure', (c) => c.ec2.send(new DescribeVpcsCommand({}))],
  ['s3', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', (c) => c.s3.send(new ListBucketsCommand({}))],
  ['iam', 'SignatureDoesNotMatch', 'InvalidClientTokenId', (c) => c.iam.send(new ListRolesCommand({}))],
  ['sns', 'SignatureDoesNotMatch', 'InvalidClientTokenId', (c) => c.sns.send(new ListTopicsCommand({}))],
  ['logs', 'SignatureDoesNotMatch', 'UnrecognizedClientException', (c) => c.logs.send(new DescribeLogGroupsCommand({}))],
  ['monitoring', 'SignatureDoesNotMatch', 'InvalidClientTokenId', (c) => c.cloudwatch.send(new ListMetricsCommand({}))],
  ['athena', 'SignatureDoesNotMatch', 'UnrecognizedClientException', (c) => c.athena.send(new ListWorkGroupsCommand({}))],
];

function clientsWith(endpoint: string, accessKeyId: string, secretAccessKey: string): TestClients {
  const clients = makeClients(endpoint, accessKeyId);
  // makeClients signs with the test secret; rebuild each client's credentials with the one under test.
  for (const client of Object.values(clients)) (client.config as { credentials: unknown }).credentials = async () => ({ accessKeyId, secretAccessKey });
  return clients;
}

describe('signature verification on', () => {
  const emu = useTestEmulator({ engines: false, verifySignatures: true });
  const made: TestClients[] = [];
  afterAll(() => made.forEach((set) => Object.values(set).forEach((c) => c.destroy())));
  const clients = (key: string, secret: string) => {
    const set = clientsWith(emu.endpoint, key, secret);
    made.push(set);
    return set;
  };

  it.each(CALLS)('%s: a request signed with test/test is served', async (_service, _wrong, _unknown, call) => {
    await expect(call(emu.clients)).resolves.toBeDefined();
  });

  it('accepts a 12-digit account id as access key, with the secret test', async () => {
    const out = await emu.clientsFor('111122223333').sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe('111122223333');
  });

  it.each(CALLS)('%s: a wrong secret is refused with %s', async (_service, wrongSecret, _unknown, call) => {
    const err = await failure(call(clients('test', 'not-the-secret')));
    expect(err.name).toBe(wrongSecret);
    expect(err.$metadata.httpStatusCode).toBe(wrongSecret === 'AuthFailure' ? 401 : 403);
  });

  it.each(CALLS)('%s: an unknown access key is refused (wrong secret: %s) with %s', async (_service, _wrong, unknownKey, call) => {
    const err = await failure(call(clients('AKIAUNKNOWNKEY000000', 'test')));
    expect(err.name).toBe(unknownKey);
    expect(err.message).toMatch(/security token included in the request is invalid|does not exist in our records|not able to validate/);
  });

  it('checks S3 streaming uploads with trailing checksums and the objects come back', async () => {
    await emu.clients.s3.send(new CreateBucketCommand({ Bucket: 'signed-bucket' }));
    await emu.clients.s3.send(new PutObjectCommand({ Bucket: 'signed-bucket', Key: 'a b/ü.txt', Body: 'hello signed world', ChecksumAlgorithm: 'CRC32' }));
    const got = await emu.clients.s3.send(new GetObjectCommand({ Bucket: 'signed-bucket', Key: 'a b/ü.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello signed world');
  });

  it('checks a presigned S3 URL, and refuses one whose signature was altered', async () => {
    await emu.clients.s3.send(new CreateBucketCommand({ Bucket: 'presigned-bucket' }));
    await emu.clients.s3.send(new PutObjectCommand({ Bucket: 'presigned-bucket', Key: 'k.txt', Body: 'presigned body' }));
    const url = new URL(`${emu.endpoint}/presigned-bucket/k.txt`);
    const signer = new SignatureV4({ service: 's3', region: TEST_REGION, credentials: TEST_CREDENTIALS, sha256: Sha256, uriEscapePath: false });
    const presigned = await signer.presign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, query: {} }, { expiresIn: 300 });
    const query = new URLSearchParams(presigned.query as Record<string, string>);
    const ok = await fetch(`${url}?${query}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('presigned body');
    query.set('X-Amz-Signature', '0'.repeat(64));
    const bad = await fetch(`${url}?${query}`);
    expect(bad.status).toBe(403);
    expect(await bad.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('refuses an S3 body that does not match its signed x-amz-content-sha256', async () => {
    await emu.clients.s3.send(new CreateBucketCommand({ Bucket: 'hashed-bucket' }));
    const url = new URL(`${emu.endpoint}/hashed-bucket/k.txt`);
    const signer = new SignatureV4({ service: 's3', region: TEST_REGION, credentials: TEST_CREDENTIALS, sha256: Sha256, uriEscapePath: false });
    const body = 'the body that was signed';
    const signed = await signer.sign({ method: 'PUT', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') }, query: {}, body });
    const headers = signed.headers as Record<string, string>;
    const ok = await fetch(url, { method: 'PUT', headers, body });
    expect(ok.status).toBe(200);
    const tampered = await fetch(url, { method: 'PUT', headers, body: 'another body, same length!' });
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
  });

  it('checks CloudWatch over awsQuery and CBOR, and a gzip-compressed PutMetricData', async () => {
    for (const protocol of [AwsQueryProtocol, AwsSmithyRpcV2CborProtocol]) {
      const cw = new CloudWatchClient({ endpoint: emu.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1, protocol } as NonNullable<ConstructorParameters<typeof CloudWatchClient>[0]>);
      await expect(cw.send(new ListMetricsCommand({}))).resolves.toBeDefined();
      cw.destroy();
    }
    // Past 10 KB the SDK gzips PutMetricData; the signature covers the compressed bytes.
    const MetricData = Array.from({ length: 400 }, (_, i) => ({ MetricName: `M${i}`, Value: i, Dimensions: [{ Name: 'Padding', Value: 'x'.repeat(40) }] }));
    await emu.clients.cloudwatch.send(new PutMetricDataCommand({ Namespace: 'Big', MetricData }));
    expect((await emu.clients.cloudwatch.send(new ListMetricsCommand({ Namespace: 'Big' }))).Metrics).toHaveLength(400);
  });

  it('answers an unsigned request with MissingAuthenticationToken in its protocol', async () => {
    const json = await fetch(emu.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' }, body: '{}' });
    expect(json.status).toBe(403);
    expect(await json.json()).toEqual({ __type: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
    const query = await fetch(emu.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListTopics&Version=2010-03-31' });
    expect(query.status).toBe(403);
    expect(await query.text()).toContain('<Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message>');
  });

  it("verifies an IAM user's access key with the secret CreateAccessKey handed out, and refuses any other", async () => {
    await emu.clients.iam.send(new CreateUserCommand({ UserName: 'signer' }));
    const key = (await emu.clients.iam.send(new CreateAccessKeyCommand({ UserName: 'signer' }))).AccessKey!;
    const identity = await clients(key.AccessKeyId!, key.SecretAccessKey!).sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:iam::000000000000:user/signer');
    // Signed right but not allowed: the user's (empty) policies deny, as AWS does after authentication.
    expect((await failure(clients(key.AccessKeyId!, key.SecretAccessKey!).sns.send(new ListTopicsCommand({})))).name).toBe('AuthorizationErrorException');
    expect((await failure(clients(key.AccessKeyId!, otherSecret(key.SecretAccessKey!)).sts.send(new GetCallerIdentityCommand({})))).name).toBe('SignatureDoesNotMatch');
    await emu.clients.iam.send(new UpdateAccessKeyCommand({ UserName: 'signer', AccessKeyId: key.AccessKeyId!, Status: 'Inactive' }));
    expect((await failure(clients(key.AccessKeyId!, key.SecretAccessKey!).sts.send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
  });

  it('answers a malformed Authorization header with IncompleteSignature', async () => {
    const res = await fetch(emu.endpoint, { method: 'POST', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sns/aws4_request, SignedHeaders=host', 'x-amz-date': '20260101T000000Z', 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListTopics&Version=2010-03-31' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>IncompleteSignature</Code><Message>Authorization header requires 'Signature' parameter.");
  });
});

describe('signature verification off (the default)', () => {
  const emu = useTestEmulator({ engines: false });

  it('serves unsigned requests and any secret, as LocalStack does', async () => {
    const res = await fetch(emu.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' }, body: '{}' });
    expect(res.status).toBe(200);
    const wrong = clientsWith(emu.endpoint, 'test', 'anything');
    await expect(wrong.sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '000000000000' });
    Object.values(wrong).forEach((c) => c.destroy());
  });
});

/** The same secret with its last character changed (never to itself, whatever that character was). */
function otherSecret(secret: string): string {
  return `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
}
