import { LogDestinationError, parseLogDestination, parseS3Key, s3FileWindowStart, s3FolderFor, s3KeyFor } from '../../flowlogs';

const SPEC_NAME = '123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz';
const at = (iso: string): number => Date.parse(iso);
const base = { accountId: '123456789012', region: 'us-east-1' };

describe('s3FolderFor', () => {
  test('default layout, with and without a subfolder', () => {
    expect(s3FolderFor({ ...base, time: at('2018-06-20T16:20:00Z') })).toBe('AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/');
    expect(s3FolderFor({ ...base, prefix: 'my-folder/', time: new Date('2018-06-20T16:20:00Z') })).toBe('my-folder/AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/');
    expect(s3FolderFor({ ...base, prefix: '/a/b', time: at('2018-06-20T16:20:00Z') })).toBe('a/b/AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/');
  });

  test('hourly partitions add the UTC hour', () => {
    expect(s3FolderFor({ ...base, perHour: true, time: at('2024-01-02T03:59:59Z') })).toBe('AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/02/03/');
  });

  test('Hive-compatible partitions name each level, with optional hour', () => {
    expect(s3FolderFor({ ...base, hive: true, time: at('2024-01-02T03:04:05Z') })).toBe(
      'AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2024/month=01/day=02/',
    );
    expect(s3FolderFor({ ...base, hive: true, perHour: true, prefix: 'logs', time: at('2024-01-02T23:04:05Z') })).toBe(
      'logs/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2024/month=01/day=02/hour=23/',
    );
  });

  test('uses UTC, not local time, at a day boundary', () => {
    expect(s3FolderFor({ ...base, time: at('2023-12-31T23:59:59Z') })).toMatch(/\/2023\/12\/31\/$/);
    expect(s3FolderFor({ ...base, time: at('2024-01-01T00:00:00Z') })).toMatch(/\/2024\/01\/01\/$/);
  });
});

describe('s3FileWindowStart', () => {
  test('records ending 16:20:00 to 16:24:59 share the 16:20 window; 16:25:00 starts the next', () => {
    const w = at('2018-06-20T16:20:00Z') / 1000;
    expect(s3FileWindowStart(w)).toBe(w);
    expect(s3FileWindowStart(w + 299)).toBe(w);
    expect(s3FileWindowStart(w + 300)).toBe(w + 300);
    expect(s3FileWindowStart(w - 1)).toBe(w - 300);
  });
});

describe('s3KeyFor', () => {
  test('builds the spec example file name for every end time in 16:20:00–16:24:59', () => {
    for (const t of ['2018-06-20T16:20:00Z', '2018-06-20T16:22:30Z', '2018-06-20T16:24:59Z']) {
      expect(s3KeyFor({ ...base, flowLogId: 'fl-1234abcd', hash: 'fe123456', time: at(t) })).toBe(`AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/${SPEC_NAME}`);
    }
    expect(s3KeyFor({ ...base, flowLogId: 'fl-1234abcd', hash: 'fe123456', time: at('2018-06-20T16:25:00Z') })).toMatch(/_20180620T1625Z_fe123456\.log\.gz$/);
  });

  test('derives a stable 8-hex hash when none is given, different per window', () => {
    const a = s3KeyFor({ ...base, flowLogId: 'fl-1', time: at('2018-06-20T16:21:00Z') });
    expect(a).toMatch(/_20180620T1620Z_[0-9a-f]{8}\.log\.gz$/);
    expect(s3KeyFor({ ...base, flowLogId: 'fl-1', time: at('2018-06-20T16:24:00Z') })).toBe(a);
    expect(s3KeyFor({ ...base, flowLogId: 'fl-1', time: at('2018-06-20T16:26:00Z') }).slice(-15)).not.toBe(a.slice(-15));
  });

  test('Parquet files end in .log.parquet (extension not established)', () => {
    expect(s3KeyFor({ ...base, flowLogId: 'fl-1', hash: '00000000', fileFormat: 'parquet', time: 0 })).toBe(
      'AWSLogs/123456789012/vpcflowlogs/us-east-1/1970/01/01/123456789012_vpcflowlogs_us-east-1_fl-1_19700101T0000Z_00000000.log.parquet',
    );
  });

  test('rejects a hash that is not 8 lower-case hex characters', () => {
    expect(() => s3KeyFor({ ...base, flowLogId: 'fl-1', hash: 'XYZ', time: 0 })).toThrow(/8 lower-case hex/);
  });
});

