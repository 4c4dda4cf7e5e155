/**
 * Applies parsed DDL and utility statements to the catalog. Failures use the Hive messages Athena
 * passes through for DDL (`FAILED: SemanticException [Error 10001]: Table not found …`).
 * Everything here is synchronous, so the catalog changes before StartQueryExecution returns.
 */
import { ddlError } from './errors';
import { LAZY_SIMPLE_SERDE, type PartitionSpec, type Statement, type TableRef } from './ddl-parser';
import { findPartition, partitionName, TEXT_INPUT_FORMAT, type Catalog, type CatalogPartition, type CatalogTable } from './catalog';
import { parseHiveType } from './hive-types';
import { asFolder, parseS3Uri, type ObjectReader } from './object-reader';
import { emptyResult, textResult, type ResultSet } from './result-set';

export interface DdlContext {
  catalog: Catalog;
  /** The database unqualified names refer to (QueryExecutionContext.Database, else `default`). */
  database: string;
  reader: ObjectReader;
  nowMs: number;
}

const DDL_TASK = 'FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask.';

/** Runs one non-query statement and returns its result rows (empty for CREATE/ALTER/DROP). */
export function executeDdl(stmt: Exclude<Statement, { kind: 'query' }>, sql: string, ctx: DdlContext): ResultSet {
  const { catalog } = ctx;
  switch (stmt.kind) {
    case 'createDatabase':
      if (catalog.databases[stmt.name]) {
        if (stmt.ifNotExists) return emptyResult();
        throw ddlError(`${DDL_TASK} Database ${stmt.name} already exists`);
      }
      catalog.databases[stmt.name] = { name: stmt.name, description: stmt.comment, tables: {} };
      return emptyResult();
    case 'dropDatabase': {
      const db = catalog.databases[stmt.name];
      if (!db) {
        if (stmt.ifExists) return emptyResult();
        throw ddlError(`FAILED: SemanticException [Error 10072]: Database does not exist: ${stmt.name}`);
      }
      if (Object.keys(db.tables).length && !stmt.cascade) {
        throw ddlError(`${DDL_TASK} InvalidOperationException(message:Database ${stmt.name} is not empty. One or more tables exist.)`);
      }
      delete catalog.databases[stmt.name];
      return emptyResult();
    }
    case 'createTable': {
      const dbName = stmt.ref.db ?? ctx.database;
      const db = catalog.databases[dbName];
      if (!db) throw ddlError(`FAILED: SemanticException [Error 10072]: Database does not exist: ${dbName}`);
      if (db.tables[stmt.ref.table]) {
        if (stmt.ifNotExists) return emptyResult();
        throw ddlError(`${DDL_TASK} AlreadyExistsException(message:Table ${stmt.ref.table} already exists)`);
      }
      const dup = [...stmt.columns, ...stmt.partitionKeys].map((c) => c.name).find((n, i, all) => all.indexOf(n) !== i);
      if (dup) throw ddlError(`FAILED: SemanticException [Error 10036]: Duplicate column name: ${dup}`);
      // Hive rejects a malformed type (`struct<a string>`) when the table is created, not when it is read.
      for (const c of [...stmt.columns, ...stmt.partitionKeys]) parseHiveType(c.type);
      if (!stmt.location || !parseS3Uri(stmt.location)) {
        throw ddlError('FAILED: SemanticException Athena tables need a LOCATION that is an s3:// URI.');
      }
      db.tables[stmt.ref.table] = {
        name: stmt.ref.table,
        columns: stmt.columns,
        partitionKeys: stmt.partitionKeys,
        location: stmt.location,
        rowFormat: {
          fieldDelimiter: stmt.fieldDelimiter,
          serde: stmt.serde || LAZY_SIMPLE_SERDE,
          ...(stmt.inputFormat ? { inputFormat: stmt.inputFormat } : {}),
        },
        tblProperties: stmt.tblProperties,
        partitions: [],
        createdAt: ctx.nowMs,
        ddl: sql,
      };
      return emptyResult();
    }
    case 'dropTable': {
      const { db, table } = lookup(ctx, stmt.ref, stmt.ifExists);
      if (table) delete catalog.databases[db].tables[table.name];
      return emptyResult();
    }
    case 'addPartitions': {
      const { table } = lookup(ctx, stmt.ref);
      const added: CatalogPartition[] = [];
      for (const spec of stmt.partitions) {
        const values = specValues(table!, spec, true);
        if (findPartition(table!, values) || added.some((p) => p.values.join('/') === values.join('/'))) {
          if (stmt.ifNotExists) continue;
          throw ddlError(`${DDL_TASK} AlreadyExistsException(message:Partition already exists: ${partitionName(table!, values)})`);
        }
        const location = spec.location ?? `${asFolder(table!.location)}${partitionName(table!, values)}`;
        added.push({ values, location, createdAt: ctx.nowMs });
      }
      table!.partitions.push(...added);
      return emptyResult();
    }
    case 'dropPartitions': {
      const { table } = lookup(ctx, stmt.ref);
      for (const spec of stmt.partitions) {
        const values = specValues(table!, spec, false);
        const before = table!.partitions.length;
        table!.partitions = table!.partitions.filter((p) => !table!.partitionKeys.every((k, i) => values[i] === undefined || p.values[i] === values[i]));
        if (before === table!.partitions.length && !stmt.ifExists) {
          const text = Object.entries(spec.values).map(([k, v]) => `${k} = '${v}'`).join(', ');
          throw ddlError(`FAILED: SemanticException [Error 10006]: Partition not found (${text})`);
        }
      }
      return emptyResult();
    }
    case 'msckRepair':
      return msckRepair(lookup(ctx, stmt.ref).table!, ctx);
    case 'showPartitions': {
      const { table } = lookup(ctx, stmt.ref);
      const names = table!.partitions.map((p) => partitionName(table!, p.values)).sort();
      return textResult(['partition'], names.map((n) => [n]));
    }
    case 'showTables': {
      const dbName = stmt.db ?? ctx.database;
      const db = catalog.databases[dbName];
      if (!db) throw ddlError(`FAILED: SemanticException [Error 10072]: Database does not exist: ${dbName}`);
      const names = Object.keys(db.tables).filter(matcher(stmt.pattern)).sort();
      return textResult(['tab_name'], names.map((n) => [n]));
    }
    case 'showDatabases': {
      const names = Object.keys(catalog.databases).filter(matcher(stmt.pattern)).sort();
      return textResult(['database_name'], names.map((n) => [n]));
    }
    case 'describe': {
      const table = lookup(ctx, stmt.ref).table!;
      const line = (c: { name: string; type: string; comment?: string }) => `${c.name.padEnd(20)}\t${c.type.padEnd(20)}\t${c.comment ?? ''}`;
      const lines = [...table.columns, ...table.partitionKeys].map(line);
      if (table.partitionKeys.length) {
        lines.push('', '# Partition Information', `${'# col_name'.padEnd(20)}\t${'data_type'.padEnd(20)}\tcomment`, '', ...table.partitionKeys.map(line));
      }
      return textResult(['col_name'], lines.map((l) => [l]));
    }
    case 'showCreateTable': {
      const table = lookup(ctx, stmt.ref).table!;
      return textResult(['createtab_stmt'], showCreate(table).map((l) => [l]));
    }
  }
}

