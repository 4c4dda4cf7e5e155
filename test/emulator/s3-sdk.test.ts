import { createHash, randomBytes } from 'node:crypto';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteBucketCommand, DeleteBucketPolicyCommand, DeleteObjectCommand, DeleteObjectsCommand,
  GetBucketAclCommand, GetBucketLocationCommand, GetBucketPolicyCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand,
  ListBucketsCommand, ListObjectsCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { failure, startTestEmulator, type TestEmulator } from './helpers';

const md5 = (b: Buffer | string) => `"${createHash('md5').update(b).digest('hex')}"`;

describe('S3 through the real SDK (path-style)', () => {
  let emu: TestEmulator;
  let s3: S3Client;
  beforeAll(async () => {
    emu = await startTestEmulator();
    s3 = emu.clients.s3;
  });
  afterAll(() => emu.stop());

  describe('buckets', () => {
    it('creates a bucket in us-east-1 and lists it with its region and owner', async () => {
      const created = await s3.send(new CreateBucketCommand({ Bucket: 'lw-buckets-a' }));
      expect(created.$metadata.httpStatusCode).toBe(200);
      expect(created.Location).toBe('/lw-buckets-a');
      const head = await s3.send(new HeadBucketCommand({ Bucket: 'lw-buckets-a' }));
      expect(head.BucketRegion).toBe('us-east-1');
      const list = await s3.send(new ListBucketsCommand({}));
      const mine = list.Buckets?.find((b) => b.Name === 'lw-buckets-a');
      expect(mine?.BucketRegion).toBe('us-east-1');
      expect(mine?.CreationDate).toBeInstanceOf(Date);
      expect(Math.abs((mine?.CreationDate as Date).getTime() - Date.now())).toBeLessThan(60_000);
      expect(list.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
      const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'lw-buckets-a' }));
      expect(location.LocationConstraint ?? '').toBe('');
    });

    it('creates a bucket in another region with its LocationConstraint and reports that region', async () => {
      const eu = emu.clientsFor('test', 'eu-west-1').s3;
      const created = await eu.send(new CreateBucketCommand({ Bucket: 'lw-buckets-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
      expect(created.Location).toBe('http://lw-buckets-eu.s3.amazonaws.com/');
      expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'lw-buckets-eu' }))).LocationConstraint).toBe('eu-west-1');
      expect((await s3.send(new HeadBucketCommand({ Bucket: 'lw-buckets-eu' }))).BucketRegion).toBe('eu-west-1');
      const again = await failure(eu.send(new CreateBucketCommand({ Bucket: 'lw-buckets-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })));
      expect(again.name).toBe('BucketAlreadyOwnedByYou');
      expect(again.message).toBe('Your previous request to create the named bucket succeeded and you already own it.');
      expect(again.$metadata.httpStatusCode).toBe(409);
      // The SDK fills in the client's region when LocationConstraint is left out, so only a mismatch can reach the service.
      const mismatch = await failure(eu.send(new CreateBucketCommand({ Bucket: 'lw-buckets-eu-2', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } })));
      expect(mismatch.name).toBe('IllegalLocationConstraintException');
      expect(mismatch.message).toBe('The us-west-2 location constraint is incompatible for the region specific endpoint this request was sent to.');
      // us-east-1 is not even in the SDK's BucketLocationConstraint enum: AWS rejects naming it.
      const explicitUsEast = await failure(s3.send(new CreateBucketCommand({ Bucket: 'lw-buckets-use1', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } })));
      expect([explicitUsEast.name, explicitUsEast.message]).toEqual(['InvalidLocationConstraint', 'The specified location-constraint is not valid']);
    });

    it('answers 200 for re-creating an owned bucket in us-east-1 and BucketAlreadyExists to another account', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'lw-buckets-b' }));
      const again = await s3.send(new CreateBucketCommand({ Bucket: 'lw-buckets-b' }));
      expect(again.$metadata.httpStatusCode).toBe(200);
      const other = await failure(emu.clientsFor('111122223333').s3.send(new CreateBucketCommand({ Bucket: 'lw-buckets-b' })));
      expect(other.name).toBe('BucketAlreadyExists');
      expect(other.$metadata.httpStatusCode).toBe(409);
      const otherList = await emu.clientsFor('111122223333').s3.send(new ListBucketsCommand({}));
      expect(otherList.Buckets ?? []).toEqual([]);
    });

    it('rejects invalid bucket names', async () => {
      for (const name of ['ab', 'Has-Upper', 'under_score', '192.168.1.1', 'double..dot', '-leading', 'xn--punycode']) {
        const err = await failure(s3.send(new CreateBucketCommand({ Bucket: name })));
        expect([name, err.name, err.message]).toEqual([name, 'InvalidBucketName', 'The specified bucket is not valid.']);
        expect(err.$metadata.httpStatusCode).toBe(400);
      }
    });

    it('answers HeadBucket for a missing bucket with a bare 404', async () => {
      const err = await failure(s3.send(new HeadBucketCommand({ Bucket: 'lw-no-such-bucket' })));
      expect(err.name).toBe('NotFound');
      expect(err.$metadata.httpStatusCode).toBe(404);
    });

    it('refuses to delete a non-empty bucket, then deletes it once empty', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'lw-buckets-del' }));
      await s3.send(new PutObjectCommand({ Bucket: 'lw-buckets-del', Key: 'k', Body: 'x' }));
      const notEmpty = await failure(s3.send(new DeleteBucketCommand({ Bucket: 'lw-buckets-del' })));
      expect(notEmpty.name).toBe('BucketNotEmpty');
      expect(notEmpty.message).toBe('The bucket you tried to delete is not empty');
      expect(notEmpty.$metadata.httpStatusCode).toBe(409);
      await s3.send(new DeleteObjectCommand({ Bucket: 'lw-buckets-del', Key: 'k' }));
      const deleted = await s3.send(new DeleteBucketCommand({ Bucket: 'lw-buckets-del' }));
      expect(deleted.$metadata.httpStatusCode).toBe(204);
      const gone = await failure(s3.send(new DeleteBucketCommand({ Bucket: 'lw-buckets-del' })));
      expect(gone.name).toBe('NoSuchBucket');
      expect(gone.message).toBe('The specified bucket does not exist');
      expect(gone.$metadata.httpStatusCode).toBe(404);
    });

    it('stores, returns and deletes a bucket policy, and rejects one that is not JSON', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'lw-policy' }));
      const missing = await failure(s3.send(new GetBucketPolicyCommand({ Bucket: 'lw-policy' })));
      expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual(['NoSuchBucketPolicy', 'The bucket policy does not exist', 404]);
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'AWSLogDeliveryAclCheck', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::lw-policy' }],
      });
      await s3.send(new PutBucketPolicyCommand({ Bucket: 'lw-policy', Policy: policy }));
      expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'lw-policy' }))).Policy).toBe(policy);
      const bad = await failure(s3.send(new PutBucketPolicyCommand({ Bucket: 'lw-policy', Policy: 'not json' })));
      expect([bad.name, bad.message, bad.$metadata.httpStatusCode]).toEqual(['MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'", 400]);
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'lw-policy' }));
      expect((await failure(s3.send(new GetBucketPolicyCommand({ Bucket: 'lw-policy' })))).name).toBe('NoSuchBucketPolicy');
    });

    it('shows the owner with FULL_CONTROL in the bucket ACL', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'lw-acl' }));
      const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'lw-acl' }));
      const owner = (await s3.send(new ListBucketsCommand({}))).Owner?.ID;
      expect(acl.Owner?.ID).toBe(owner);
      expect(acl.Grants).toEqual([{ Grantee: { Type: 'CanonicalUser', ID: owner }, Permission: 'FULL_CONTROL' }]);
    });
  });

  describe('objects', () => {
    beforeAll(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'lw-objects' }));
    });

    it('round-trips a text object with its content type, metadata and MD5 ETag', async () => {
      const put = await s3.send(new PutObjectCommand({ Bucket: 'lw-objects', Key: 'notes/hello.txt', Body: 'hello, flow logs', ContentType: 'text/plain', Metadata: { Lab: 'vpc-flow-logs' } }));
      expect(put.ETag).toBe(md5('hello, flow logs'));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'lw-objects', Key: 'notes/hello.txt' }));
      expect(await got.Body?.transformToString()).toBe('hello, flow logs');
      expect(got.ContentType).toBe('text/plain');
      expect(got.ContentLength).toBe(16);
      expect(got.ETag).toBe(put.ETag);
      expect(got.Metadata).toEqual({ lab: 'vpc-flow-logs' });
      expect(got.LastModified).toBeInstanceOf(Date);
      expect(got.AcceptRanges).toBe('bytes');
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'lw-objects', Key: 'notes/hello.txt' }));
      expect([head.ContentLength, head.ContentType, head.ETag]).toEqual([16, 'text/plain', put.ETag]);
      expect(head.LastModified?.getTime()).toBe(got.LastModified?.getTime());
    });

    it('round-trips binary bytes unchanged', async () => {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      await s3.send(new PutObjectCommand({ Bucket: 'lw-objects', Key: 'bin/all-bytes', Body: bytes }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'lw-objects', Key: 'bin/all-bytes' }));
      expect(Buffer.from(await (got.Body as any).transformToByteArray())).toEqual(bytes);
      expect(got.ETag).toBe(md5(bytes));
      expect(got.ContentLength).toBe(256);
    });

    it('stores an 8 MiB upload (aws-chunked with a CRC32 trailer) and returns the checksum it was sent', async () => {
      const big = randomBytes(8 * 1024 * 1024);
      const put = await s3.send(new PutObjectCommand({ Bucket: 'lw-objects', Key: 'big/8mib.bin', Body: big }));
      expect(put.ETag).toBe(md5(big));
      expect(put.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==$/);
      // With ChecksumMode the SDK itself validates the returned CRC32 against the bytes it reads.
      const got = await s3.send(new GetObjectCommand({ Bucket: 'lw-objects', Key: 'big/8mib.bin', ChecksumMode: 'ENABLED' }));
      expect(got.ChecksumCRC32).toBe(put.ChecksumCRC32);
      const body = Buffer.from(await (got.Body as any).transformToByteArray());
      expect(body.length).toBe(big.length);
      expect(body.equals(big)).toBe(true);
    });

    it('stores and returns a SHA-256 checksum the writer asked for', async () => {
      const put = await s3.send(new PutObjectCommand({ Bucket: 'lw-objects', Key: 'sha/one', Body: 'checksummed', ChecksumAlgorithm: 'SHA256' }));
      expect(put.ChecksumSHA256).toBe(createHash('sha256').update('checksummed').digest('base64'));
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'lw-objects', Key: 'sha/one', ChecksumMode: 'ENABLED' }));
      expect(head.ChecksumSHA256).toBe(put.ChecksumSHA256);
    });

    it('serves byte ranges with Content-Range and rejects one past the end', async () => {
      const text = '0123456789abcdefghij';
      await s3.send(new PutObjectCommand({ Bucket: 'lw-objects', Key: 'range.txt', Body: text }));
      const cases: Array<[string, string, string]> = [
        ['bytes=2-5', '2345', 'bytes 2-5/20'],
        ['bytes=15-', 'fghij', 'bytes 15-19/20'],
        ['bytes=-3', 'hij', 'bytes 17-19/20'],
        ['bytes=18-100', 'ij', 'bytes 18-19/20'],
      ];
      for (const [range, body, contentRange] of cases) {
        const got = await s3.send(new GetObjectCommand({ Bucket: 'lw-objects', Key: 'range.txt', Range: range }));
        expect([range, await got.Body?.transformToString(), got.ContentRange, got.ContentLength]).toEqual([range, body, contentRange, body.length]);
      }
      const err = await failure(s3.send(new GetObjectCommand({ Bucket: 'lw-objects', Key: 'range.txt', Range: 'bytes=20-' })));
      expect([err.name, err.message, err.$metadata.httpStatusCode]).toEqual(['InvalidRange', 'The requested range is not satisfiable', 416]);
    });

    it('answers NoSuchKey for GET and a bare 404 for HEAD of a missing key, NoSuchBucket for a missing bucket', async () => {
      const get = await failure(s3.send(new GetObjectCommand({ Bucket: 'lw-objects', Key: 'nope' })));
      expect([get.name, get.message, get.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 'The specified key does not exist.', 404]);
      const head = await failure(s3.send(new HeadObjectCommand({ Bucket: 'lw-objects', Key: 'nope' })));
      expect([head.name, head.$metadata.httpStatusCode]).toEqual(['NotFound', 404]);
      const bucket = await failure(s3.send(new PutObjectCommand({ Bucket: 'lw-missing-bucket', Key: 'k', Body: 'x' })));
      expect([bucket.name, bucket.$metadata.httpStatusCode]).toEqual(['NoSuchBucket', 404]);
    });

    it('deletes idempotently, one key or many at once', async () => {
      await s3.send(new PutObjectCommand({ Bucket: 'lw-objects', Key: 'del/a', Body: 'a' }));
      await s3.send(new PutObjectCommand({ Bucket: 'lw-objects', Key: 'del/b', Body: 'b' }));
      expect((await s3.send(new DeleteObjectCommand({ Bucket: 'lw-objects', Key: 'del/never-there' }))).$metadata.httpStatusCode).toBe(204);
      const out = await s3.send(new DeleteObjectsCommand({
        Bucket: 'lw-objects',
        Delete: { Objects: [{ Key: 'del/a' }, { Key: 'del/b' }, { Key: 'del/ghost' }, { Key: 'del/versioned', VersionId: 'v123' }] },
      }));
      expect(out.Deleted?.map((d) => d.Key)).toEqual(['del/a', 'del/b', 'del/ghost']);
      expect(out.Errors).toEqual([{ Key: 'del/versioned', VersionId: 'v123', Code: 'NoSuchVersion', Message: 'The specified version does not exist.' }]);
      const left = await s3.send(new ListObjectsV2Command({ Bucket: 'lw-objects', Prefix: 'del/' }));
      expect(left.KeyCount).toBe(0);
      await s3.send(new PutObjectCommand({ Bucket: 'lw-objects', Key: 'del/c', Body: 'c' }));
      const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: 'lw-objects', Delete: { Objects: [{ Key: 'del/c' }], Quiet: true } }));
      expect(quiet.Deleted).toBeUndefined();
      expect((await failure(s3.send(new HeadObjectCommand({ Bucket: 'lw-objects', Key: 'del/c' })))).name).toBe('NotFound');
    });

    it('copies an object, keeping or replacing its metadata', async () => {
      await s3.send(new PutObjectCommand({ Bucket: 'lw-objects', Key: 'copy/src file.txt', Body: 'copy me', ContentType: 'text/plain', Metadata: { a: '1' } }));
      const kept = await s3.send(new CopyObjectCommand({ Bucket: 'lw-objects', Key: 'copy/kept.txt', CopySource: `lw-objects/${encodeURIComponent('copy/src file.txt')}` }));
      expect(kept.CopyObjectResult?.ETag).toBe(md5('copy me'));
      expect(kept.CopyObjectResult?.LastModified).toBeInstanceOf(Date);
      const keptHead = await s3.send(new HeadObjectCommand({ Bucket: 'lw-objects', Key: 'copy/kept.txt' }));
      expect([keptHead.ContentType, keptHead.Metadata]).toEqual(['text/plain', { a: '1' }]);
      await s3.send(new CopyObjectCommand({ Bucket: 'lw-objects', Key: 'copy/replaced.txt', CopySource: 'lw-objects/copy/src%20file.txt', MetadataDirective: 'REPLACE', ContentType: 'text/markdown', Metadata: { b: '2' } }));
      const replaced = await s3.send(new GetObjectCommand({ Bucket: 'lw-objects', Key: 'copy/replaced.txt' }));
      expect([await replaced.Body?.transformToString(), replaced.ContentType, replaced.Metadata]).toEqual(['copy me', 'text/markdown', { b: '2' }]);
      const self = await failure(s3.send(new CopyObjectCommand({ Bucket: 'lw-objects', Key: 'copy/kept.txt', CopySource: 'lw-objects/copy/kept.txt' })));
      expect(self.name).toBe('InvalidRequest');
      const missing = await failure(s3.send(new CopyObjectCommand({ Bucket: 'lw-objects', Key: 'copy/x', CopySource: 'lw-objects/copy/none' })));
      expect(missing.name).toBe('NoSuchKey');
    });
  });

  describe('listing', () => {
    const keys = ['AWSLogs/000000000000/vpcflowlogs/us-east-1/2026/01/01/a.log.gz', 'AWSLogs/000000000000/vpcflowlogs/us-east-1/2026/01/02/b.log.gz',
      'AWSLogs/000000000000/vpcflowlogs/eu-west-1/2026/01/01/c.log.gz', 'athena/results/q1.csv', 'readme.txt', 'zeta/1', 'zeta/2'];
    beforeAll(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'lw-listing' }));
      for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'lw-listing', Key, Body: Key }));
    });

    it('lists everything sorted, with sizes, ETags and storage class', async () => {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: 'lw-listing' }));
      expect(out.Contents?.map((c) => c.Key)).toEqual([...keys].sort());
      const readme = out.Contents?.find((c) => c.Key === 'readme.txt');
      expect([readme?.Size, readme?.ETag, readme?.StorageClass]).toEqual([10, md5('readme.txt'), 'STANDARD']);
      expect([out.Name, out.KeyCount, out.MaxKeys, out.IsTruncated]).toEqual(['lw-listing', 7, 1000, false]);
      expect(out.NextContinuationToken).toBeUndefined();
    });

    it('rolls keys up to common prefixes at the delimiter', async () => {
      const top = await s3.send(new ListObjectsV2Command({ Bucket: 'lw-listing', Delimiter: '/' }));
      expect(top.Contents?.map((c) => c.Key)).toEqual(['readme.txt']);
      expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['AWSLogs/', 'athena/', 'zeta/']);
      expect([top.KeyCount, top.Delimiter]).toEqual([4, '/']);
      const regions = await s3.send(new ListObjectsV2Command({ Bucket: 'lw-listing', Prefix: 'AWSLogs/000000000000/vpcflowlogs/', Delimiter: '/' }));
      expect(regions.Contents).toBeUndefined();
      expect(regions.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['AWSLogs/000000000000/vpcflowlogs/eu-west-1/', 'AWSLogs/000000000000/vpcflowlogs/us-east-1/']);
      expect(regions.Prefix).toBe('AWSLogs/000000000000/vpcflowlogs/');
    });

    it('pages with MaxKeys and continuation tokens through keys and prefixes alike', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const out = await s3.send(new ListObjectsV2Command({ Bucket: 'lw-listing', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
        pages++;
        seen.push(...(out.CommonPrefixes ?? []).map((p) => p.Prefix as string), ...(out.Contents ?? []).map((c) => c.Key as string));
        expect(out.ContinuationToken).toBe(token);
        token = out.NextContinuationToken;
        expect(out.IsTruncated).toBe(token !== undefined);
      } while (token);
      expect(pages).toBe(2);
      expect(seen.sort()).toEqual(['AWSLogs/', 'athena/', 'readme.txt', 'zeta/']);
    });

    it('starts after a key', async () => {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: 'lw-listing', StartAfter: 'readme.txt' }));
      expect(out.Contents?.map((c) => c.Key)).toEqual(['zeta/1', 'zeta/2']);
      expect(out.StartAfter).toBe('readme.txt');
    });

    it('pages the V1 listing with NextMarker when a delimiter is given', async () => {
      const first = await s3.send(new ListObjectsCommand({ Bucket: 'lw-listing', Delimiter: '/', MaxKeys: 2 }));
      expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['AWSLogs/', 'athena/']);
      expect([first.IsTruncated, first.NextMarker]).toEqual([true, 'athena/']);
      const second = await s3.send(new ListObjectsCommand({ Bucket: 'lw-listing', Delimiter: '/', Marker: first.NextMarker }));
      expect(second.Contents?.map((c) => c.Key)).toEqual(['readme.txt']);
      expect(second.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['zeta/']);
      expect(second.IsTruncated).toBe(false);
    });

    it('answers NoSuchBucket for a missing bucket', async () => {
      const err = await failure(s3.send(new ListObjectsV2Command({ Bucket: 'lw-listing-missing' })));
      expect([err.name, err.message, err.$metadata.httpStatusCode]).toEqual(['NoSuchBucket', 'The specified bucket does not exist', 404]);
    });
  });
});
