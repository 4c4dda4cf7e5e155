/** The data-catalog API over the SQL catalog: AwsDataCatalog, its databases and their tables as Athena reports them. */
import type { Handler, RequestContext } from '../../framework/types';
import { AWS_DATA_CATALOG, TEXT_INPUT_FORMAT, type CatalogTable } from '../../athena/catalog';
import { LAZY_SIMPLE_SERDE } from '../../athena/ddl-parser';
import { invalidRequest, metadataError } from './errors';
import type { AthenaState } from './state';

const state = (ctx: RequestContext) => ctx.state<AthenaState>();

function requireCatalog(name: unknown): void {
  if (String(name ?? '').toLowerCase() !== AWS_DATA_CATALOG.toLowerCase()) {
    throw metadataError(`Catalog ${String(name)} was not found.`);
  }
}

function page<T>(items: T[], input: { NextToken?: string; MaxResults?: number }, limit: number): { items: T[]; next?: string } {
  const start = input.NextToken ? Number(Buffer.from(String(input.NextToken), 'base64').toString()) || 0 : 0;
  const max = Math.min(Math.max(Number(input.MaxResults ?? limit), 1), limit);
  return { items: items.slice(start, start + max), next: start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined };
}

/** Table metadata in Athena's shape: Hive types, `EXTERNAL_TABLE`, and the Glue parameters including the SerDe. */
export function tableMetadata(t: CatalogTable) {
  const serdeParams: Record<string, string> =
    t.rowFormat.serde === LAZY_SIMPLE_SERDE
      ? { 'serde.param.field.delim': t.rowFormat.fieldDelimiter, 'serde.param.serialization.format': t.rowFormat.fieldDelimiter }
      : {};
  return {
    Name: t.name,
    CreateTime: new Date(t.createdAt),
    TableType: 'EXTERNAL_TABLE',
    Columns: t.columns.map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
    PartitionKeys: t.partitionKeys.map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
    Parameters: {
      EXTERNAL: 'TRUE',
      inputformat: t.rowFormat.inputFormat ?? TEXT_INPUT_FORMAT,
      outputformat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      location: t.location,
      'serde.serialization.lib': t.rowFormat.serde,
      ...serdeParams,
      ...t.tblProperties,
      transient_lastDdlTime: String(Math.floor(t.createdAt / 1000)),
    },
  };
}

export const catalogHandlers: Record<string, Handler> = {
  ListDataCatalogs: () => ({ DataCatalogsSummary: [{ CatalogName: AWS_DATA_CATALOG, Type: 'GLUE' }] }),
  GetDataCatalog: (input, ctx) => {
    if (String(input.Name ?? '').toLowerCase() !== AWS_DATA_CATALOG.toLowerCase()) throw invalidRequest(`Catalog ${input.Name} was not found.`);
    return { DataCatalog: { Name: AWS_DATA_CATALOG, Description: 'AWS Glue Data Catalog', Type: 'GLUE', Parameters: { 'catalog-id': ctx.accountId } } };
  },
  ListDatabases: (input, ctx) => {
    requireCatalog(input.CatalogName);
    const dbs = Object.values(state(ctx).catalog.databases).sort((a, b) => a.name.localeCompare(b.name));
    const p = page(dbs, input, 50);
    return { DatabaseList: p.items.map((d) => ({ Name: d.name, Description: d.description, Parameters: {} })), NextToken: p.next };
  },
  GetDatabase: (input, ctx) => {
    requireCatalog(input.CatalogName);
    const db = state(ctx).catalog.databases[String(input.DatabaseName ?? '').toLowerCase()];
    if (!db) throw metadataError(`Database ${input.DatabaseName} not found.`);
    return { Database: { Name: db.name, Description: db.description, Parameters: {} } };
  },
  ListTableMetadata: (input, ctx) => {
    requireCatalog(input.CatalogName);
    const db = state(ctx).catalog.databases[String(input.DatabaseName ?? '').toLowerCase()];
    if (!db) throw metadataError(`Database ${input.DatabaseName} not found.`);
    // Expression is a regular-expression filter on table names (AWS documents it as a pattern).
    const re = input.Expression ? new RegExp(`^${String(input.Expression).replace(/\*/g, '.*')}$`) : undefined;
    const tables = Object.values(db.tables).filter((t) => !re || re.test(t.name)).sort((a, b) => a.name.localeCompare(b.name));
    const p = page(tables, input, 50);
    return { TableMetadataList: p.items.map(tableMetadata), NextToken: p.next };
  },
  GetTableMetadata: (input, ctx) => {
    requireCatalog(input.CatalogName);
    const db = state(ctx).catalog.databases[String(input.DatabaseName ?? '').toLowerCase()];
    if (!db) throw metadataError(`Database ${input.DatabaseName} not found.`);
    const t = db.tables[String(input.TableName ?? '').toLowerCase()];
    if (!t) throw metadataError(`Table ${input.TableName} not found.`);
    return { TableMetadata: tableMetadata(t) };
  },
};
