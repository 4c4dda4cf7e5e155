/**
 * The one DuckDB instance of the process, with the Trino macros defined, plus a folder of temp
 * files holding S3 object bodies so DuckDB's own (parallel, gzip-aware) CSV reader can scan them.
 * Files are cached by bucket, key, size and last-modified time, so re-running a query over the same
 * objects writes nothing. Each query gets its own connection, so its temp views stay private.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { macroDefinitions } from './trino-functions';

// The package ships its own types; a type-only import keeps the native module lazy (loaded on the first query).
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface DuckHost {
  instance: DuckDBInstance;
  dir: string;
  files: Map<string, string>;
}

let host: Promise<DuckHost> | undefined;

/** The shared DuckDB host, created on first use. */
export function duckHost(): Promise<DuckHost> {
  if (!host) {
    host = (async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { DuckDBInstance: Instance } = require('@duckdb/node-api') as typeof import('@duckdb/node-api');
      const instance = await Instance.create(':memory:');
      const con = await instance.connect();
      for (const sql of macroDefinitions()) await con.run(sql);
      con.closeSync();
      const dir = mkdtempSync(join(tmpdir(), 'labwright-athena-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      return { instance, dir, files: new Map() };
    })();
  }
  return host;
}

/** A fresh connection with Trino's session semantics: UTC, integer division for integers. */
export async function openConnection(h: DuckHost): Promise<DuckDBConnection> {
  const con = await h.instance.connect();
  await con.run("SET TimeZone = 'UTC'");
  await con.run('SET integer_division = true');
  return con;
}

/** The path of a temp file holding this object's bytes, writing it if it is not cached yet. */
export function objectFile(
  h: DuckHost,
  bucket: string,
  key: string,
  size: number,
  lastModified: number,
  body: () => Buffer | undefined,
): { path: string; gzip: boolean } | undefined {
  const id = `${bucket}\u0000${key}\u0000${size}\u0000${lastModified}`;
  const cached = h.files.get(id);
  if (cached) return { path: cached, gzip: cached.endsWith('.gz') };
  const bytes = body();
  if (!bytes) return undefined;
  // The gzip magic number decides, not the name: AWS writers and students both name files freely.
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const path = join(h.dir, `${createHash('sha1').update(id).digest('hex')}${gzip ? '.gz' : '.txt'}`);
  writeFileSync(path, bytes);
  h.files.set(id, path);
  return { path, gzip };
}

/**
 * The path of a temp file derived from an object (a JSON table's rows rewritten for DuckDB), cached
 * like objectFile under `id`, which must name the object version and everything the rewrite depends on.
 */
export function derivedFile(h: DuckHost, id: string, make: () => string | undefined): string | undefined {
  const key = `derived\u0000${id}`;
  const cached = h.files.get(key);
  if (cached !== undefined) return cached || undefined;
  const text = make();
  if (text === undefined) return undefined;
  // An empty rewrite (a file without rows) is remembered as '' and never handed to DuckDB.
  if (text === '') {
    h.files.set(key, '');
    return undefined;
  }
  const path = join(h.dir, `${createHash('sha1').update(key).digest('hex')}.ndjson`);
  writeFileSync(path, text);
  h.files.set(key, path);
  return path;
}
