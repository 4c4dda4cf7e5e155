import { request } from 'node:http';
import type { ServiceProvider } from '../../emulator/framework/types';
import { provider as sts } from '../../emulator/services/sts/provider';
import { startTestEmulator, type TestEmulator } from './helpers';

// A small store with visible state: the malformed flood must leave it exactly as it was.
const notes: ServiceProvider<{ notes: string[] }> = {
  service: 'sns',
  scope: 'region',
  createState: () => ({ notes: [] }),
  handlers: {
    CreateTopic: (input, ctx) => {
      ctx.state<{ notes: string[] }>().notes.push(input.Name);
      return { TopicArn: `arn:aws:sns:us-east-1:000000000000:${input.Name}` };
    },
    ListTopics: (_input, ctx) => ({ Topics: ctx.state<{ notes: string[] }>().notes.map((n) => ({ TopicArn: n })) }),
  },
};
const s3: ServiceProvider<object> = { service: 's3', scope: 'global', createState: () => ({}), handlers: { PutObject: () => ({}), CreateBucket: () => ({}) } };
const logs: ServiceProvider<object> = { service: 'logs', scope: 'region', createState: () => ({}), handlers: { CreateLogGroup: () => ({}) } };

const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

interface Shot {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

function shoot(endpoint: string, shot: Shot): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: shot.method, path: shot.path, headers: shot.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (shot.body !== undefined) req.end(shot.body);
    else req.end();
  });
}

// Deterministic pseudo-random junk so a failure is reproducible.
function junk(seed: number, length: number): string {
  let x = seed * 2654435761;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    out += String.fromCharCode(32 + (x % 95));
  }
  return out;
}

function malformed(i: number): Shot {
  const j = junk(i, 10 + (i % 60));
  switch (i % 12) {
    case 0: // bad XML to S3
      return { method: 'PUT', path: '/bucket-a?tagging', headers: { authorization: auth('s3') }, body: `<Tagging><TagSet>${j}` };
    case 1: // bad JSON
      return { method: 'POST', path: '/', headers: { authorization: auth('logs'), 'x-amz-target': 'Logs_20140328.CreateLogGroup', 'content-type': 'application/x-amz-json-1.1' }, body: `{${j}` };
    case 2: // JSON of the wrong shape
      return { method: 'POST', path: '/', headers: { authorization: auth('logs'), 'x-amz-target': 'Logs_20140328.CreateLogGroup', 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ logGroupName: [j], tags: 5 }) };
    case 3: // bad form encoding and nested keys
      return { method: 'POST', path: '/', headers: { authorization: auth('sns'), 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=CreateTopic&Version=2010-03-31&%ZZ=%&Name.member.1=${encodeURIComponent(j)}` };
    case 4: // unknown X-Amz-Target
      return { method: 'POST', path: '/', headers: { authorization: auth('logs'), 'x-amz-target': `Nope_${i}.${j.replace(/\W/g, '')}` }, body: '{}' };
    case 5: // missing auth, no hints
      return { method: 'POST', path: '/', headers: { 'content-type': 'text/plain' }, body: j };
    case 6: // garbage path
      return { method: ['GET', 'DELETE', 'PATCH', 'OPTIONS'][i % 4], path: `/${encodeURIComponent(j)}/%E0%A4%A/..//x?${encodeURIComponent(j)}=1`, headers: { authorization: auth('s3') } };
    case 7: // broken aws-chunked framing
      return { method: 'PUT', path: '/bucket-a/key', headers: { authorization: auth('s3'), 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }, body: `zz;${j}\r\n${j}` };
    case 8: // broken gzip
      return { method: 'POST', path: '/', headers: { authorization: auth('logs'), 'x-amz-target': 'Logs_20140328.CreateLogGroup', 'content-encoding': 'gzip' }, body: j };
    case 9: // bad numbers and booleans in an EC2 form
      return { method: 'POST', path: '/', headers: { authorization: auth('ec2'), 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=DescribeVolumes&Version=2016-11-15&MaxResults=${encodeURIComponent(j)}&DryRun=maybe` };
    case 10: // unknown service in the scope
      return { method: 'POST', path: '/', headers: { authorization: auth(j.replace(/[\s/,]/g, '').slice(0, 12) || 'x') }, body: j };
    default: // query timestamps that are not timestamps
      return { method: 'GET', path: `/?Action=GetCallerIdentity&Version=2011-06-15&${encodeURIComponent(j)}`, headers: { authorization: `AWS4-HMAC-SHA256 ${j}` } };
  }
}

describe('robustness: malformed requests never crash the emulator', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ providers: [notes, s3, logs, sts] });
  });
  afterAll(() => emu.stop());

  it('answers thousands of malformed requests with AWS-style 4xx/5xx and keeps state intact', async () => {
    const { CreateTopicCommand, ListTopicsCommand } = await import('@aws-sdk/client-sns');
    await emu.clients.sns.send(new CreateTopicCommand({ Name: 'before' }));
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 60; batch++) {
      const results = await Promise.all(Array.from({ length: 50 }, (_, k) => shoot(emu.endpoint, malformed(batch * 50 + k))));
      results.forEach((r, k) => {
        const shot = malformed(batch * 50 + k);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 200 && shot.path.includes('GetCallerIdentity')) return; // junk query keys are ignored, as AWS does
        expect({ i: batch * 50 + k, status: r.status >= 400 && r.status < 600 }).toEqual({ i: batch * 50 + k, status: true });
        if (shot.method !== 'HEAD' && r.status !== 405) expect(r.body).toMatch(/<Code>|"__type"|"error"/);
      });
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(3000);
    const list = await emu.clients.sns.send(new ListTopicsCommand({}));
    expect(list.Topics).toEqual([{ TopicArn: 'before' }]);
    // 3,000 requests are CPU work: a loaded 2-core machine took over the default 30 s.
  }, 180_000);

  it('refuses oversized bodies with an AWS error instead of buffering them', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 'a');
    const r = await shoot(emu.endpoint, { method: 'POST', path: '/', headers: { authorization: auth('logs'), 'x-amz-target': 'Logs_20140328.CreateLogGroup' }, body: big });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).__type).toBe('RequestEntityTooLarge');
    const zipBomb = require('node:zlib').gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const z = await shoot(emu.endpoint, { method: 'POST', path: '/', headers: { authorization: auth('logs'), 'x-amz-target': 'Logs_20140328.CreateLogGroup', 'content-encoding': 'gzip' }, body: zipBomb });
    expect(z.status).toBe(413);
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    expect((await emu.clients.sts.send(new GetCallerIdentityCommand({}))).Account).toBe('000000000000');
  });
});