function lookup(ctx: DdlContext, ref: TableRef, ifExists = false): { db: string; table?: CatalogTable } {
  const db = ref.db ?? ctx.database;
  const table = ctx.catalog.databases[db]?.tables[ref.table];
  if (!table && !ifExists) {
    if (!ctx.catalog.databases[db]) throw ddlError(`FAILED: SemanticException [Error 10072]: Database does not exist: ${db}`);
    throw ddlError(`FAILED: SemanticException [Error 10001]: Table not found ${ref.db ? `${ref.db}.` : ''}${ref.table}`);
  }
  return { db, table };
}

/** The partition values in key order; ADD needs every key, DROP may name a prefix of them. */
function specValues(table: CatalogTable, spec: PartitionSpec, complete: boolean): string[] {
  const keys = table.partitionKeys.map((k) => k.name);
  const stray = Object.keys(spec.values).find((k) => !keys.includes(k));
  if (stray) throw ddlError(`FAILED: SemanticException [Error 10098]: Non-Partition column appears in the partition specification:  ${stray}`);
  if (complete && keys.some((k) => spec.values[k] === undefined)) {
    throw ddlError(`FAILED: SemanticException [Error 10006]: Partition spec {${Object.entries(spec.values).map(([k, v]) => `${k}=${v}`).join(', ')}} contains non-partition columns or misses partition columns`);
  }
  return keys.map((k) => spec.values[k]) as string[];
}

