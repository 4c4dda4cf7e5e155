/** The engine's result: typed columns and rows of strings (null = SQL NULL), as Athena returns them. */

export interface ResultColumn {
  name: string;
  /** Athena (Trino) type name: varchar, integer, bigint, double, boolean, date, timestamp… */
  type: string;
  precision: number;
  scale: number;
}

export interface ResultSet {
  columns: ResultColumn[];
  rows: Array<Array<string | null>>;
}

/** An empty result (what DDL statements return). */
export function emptyResult(): ResultSet {
  return { columns: [], rows: [] };
}

/** A result of varchar columns, as SHOW and DESCRIBE statements produce. */
export function textResult(names: string[], rows: string[][]): ResultSet {
  return { columns: names.map((name) => ({ name, type: 'varchar', precision: 2147483647, scale: 0 })), rows };
}
