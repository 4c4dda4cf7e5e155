/**
 * The Athena data catalog (AwsDataCatalog) as plain JSON state: databases → tables → partitions.
 * Names are stored lowercased, as Athena (Glue) stores them.
 */

export interface CatalogColumn {
  name: string;
  /** The Hive type as written in the DDL, lowercased (`int`, `bigint`, `string`, `decimal(10,2)`…). */
  type: string;
  comment?: string;
}

export interface CatalogPartition {
  /** One value per partition key, in key order. */
  values: string[];
  location: string;
  createdAt: number;
}

export interface CatalogTable {
  name: string;
  columns: CatalogColumn[];
  partitionKeys: CatalogColumn[];
  location: string;
  /** `inputFormat` is set only when the DDL named one (`STORED AS INPUTFORMAT …`); absent means Hive's TextInputFormat. */
  rowFormat: { fieldDelimiter: string; serde: string; inputFormat?: string };
  tblProperties: Record<string, string>;
  partitions: CatalogPartition[];
  createdAt: number;
  /** The statement that created it, for SHOW CREATE TABLE. */
  ddl: string;
}

export interface CatalogDatabase {
  name: string;
  description?: string;
  tables: Record<string, CatalogTable>;
}

export interface Catalog {
  databases: Record<string, CatalogDatabase>;
}

/** The catalog name Athena reports for its Glue-backed catalog. */
export const AWS_DATA_CATALOG = 'AwsDataCatalog';

/** Hive's default field delimiter (Ctrl-A) when a table has no ROW FORMAT DELIMITED clause. */
export const HIVE_DEFAULT_DELIMITER = '\u0001';

/** A catalog holding only the `default` database, as every account starts with. */
export function createCatalog(): Catalog {
  return { databases: { default: { name: 'default', tables: {} } } };
}

/** The table, or undefined when the database or the table does not exist. */
export function findTable(catalog: Catalog, db: string, table: string): CatalogTable | undefined {
  return catalog.databases[db.toLowerCase()]?.tables[table.toLowerCase()];
}

/** The partition with exactly these values, if registered. */
export function findPartition(table: CatalogTable, values: string[]): CatalogPartition | undefined {
  return table.partitions.find((p) => p.values.length === values.length && p.values.every((v, i) => v === values[i]));
}

/** `dt=2024-01-01/hour=05` as Hive names a partition. */
export function partitionName(table: CatalogTable, values: string[]): string {
  return table.partitionKeys.map((k, i) => `${k.name}=${values[i]}`).join('/');
}

/** Hive's default input format: one record per line of text. */
export const TEXT_INPUT_FORMAT = 'org.apache.hadoop.mapred.TextInputFormat';

/** True when partitions come from projection properties instead of the partition list. */
export function usesProjection(table: CatalogTable): boolean {
  return (table.tblProperties['projection.enabled'] ?? '').toLowerCase() === 'true';
}
