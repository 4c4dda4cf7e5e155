import { createCatalog } from '../../emulator/athena/catalog';
import { runStatement } from '../../emulator/athena/engine';
import { memoryObjectReader } from '../../emulator/athena/object-reader';
import { translateQuery } from '../../emulator/athena/translate';
import { jodaToStrftime, mysqlToStrftime } from '../../emulator/athena/trino-functions';
import { javaDouble } from '../../emulator/athena/format-values';

function catalogWithTable() {
  const catalog = createCatalog();
  runStatementSync(catalog, "CREATE EXTERNAL TABLE flows (a int, b string) LOCATION 's3://bucket/flows/'");
  return catalog;
}

function runStatementSync(catalog: ReturnType<typeof createCatalog>, sql: string) {
  // DDL completes synchronously inside runStatement; the promise only reports it.
  void runStatement(sql, { catalog, database: 'default', reader: memoryObjectReader({}), nowMs: 0 });
}

const run = async (sql: string) =>
  (await runStatement(sql, { catalog: createCatalog(), database: 'default', reader: memoryObjectReader({}), nowMs: 0 })).result;

describe('Trino → DuckDB translation', () => {
  it('resolves unqualified, default.-qualified and catalog-qualified tables to one view, keeping aliases usable', () => {
    const catalog = catalogWithTable();
    const t = translateQuery('SELECT flows.a, f2.b FROM flows JOIN default.flows f2 ON flows.a = f2.a, awsdatacatalog.default.flows AS f3', catalog, 'default');
    expect(t.tables.map((x) => x.view)).toEqual(['__lw_default__flows']);
    expect(t.sql).toBe(
      'SELECT flows.a, f2.b FROM "__lw_default__flows" AS "flows" JOIN "__lw_default__flows" f2 ON flows.a = f2.a, "__lw_default__flows" AS f3',
    );
  });

  it('leaves CTE names, subqueries and EXTRACT(… FROM …) alone', () => {
    const t = translateQuery('WITH flows2 AS (SELECT extract(year FROM now()) y) SELECT * FROM flows2, (SELECT 1) s', catalogWithTable(), 'default');
    expect(t.tables).toEqual([]);
  });

  it('renames Trino-only functions and converts format strings, never touching string contents', () => {
    const t = translateQuery("SELECT day_of_week(x), date_format(x, '%Y-%m-%d %H:%i:%s'), 'day_of_week(' FROM (SELECT 1 x)", createCatalog(), 'default');
    expect(t.sql).toBe("SELECT __trino_day_of_week(x), __trino_date_format(x, '%Y-%m-%d %H:%M:%S'), 'day_of_week(' FROM (SELECT 1 x)");
  });

  it('names result columns the way Trino does', () => {
    const t = translateQuery('SELECT a, count(*), sum(a) AS Total, t.b, a + 1 plus1, CASE WHEN a > 1 THEN 1 END FROM flows t', catalogWithTable(), 'default');
    expect(t.columnNames).toEqual(['a', '_col1', 'total', 'b', 'plus1', '_col5']);
  });

  it('converts MySQL and Joda formats', () => {
    expect(mysqlToStrftime('%Y/%m/%d %H:%i:%s %p %W %M %e')).toBe('%Y/%m/%d %H:%M:%S %p %A %B %-d');
    expect(jodaToStrftime("yyyy-MM-dd'T'HH:mm:ss.SSS")).toBe('%Y-%m-%dT%H:%M:%S.%g');
  });

  it('prints doubles as Java does', () => {
    expect([2, 0.1, 1e7, 1.5e-4, 123456.75, -3].map(javaDouble)).toEqual(['2.0', '0.1', '1.0E7', '1.5E-4', '123456.75', '-3.0']);
  });
});

describe('Trino semantics on DuckDB', () => {
  it('day_of_week is ISO (Monday 1 … Sunday 7) and from_iso8601_timestamp is UTC', async () => {
    const r = await run("SELECT day_of_week(from_iso8601_timestamp('2024-01-14')), day_of_week(from_iso8601_timestamp('2024-01-15')), from_iso8601_timestamp('2024-01-15T10:30:00Z')");
    expect(r.rows).toEqual([['7', '1', '2024-01-15 10:30:00.000 UTC']]);
    expect(r.columns.map((c) => c.type)).toEqual(['bigint', 'bigint', 'timestamp with time zone']);
  });

  it('from_unixtime, to_unixtime, date_format, date_parse, date_trunc', async () => {
    const r = await run(
      "SELECT date_format(from_unixtime(1700000000), '%Y-%m-%d %H:%i'), to_unixtime(from_unixtime(1700000000)), " +
        "date_parse('2024/01/15 07', '%Y/%m/%d %H'), date_trunc('hour', date_parse('2024/01/15 07:45', '%Y/%m/%d %H:%i'))",
    );
    expect(r.rows).toEqual([['2023-11-14 22:13', '1.7E9', '2024-01-15 07:00:00.000', '2024-01-15 07:00:00.000']]);
  });

  it('integer division truncates, approx_distinct and regexp_like work, cardinality/element_at index from 1', async () => {
    const r = await run("SELECT 7 / 2, approx_distinct(x), regexp_like('eni-0abc', '^eni-'), cardinality(ARRAY[1, 2, 3]), element_at(ARRAY['a', 'b'], 2), CAST(7 AS varchar) FROM (VALUES (1), (1), (2)) t(x)");
    expect(r.rows).toEqual([['3', '2', 'true', '3', 'b', '7']]);
    expect(r.columns.map((c) => c.name)).toEqual(['_col0', '_col1', '_col2', '_col3', '_col4', '_col5']);
  });
});
