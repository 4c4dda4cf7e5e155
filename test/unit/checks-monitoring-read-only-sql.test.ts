import type { Ctx as LabContext } from '../../scenarios/vpc-flow-logs/blocks';
import { athenaCreateTable } from '../../fixtures/vpc-flow-logs/lab';
import { ReadOnlySqlError, runReadOnlySql, expectedTableShape } from '../../checks/athena';

/** A context whose Athena client answers like a finished query and records what it was sent. */
function stubContext(): { ctx: LabContext; sent: string[] } {
  const sent: string[] = [];
  const send = async (cmd: { constructor: { name: string }; input: any }) => {
    sent.push(cmd.constructor.name);
    switch (cmd.constructor.name) {
      case 'StartQueryExecutionCommand':
        return { QueryExecutionId: 'q-1' };
      case 'GetQueryExecutionCommand':
        return { QueryExecution: { QueryExecutionId: 'q-1', StatementType: 'DML', Status: { State: 'SUCCEEDED' } } };
      case 'GetQueryResultsCommand':
        return { ResultSet: { ResultSetMetadata: { ColumnInfo: [{ Name: 'n' }] }, Rows: [{ Data: [{ VarCharValue: 'n' }] }, { Data: [{ VarCharValue: '7' }] }] } };
      default:
        throw new Error(`unexpected ${cmd.constructor.name}`);
    }
  };
  const ctx = {
    clients: { athena: { send } },
    target: { budgetScale: 1, intervalsMs: [1] },
    clock: { now: () => 0, sleep: async () => undefined },
    signal: new AbortController().signal,
  } as unknown as LabContext;
  return { ctx, sent };
}

describe('runReadOnlySql: the guard that lets checks run SQL', () => {
  test.each([
    'SELECT count(*) AS n FROM vpc_flow_logs',
    '  -- a comment\n  select 1',
    '/* why */ SHOW PARTITIONS vpc_flow_logs;',
    'DESCRIBE vpc_flow_logs',
    'WITH x AS (SELECT 1 AS n) SELECT n FROM x',
  ])('runs %j and reads its rows (header row skipped for a query)', async (sql) => {
    const { ctx, sent } = stubContext();
    const out = await runReadOnlySql(ctx, sql);
    expect(sent[0]).toBe('StartQueryExecutionCommand');
    expect(out.rows).toEqual([{ n: '7' }]);
  });

  test.each([
    "ALTER TABLE default.vpc_flow_logs ADD PARTITION (dt='2024-01-01')",
    'DROP TABLE vpc_flow_logs',
    'CREATE TABLE t AS SELECT 1',
    'INSERT INTO t SELECT 1',
    'MSCK REPAIR TABLE vpc_flow_logs',
    'SELECT 1; DROP TABLE vpc_flow_logs',
    '-- SELECT\nDROP TABLE vpc_flow_logs',
  ])('refuses %j before any call leaves the machine', async (sql) => {
    const { ctx, sent } = stubContext();
    await expect(runReadOnlySql(ctx, sql)).rejects.toThrow(ReadOnlySqlError);
    await expect(runReadOnlySql(ctx, sql)).rejects.toThrow(/runs only single read-only SQL statements \(SELECT, SHOW, DESCRIBE, WITH\) and refused/);
    expect(sent).toEqual([]);
  });
});

describe('expectedTableShape: the table the checks expect comes from the lab\'s own Query 1', () => {
  test('14 columns in flow-log field order and the dt partition key', () => {
    const { columns, partitionKeys } = expectedTableShape({ createTableSql: athenaCreateTable });
    expect(columns).toHaveLength(14);
    expect(columns[0]).toEqual(['version', 'int']);
    expect(columns[9]).toEqual(['numbytes', 'bigint']);
    expect(columns[13]).toEqual(['logstatus', 'string']);
    expect(partitionKeys).toEqual([['dt', 'string']]);
  });
});
