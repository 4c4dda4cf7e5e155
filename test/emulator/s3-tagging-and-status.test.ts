import {
  CreateBucketCommand, DeleteBucketPolicyCommand, DeleteBucketTaggingCommand, GetBucketTaggingCommand, GetObjectCommand, HeadObjectCommand,
  PutBucketPolicyCommand, PutBucketTaggingCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { failure, startTestEmulator, type TestEmulator } from './helpers';

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tagged-bucket/*' }] });

describe('S3 bucket tagging, ranged reads and no-content answers through the real SDK', () => {
  let emu: TestEmulator;
  let s3: S3Client;
  beforeAll(async () => {
    emu = await startTestEmulator();
    s3 = emu.clients.s3;
    await s3.send(new CreateBucketCommand({ Bucket: 'tagged-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'tagged-bucket', Key: 'digits.txt', Body: '0123456789' }));
  });
  afterAll(() => emu.stop());

  it('a bucket without tags answers NoSuchTagSet (404)', async () => {
    const err = await failure(s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged-bucket' })));
    expect([err.name, err.message, err.$metadata.httpStatusCode]).toEqual(['NoSuchTagSet', 'The TagSet does not exist', 404]);
  });

  it('PutBucketTagging answers 204 and replaces the whole tag set; GetBucketTagging returns it', async () => {
    const put = await s3.send(new PutBucketTaggingCommand({ Bucket: 'tagged-bucket', Tagging: { TagSet: [{ Key: 'labwright:run-id', Value: 'lw-1' }, { Key: 'team', Value: 'net' }] } }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged-bucket' }))).TagSet).toEqual([
      { Key: 'labwright:run-id', Value: 'lw-1' },
      { Key: 'team', Value: 'net' },
    ]);
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'tagged-bucket', Tagging: { TagSet: [{ Key: 'only', Value: 'this' }] } }));
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged-bucket' }))).TagSet).toEqual([{ Key: 'only', Value: 'this' }]);
  });

  it('DeleteBucketTagging answers 204 and leaves no tag set, also when there was none', async () => {
    expect((await s3.send(new DeleteBucketTaggingCommand({ Bucket: 'tagged-bucket' }))).$metadata.httpStatusCode).toBe(204);
    expect((await failure(s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged-bucket' })))).name).toBe('NoSuchTagSet');
    expect((await s3.send(new DeleteBucketTaggingCommand({ Bucket: 'tagged-bucket' }))).$metadata.httpStatusCode).toBe(204);
  });

  it('rejects duplicate keys and aws: keys with InvalidTag, and tags of a missing bucket with NoSuchBucket', async () => {
    const dup = await failure(s3.send(new PutBucketTaggingCommand({ Bucket: 'tagged-bucket', Tagging: { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] } })));
    expect([dup.name, dup.message, dup.$metadata.httpStatusCode]).toEqual(['InvalidTag', 'Cannot provide multiple Tags with the same key', 400]);
    const system = await failure(s3.send(new PutBucketTaggingCommand({ Bucket: 'tagged-bucket', Tagging: { TagSet: [{ Key: 'aws:owner', Value: 'x' }] } })));
    expect([system.name, system.message]).toEqual(['InvalidTag', 'System tags cannot be added/updated by requester']);
    const missing = await failure(s3.send(new GetBucketTaggingCommand({ Bucket: 'no-such-bucket-here' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['NoSuchBucket', 404]);
  });

  it('a ranged GetObject answers 206 Partial Content with the bytes and Content-Range', async () => {
    const out = await s3.send(new GetObjectCommand({ Bucket: 'tagged-bucket', Key: 'digits.txt', Range: 'bytes=2-5' }));
    expect(out.$metadata.httpStatusCode).toBe(206);
    expect(out.ContentRange).toBe('bytes 2-5/10');
    expect(out.ContentLength).toBe(4);
    expect(await out.Body!.transformToString()).toBe('2345');
  });

  it('a ranged HeadObject answers 206; whole-object reads stay 200', async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'tagged-bucket', Key: 'digits.txt', Range: 'bytes=-3' }));
    expect([head.$metadata.httpStatusCode, head.ContentRange, head.ContentLength]).toEqual([206, 'bytes 7-9/10', 3]);
    const whole = await s3.send(new GetObjectCommand({ Bucket: 'tagged-bucket', Key: 'digits.txt' }));
    expect(whole.$metadata.httpStatusCode).toBe(200);
    expect(await whole.Body!.transformToString()).toBe('0123456789');
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'tagged-bucket', Key: 'digits.txt' }))).$metadata.httpStatusCode).toBe(200);
  });

  it('PutBucketPolicy and DeleteBucketPolicy answer 204 No Content, as S3 does', async () => {
    expect((await s3.send(new PutBucketPolicyCommand({ Bucket: 'tagged-bucket', Policy: POLICY }))).$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'tagged-bucket' }))).$metadata.httpStatusCode).toBe(204);
  });
});