/** Finds Hive-style `k=v/` folders under the table location and registers the missing partitions. */
function msckRepair(table: CatalogTable, ctx: DdlContext): ResultSet {
  const loc = parseS3Uri(table.location);
  if (!loc || table.partitionKeys.length === 0) return emptyResult();
  const base = asFolder(loc.prefix);
  const found = new Map<string, string[]>();
  for (const o of ctx.reader.hasBucket(loc.bucket) ? ctx.reader.list(loc.bucket, base) : []) {
    const segments = o.key.slice(base.length).split('/');
    if (segments.length <= table.partitionKeys.length) continue;
    const values: string[] = [];
    for (const [i, key] of table.partitionKeys.entries()) {
      const m = /^([^=]+)=(.*)$/.exec(segments[i]);
      if (!m || m[1].toLowerCase() !== key.name) break;
      values.push(decodeURIComponent(m[2]));
    }
    if (values.length === table.partitionKeys.length) found.set(values.join('\u0000'), values);
  }
  const missing = [...found.values()].filter((v) => !findPartition(table, v)).sort((a, b) => a.join('/').localeCompare(b.join('/')));
  const lines: string[] = [];
  if (missing.length) lines.push(`Partitions not in metastore:\t${missing.map((v) => `${table.name}:${partitionName(table, v)}`).join('\t')}`);
  for (const values of missing) {
    table.partitions.push({ values, location: `s3://${loc.bucket}/${base}${partitionName(table, values)}`, createdAt: ctx.nowMs });
    lines.push(`Repair: Added partition to metastore ${table.name}:${partitionName(table, values)}`);
  }
  return textResult(['result'], lines.map((l) => [l]));
}

/** Hive SHOW … LIKE patterns: `*` is any text, `|` separates alternatives. */
function matcher(pattern?: string): (name: string) => boolean {
  if (!pattern) return () => true;
  const alternatives = pattern.split('|').map((p) => new RegExp(`^${p.trim().replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i'));
  return (name) => alternatives.some((re) => re.test(name));
}

function showCreate(table: CatalogTable): string[] {
  const cols = (list: CatalogTable['columns']) => list.map((c, i) => `  \`${c.name}\` ${c.type}${i < list.length - 1 ? ', ' : ')'}`);
  const lines = [`CREATE EXTERNAL TABLE \`${table.name}\`(`, ...cols(table.columns)];
  if (table.partitionKeys.length) lines.push('PARTITIONED BY ( ', ...cols(table.partitionKeys));
  if (table.rowFormat.serde === LAZY_SIMPLE_SERDE) {
    lines.push('ROW FORMAT DELIMITED ', `  FIELDS TERMINATED BY '${table.rowFormat.fieldDelimiter}' `);
  } else lines.push('ROW FORMAT SERDE ', `  '${table.rowFormat.serde}' `);
  lines.push(
    'STORED AS INPUTFORMAT ', `  '${table.rowFormat.inputFormat ?? TEXT_INPUT_FORMAT}' `, 'OUTPUTFORMAT ',
    "  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'", 'LOCATION', `  '${table.location}'`, 'TBLPROPERTIES (',
  );
  const props = Object.entries({ ...table.tblProperties, transient_lastDdlTime: String(Math.floor(table.createdAt / 1000)) });
  props.forEach(([k, v], i) => lines.push(`  '${k}'='${v}'${i < props.length - 1 ? ', ' : ')'}`));
  return lines;
}