describe('parseS3Key', () => {
  test('reads the spec example key in the default layout', () => {
    expect(parseS3Key(`my-folder/AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/${SPEC_NAME}`)).toEqual({
      prefix: 'my-folder',
      accountId: '123456789012',
      region: 'us-east-1',
      year: 2018,
      month: 6,
      day: 20,
      hive: false,
      flowLogId: 'fl-1234abcd',
      timestamp: new Date('2018-06-20T16:20:00Z'),
      hash: 'fe123456',
      fileFormat: 'plain-text',
    });
  });

  test.each([
    [{ hive: false, perHour: false }],
    [{ hive: false, perHour: true }],
    [{ hive: true, perHour: false }],
    [{ hive: true, perHour: true }],
  ])('round-trips s3KeyFor %j, with and without a nested prefix', (layout) => {
    for (const prefix of [undefined, 'a/b/c']) {
      const time = at('2024-02-29T07:43:10Z');
      const key = s3KeyFor({ ...base, ...layout, prefix, flowLogId: 'fl-0abc123', hash: '1234abcd', fileFormat: 'parquet', time });
      const info = parseS3Key(key);
      expect(info).toMatchObject({ prefix: prefix ?? '', accountId: '123456789012', region: 'us-east-1', year: 2024, month: 2, day: 29, hive: layout.hive, flowLogId: 'fl-0abc123', hash: '1234abcd', fileFormat: 'parquet' });
      expect(info?.hour).toBe(layout.perHour ? 7 : undefined);
      expect(info?.timestamp.toISOString()).toBe('2024-02-29T07:40:00.000Z');
    }
  });

  test.each([
    ['not a flow-log key', 'reports/2018/06/20/x.log.gz'],
    ['a wrong file name', 'AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/notes.txt'],
    ['an account mismatch between folder and name', `AWSLogs/210987654321/vpcflowlogs/us-east-1/2018/06/20/${SPEC_NAME}`],
    ['a region mismatch', `AWSLogs/123456789012/vpcflowlogs/eu-west-1/2018/06/20/${SPEC_NAME}`],
    ['an impossible date', `AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/02/30/${SPEC_NAME}`],
    ['an impossible file time', `AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/${SPEC_NAME.replace('T1620Z', 'T2561Z')}`],
  ])('returns undefined for %s', (_what, key) => {
    expect(parseS3Key(key)).toBeUndefined();
  });
});

describe('parseLogDestination', () => {
  test('splits bucket and optional subfolder', () => {
    expect(parseLogDestination('arn:aws:s3:::my-flow-logs')).toEqual({ bucket: 'my-flow-logs', prefix: '' });
    expect(parseLogDestination('arn:aws:s3:::my-flow-logs/')).toEqual({ bucket: 'my-flow-logs', prefix: '' });
    expect(parseLogDestination('arn:aws:s3:::my-flow-logs/vpc/lab/')).toEqual({ bucket: 'my-flow-logs', prefix: 'vpc/lab' });
  });

  test.each([
    ['arn:aws:s3:::my-flow-logs/AWSLogs/', /AWSLogs is reserved/],
    ['arn:aws:s3:::my-flow-logs/AWSLogs', /AWSLogs is reserved/],
    ['arn:aws:s3:::my-flow-logs/x//y/', /empty path segments/],
    ['arn:aws:logs:us-east-1:123456789012:log-group:x', /S3 bucket ARN/],
    ['my-flow-logs', /S3 bucket ARN/],
    ['arn:aws:s3:::My_Bucket', /not a valid bucket name/],
  ])('rejects %s', (arn, message) => {
    expect(() => parseLogDestination(arn)).toThrow(LogDestinationError);
    expect(() => parseLogDestination(arn)).toThrow(message);
  });
});
