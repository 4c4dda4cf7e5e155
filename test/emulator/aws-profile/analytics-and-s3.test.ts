import { GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateLogGroupCommand, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FakeClock } from '../../../core/clock';
import { failure, TEST_CREDENTIALS, type TestEmulator } from '../helpers';
import { startAwsEmulator } from './aws-fixture';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('aws profile: queries take seconds, buckets live in their region', () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  test('Athena: QUEUED for a second, RUNNING for seconds, then SUCCEEDED', async () => {
    const clock = new FakeClock(T0);
    emu = await startAwsEmulator({ clock });
    const { s3, athena } = emu.clients;
    await s3.send(new CreateBucketCommand({ Bucket: 'athena-results' }));
    const id = (await athena.send(new StartQueryExecutionCommand({ QueryString: 'CREATE DATABASE IF NOT EXISTS flowlogs', ResultConfiguration: { OutputLocation: 's3://athena-results/' } }))).QueryExecutionId!;
    const state = async () => (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!.Status!.State;
    expect(await state()).toBe('QUEUED');
    await clock.advance(900);
    expect(await state()).toBe('QUEUED');
    await clock.advance(200);
    expect(await state()).toBe('RUNNING');
    await clock.advance(1500);
    expect(await state()).toBe('RUNNING');
    await clock.advance(600);
    expect(await state()).toBe('SUCCEEDED');
  });

  test('Logs Insights: Scheduled, then Running, then Complete after seconds', async () => {
    const clock = new FakeClock(T0);
    emu = await startAwsEmulator({ clock });
    const { logs } = emu.clients;
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
    const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: 'VPCFlowLogs', startTime: T0 / 1000 - 3600, endTime: T0 / 1000, queryString: 'filter action="REJECT" | stats count(*) as n by srcAddr' }));
    const status = async () => (await logs.send(new GetQueryResultsCommand({ queryId }))).status;
    expect(await status()).toBe('Scheduled');
    await clock.advance(1000);
    expect(await status()).toBe('Running');
    await clock.advance(3000);
    expect(await status()).toBe('Complete');
  });

  test('S3: another region\'s bucket answers PermanentRedirect (301) unless the client follows region redirects', async () => {
    emu = await startAwsEmulator({ timeScale: 0.01 });
    const euClients = emu.clientsFor(TEST_CREDENTIALS.accessKeyId, 'eu-west-1');
    await euClients.s3.send(new CreateBucketCommand({ Bucket: 'eu-flow-logs', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await euClients.s3.send(new PutObjectCommand({ Bucket: 'eu-flow-logs', Key: 'AWSLogs/x.log.gz', Body: 'x' }));
    const err = await failure<Error & { $metadata: { httpStatusCode?: number }; Endpoint?: string; $response?: { headers: Record<string, string> } }>(
      emu.clients.s3.send(new ListObjectsV2Command({ Bucket: 'eu-flow-logs' })),
    );
    expect(err.name).toBe('PermanentRedirect');
    expect(err.$metadata.httpStatusCode).toBe(301);
    expect(err.message).toBe('The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.');
    expect(err.Endpoint).toBe('eu-flow-logs.s3.eu-west-1.amazonaws.com');
    const following = new S3Client({ endpoint: emu.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, forcePathStyle: true, followRegionRedirects: true, maxAttempts: 1 });
    try {
      const listed = await following.send(new ListObjectsV2Command({ Bucket: 'eu-flow-logs' }));
      expect(listed.Contents!.map((o) => o.Key)).toEqual(['AWSLogs/x.log.gz']);
    } finally {
      following.destroy();
    }
  });
});
