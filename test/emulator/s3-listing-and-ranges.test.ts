import { AwsError, type RequestContext } from '../../emulator/framework/types';
import { resolveRange } from '../../emulator/services/s3/byte-range';
import { provider } from '../../emulator/services/s3/provider';
import { getObjectBody, listObjectKeys, putObjectInternal, setBucketPolicyInternal, getBucket, type S3State } from '../../emulator/services/s3/store';
import { FakeClock } from '../../core/clock';

// Handler-level tests of the two pieces of S3 logic with the most edge cases; the wire is covered by s3-sdk.test.ts.
function fakeContext(state: S3State, accountId = '000000000000', region = 'us-east-1'): RequestContext {
  const clock = new FakeClock();
  return {
    accountId, region, requestId: 'r', service: 's3', operation: 'test', clock,
    state: <S>() => state as unknown as S,
    stateOf: () => { throw new Error('not used'); },
    runtime: { clock, engines: new Map(), markDirty: () => undefined },
  };
}

const call = (op: string, input: any, ctx: RequestContext): any => provider.handlers[op](input, ctx);

describe('S3 byte ranges', () => {
  it('resolves the three Range forms and clamps an end past the object', () => {
    expect(resolveRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(resolveRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(resolveRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(resolveRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
    expect(resolveRange('bytes=50-5000', 100)).toEqual({ start: 50, end: 99 });
  });

  it('ignores headers S3 cannot parse and rejects ranges that start past the end', () => {
    expect(resolveRange('bytes=0-1,4-5', 100)).toBeUndefined();
    expect(resolveRange('items=0-1', 100)).toBeUndefined();
    expect(resolveRange('bytes=9-3', 100)).toBeUndefined();
    expect(() => resolveRange('bytes=100-', 100)).toThrow(expect.objectContaining({ code: 'InvalidRange', status: 416 }));
    expect(() => resolveRange('bytes=0-0', 0)).toThrow(AwsError);
  });
});

describe('S3 listing with a delimiter across pages', () => {
  const state = provider.createState();
  const ctx = fakeContext(state);
  beforeAll(() => {
    call('CreateBucket', { Bucket: 'list-me' }, ctx);
    for (const k of ['a.txt', 'logs/2026/01/x', 'logs/2026/01/y', 'logs/2026/02/z', 'logs/top', 'z/1', 'z/2']) {
      call('PutObject', { Bucket: 'list-me', Key: k, Body: Buffer.from(k) }, ctx);
    }
  });

  it('walks every entry exactly once, one per page, with common prefixes counted as entries', () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const out = call('ListObjectsV2', { Bucket: 'list-me', Delimiter: '/', MaxKeys: 1, ContinuationToken: token }, ctx);
      expect(out.KeyCount).toBe(1);
      seen.push(...(out.Contents ?? []).map((c: any) => c.Key), ...(out.CommonPrefixes ?? []).map((p: any) => p.Prefix));
      token = out.NextContinuationToken;
      expect(out.IsTruncated).toBe(token !== undefined);
    } while (token);
    expect(seen).toEqual(['a.txt', 'logs/', 'z/']);
  });

  it('rolls up below a prefix and honours StartAfter', () => {
    const out = call('ListObjectsV2', { Bucket: 'list-me', Prefix: 'logs/', Delimiter: '/' }, ctx);
    expect(out.Contents.map((c: any) => c.Key)).toEqual(['logs/top']);
    expect(out.CommonPrefixes).toEqual([{ Prefix: 'logs/2026/' }]);
    const after = call('ListObjectsV2', { Bucket: 'list-me', StartAfter: 'logs/top' }, ctx);
    expect(after.Contents.map((c: any) => c.Key)).toEqual(['z/1', 'z/2']);
  });

  it('V1 listing resumes after a common-prefix NextMarker without repeating it', () => {
    const first = call('ListObjects', { Bucket: 'list-me', Delimiter: '/', MaxKeys: 2 }, ctx);
    expect(first.NextMarker).toBe('logs/');
    const second = call('ListObjects', { Bucket: 'list-me', Delimiter: '/', Marker: first.NextMarker }, ctx);
    expect(second.CommonPrefixes).toEqual([{ Prefix: 'z/' }]);
    expect(second.Contents).toBeUndefined();
  });
});

describe('S3 store accessors for AWS-side writers', () => {
  it('writes, lists and reads objects and sets a policy without going through a request', () => {
    const state = provider.createState();
    call('CreateBucket', { Bucket: 'flow-dest' }, fakeContext(state));
    putObjectInternal(state, 'flow-dest', 'AWSLogs/b.log.gz', Buffer.from([1, 2, 3]), 'application/gzip', 1000);
    putObjectInternal(state, 'flow-dest', 'AWSLogs/a.log.gz', Buffer.from([9]));
    expect(listObjectKeys(state, 'flow-dest', 'AWSLogs/').map((o) => [o.key, o.size])).toEqual([['AWSLogs/a.log.gz', 1], ['AWSLogs/b.log.gz', 3]]);
    expect(getObjectBody(state, 'flow-dest', 'AWSLogs/b.log.gz')).toEqual(Buffer.from([1, 2, 3]));
    expect(getObjectBody(state, 'flow-dest', 'missing')).toBeUndefined();
    expect(getBucket(state, 'flow-dest')?.objects['AWSLogs/b.log.gz'].contentType).toBe('application/gzip');
    // S3's own default when a writer names no content type.
    expect(getBucket(state, 'flow-dest')?.objects['AWSLogs/a.log.gz'].contentType).toBe('binary/octet-stream');
    setBucketPolicyInternal(state, 'flow-dest', '{"Statement":[]}');
    expect(getBucket(state, 'flow-dest')).toMatchObject({ name: 'flow-dest', region: 'us-east-1', policy: '{"Statement":[]}' });
    expect(() => putObjectInternal(state, 'nope', 'k', Buffer.alloc(0))).toThrow('The bucket nope does not exist');
  });
});
