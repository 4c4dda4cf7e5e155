import {
  AthenaClient, BatchGetQueryExecutionCommand, CreateWorkGroupCommand, DeleteWorkGroupCommand, GetDatabaseCommand, GetDataCatalogCommand,
  GetQueryExecutionCommand, GetQueryResultsCommand, GetWorkGroupCommand, ListDatabasesCommand, ListDataCatalogsCommand,
  ListQueryExecutionsCommand, ListTableMetadataCommand, ListWorkGroupsCommand, StartQueryExecutionCommand, StopQueryExecutionCommand,
  UpdateWorkGroupCommand,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { FakeClock } from '../../core/clock';
import { startTestEmulator, waitFor, type TestEmulator } from './helpers';

const fail = (p: Promise<unknown>): Promise<any> => p.then(() => { throw new Error('The call was expected to fail but succeeded.'); }, (e) => e);

describe('Athena control plane through the real SDK', () => {
  let emu: TestEmulator;
  let athena: AthenaClient;
  const clock = new FakeClock(Date.UTC(2026, 0, 15, 12));

  beforeAll(async () => {
    emu = await startTestEmulator({ clock });
    athena = emu.clients.athena;
    await emu.clients.s3.send(new CreateBucketCommand({ Bucket: 'results' }));
  });
  afterAll(() => emu.stop());

  it('has a primary workgroup with no result location, and manages others', async () => {
    const { WorkGroup } = await athena.send(new GetWorkGroupCommand({ WorkGroup: 'primary' }));
    expect(WorkGroup!.Name).toBe('primary');
    expect(WorkGroup!.State).toBe('ENABLED');
    expect(WorkGroup!.Configuration!.ResultConfiguration?.OutputLocation).toBeUndefined();
    // AWS creates `primary` on the region's first Athena use: it has a real creation time, not 1970.
    expect(WorkGroup!.CreationTime).toEqual(new Date(Date.UTC(2026, 0, 15, 12)));

    await athena.send(new CreateWorkGroupCommand({ Name: 'analysts', Configuration: { ResultConfiguration: { OutputLocation: 's3://results/analysts/' } } }));
    const dup = await fail(athena.send(new CreateWorkGroupCommand({ Name: 'analysts' })));
    expect(dup.name).toBe('InvalidRequestException');
    const list = await athena.send(new ListWorkGroupsCommand({}));
    expect(list.WorkGroups!.map((w) => w.Name)).toEqual(['analysts', 'primary']);
    expect(list.WorkGroups!.find((w) => w.Name === 'primary')!.CreationTime).toEqual(WorkGroup!.CreationTime);

    await athena.send(new UpdateWorkGroupCommand({ WorkGroup: 'analysts', ConfigurationUpdates: { EnforceWorkGroupConfiguration: true }, State: 'DISABLED' }));
    const after = (await athena.send(new GetWorkGroupCommand({ WorkGroup: 'analysts' }))).WorkGroup!;
    expect(after.State).toBe('DISABLED');
    expect(after.Configuration!.EnforceWorkGroupConfiguration).toBe(true);
    expect(after.Configuration!.ResultConfiguration!.OutputLocation).toBe('s3://results/analysts/');
    const disabled = await fail(athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'analysts' })));
    expect(disabled.message).toBe('WorkGroup analysts is disabled.');

    await athena.send(new UpdateWorkGroupCommand({ WorkGroup: 'analysts', ConfigurationUpdates: { ResultConfigurationUpdates: { RemoveOutputLocation: true } } }));
    expect((await athena.send(new GetWorkGroupCommand({ WorkGroup: 'analysts' }))).WorkGroup!.Configuration!.ResultConfiguration?.OutputLocation).toBeUndefined();
    await athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'analysts' }));
    const gone = await fail(athena.send(new GetWorkGroupCommand({ WorkGroup: 'analysts' })));
    expect(gone.name).toBe('InvalidRequestException');
    expect(gone.message).toBe('WorkGroup analysts is not found.');
  });

  it('lists AwsDataCatalog and its default database', async () => {
    const catalogs = await athena.send(new ListDataCatalogsCommand({}));
    expect(catalogs.DataCatalogsSummary).toEqual([{ CatalogName: 'AwsDataCatalog', Type: 'GLUE' }]);
    expect((await athena.send(new GetDataCatalogCommand({ Name: 'AwsDataCatalog' }))).DataCatalog!.Type).toBe('GLUE');
    const dbs = await athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }));
    expect(dbs.DatabaseList!.map((d) => d.Name)).toEqual(['default']);
    expect((await athena.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'default' }))).Database!.Name).toBe('default');
    const missing = await fail(athena.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'nope' })));
    expect(missing.name).toBe('MetadataException');
  });

  it('paces executions by the clock: QUEUED, then RUNNING, then SUCCEEDED, with results only at the end', async () => {
    const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({
      QueryString: 'CREATE DATABASE IF NOT EXISTS flows', ResultConfiguration: { OutputLocation: 's3://results/ddl' },
    }));
    const stateNow = async () => (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution!;
    expect((await stateNow()).Status!.State).toBe('QUEUED');
    const early = await fail(athena.send(new GetQueryResultsCommand({ QueryExecutionId })));
    expect(early.message).toBe('Query has not yet finished. Current state: QUEUED');
    clock.advance(50);
    expect((await stateNow()).Status!.State).toBe('RUNNING');
    const running = await fail(athena.send(new GetQueryResultsCommand({ QueryExecutionId })));
    expect(running.message).toBe('Query has not yet finished. Current state: RUNNING');
    clock.advance(1);
    const done = await stateNow();
    expect(done.Status!.State).toBe('SUCCEEDED');
    expect(done.StatementType).toBe('DDL');
    expect(done.ResultConfiguration!.OutputLocation).toBe(`s3://results/ddl/${QueryExecutionId}.txt`);
    expect(done.Status!.SubmissionDateTime!.getTime()).toBe(Date.UTC(2026, 0, 15, 12));
    expect(done.Status!.CompletionDateTime!.getTime()).toBe(Date.UTC(2026, 0, 15, 12) + 51);
    expect(done.Statistics).toMatchObject({ QueryQueueTimeInMillis: 50, TotalExecutionTimeInMillis: 51, DataScannedInBytes: 0 });
    expect(done.WorkGroup).toBe('primary');
    expect(done.EngineVersion!.EffectiveEngineVersion).toBe('Athena engine version 3');
    const results = await athena.send(new GetQueryResultsCommand({ QueryExecutionId }));
    expect(results.ResultSet!.Rows).toEqual([]);
    const dbs = await athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }));
    expect(dbs.DatabaseList!.map((d) => d.Name)).toEqual(['default', 'flows']);
    expect((await athena.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'flows' }))).TableMetadataList).toEqual([]);
  });

  it('pages query results with Rows[0] as the header and NULL as a Datum without a value', async () => {
    const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({
      QueryString: 'SELECT n, CASE WHEN n = 2 THEN NULL ELSE n * 1.5 END AS half FROM (VALUES (1), (2), (3)) AS t(n) ORDER BY n',
      ResultConfiguration: { OutputLocation: 's3://results/' },
    }));
    clock.advance(50);
    // The query itself runs on DuckDB in the background; move the fake clock until it reports the end.
    await waitFor('the query to succeed', async () => {
      const st = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution!.Status!.State;
      if (st === 'SUCCEEDED') return true;
      clock.advance(1);
      return undefined;
    }, 20);
    const first = await athena.send(new GetQueryResultsCommand({ QueryExecutionId, MaxResults: 2 }));
    expect(first.ResultSet!.Rows!.map((r) => r.Data!.map((d) => d.VarCharValue))).toEqual([['n', 'half'], ['1', '1.5']]);
    expect(first.NextToken).toBeDefined();
    const second = await athena.send(new GetQueryResultsCommand({ QueryExecutionId, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.ResultSet!.Rows!.map((r) => r.Data)).toEqual([[{ VarCharValue: '2' }, {}], [{ VarCharValue: '3' }, { VarCharValue: '4.5' }]]);
    expect(second.NextToken).toBeUndefined();
    expect(second.ResultSet!.ResultSetMetadata!.ColumnInfo!.map((c) => c.Type)).toEqual(['integer', 'decimal']);
  });

  it('cancels, lists newest first, batch-gets, and keeps ClientRequestToken idempotent', async () => {
    const token = 'a'.repeat(32);
    const start = (q: string, t?: string) =>
      athena.send(new StartQueryExecutionCommand({ QueryString: q, ClientRequestToken: t, ResultConfiguration: { OutputLocation: 's3://results/' } }));
    const a = await start('SHOW TABLES', token);
    const again = await start('SHOW TABLES', token);
    expect(again.QueryExecutionId).toBe(a.QueryExecutionId);
    const mismatch = await fail(start('SHOW DATABASES', token));
    expect(mismatch.message).toBe('Idempotent parameters do not match');

    const b = await start('SELECT 1');
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: b.QueryExecutionId }));
    const stopped = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: b.QueryExecutionId }))).QueryExecution!;
    expect(stopped.Status!.State).toBe('CANCELLED');

    const listed = await athena.send(new ListQueryExecutionsCommand({ WorkGroup: 'primary' }));
    expect(listed.QueryExecutionIds!.slice(0, 2)).toEqual([b.QueryExecutionId, a.QueryExecutionId]);
    const batch = await athena.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [a.QueryExecutionId!, 'nope'] }));
    expect(batch.QueryExecutions!.map((q) => q.StatementType)).toEqual(['UTILITY']);
    expect(batch.UnprocessedQueryExecutionIds!.map((u) => u.QueryExecutionId)).toEqual(['nope']);
  });

  it('fails a query whose result bucket does not exist', async () => {
    const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: 's3://no-such-bucket/x/' } }));
    clock.advance(100);
    const q = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution!;
    expect(q.Status!.State).toBe('FAILED');
    expect(q.Status!.StateChangeReason).toBe('Unable to verify/create output bucket no-such-bucket');
  });
});
