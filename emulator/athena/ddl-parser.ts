/**
 * A hand-written parser for the Hive-style DDL and utility statements Athena accepts. It is
 * deliberately tolerant of layout (any whitespace, comments, a trailing `;`), keywords in any case,
 * `default.` or `awsdatacatalog.default.` prefixes, and backticked or double-quoted names.
 * Anything that starts like a query (SELECT, WITH, VALUES, a parenthesis) is reported as `query`
 * and left to the SQL translator.
 */
import { AthenaQueryError, syntaxError } from './errors';
import { isName, isWord, significant, tokenize, type Token } from './sql-lexer';
import { HIVE_DEFAULT_DELIMITER, type CatalogColumn } from './catalog';

export interface TableRef {
  db?: string;
  table: string;
}

export interface PartitionSpec {
  /** Key → value, keys lowercased. */
  values: Record<string, string>;
  location?: string;
}

export type Statement =
  | { kind: 'query' }
  | { kind: 'createDatabase'; name: string; ifNotExists: boolean; comment?: string }
  | {
      kind: 'createTable';
      ref: TableRef;
      ifNotExists: boolean;
      columns: CatalogColumn[];
      partitionKeys: CatalogColumn[];
      location?: string;
      fieldDelimiter: string;
      serde: string;
      /** The `STORED AS INPUTFORMAT` class, when the DDL names one. */
      inputFormat?: string;
      tblProperties: Record<string, string>;
    }
  | { kind: 'addPartitions'; ref: TableRef; ifNotExists: boolean; partitions: PartitionSpec[] }
  | { kind: 'dropPartitions'; ref: TableRef; ifExists: boolean; partitions: PartitionSpec[] }
  | { kind: 'msckRepair'; ref: TableRef }
  | { kind: 'showPartitions'; ref: TableRef }
  | { kind: 'showTables'; db?: string; pattern?: string }
  | { kind: 'showDatabases'; pattern?: string }
  | { kind: 'describe'; ref: TableRef }
  | { kind: 'showCreateTable'; ref: TableRef }
  | { kind: 'dropTable'; ref: TableRef; ifExists: boolean }
  | { kind: 'dropDatabase'; name: string; ifExists: boolean; cascade: boolean };

/** The SerDe Athena reports for `ROW FORMAT DELIMITED` tables. */
export const LAZY_SIMPLE_SERDE = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';

const VALID_NAME = /^[a-z0-9_]+$/;

/** Parses one statement; throws AthenaQueryError with a Trino-style position on bad input. */
export function parseStatement(sql: string): Statement {
  const tokens = significant(tokenize(sql));
  while (tokens.length && tokens[tokens.length - 1].text === ';') tokens.pop();
  return new Parser(tokens).statement();
}

class Parser {
  private i = 0;
  constructor(private readonly t: Token[]) {}

  statement(): Statement {
    const first = this.t[0];
    if (!first) throw syntaxError(1, 1, '<EOF>');
    if (first.text === '(' || ['select', 'with', 'values', 'table'].some((w) => isWord(first, w))) return { kind: 'query' };
    if (this.accept('create')) return this.create();
    if (this.accept('alter')) return this.alter();
    if (this.accept('msck')) {
      this.expect('repair');
      this.expect('table');
      return this.done({ kind: 'msckRepair', ref: this.tableRef() });
    }
    if (this.accept('show')) return this.show();
    if (this.accept('describe') || this.accept('desc')) {
      this.accept('formatted') || this.accept('extended');
      return this.done({ kind: 'describe', ref: this.tableRef() });
    }
    if (this.accept('drop')) return this.drop();
    throw this.unsupportedOrSyntax();
  }

  private create(): Statement {
    if (this.accept('database') || this.accept('schema')) {
      const ifNotExists = this.ifNotExists();
      const name = this.name('database');
      let comment: string | undefined;
      if (this.accept('comment')) comment = this.literal();
      this.skipRest();
      return { kind: 'createDatabase', name, ifNotExists, comment };
    }
    this.accept('external');
    if (!this.accept('table')) throw this.unsupportedOrSyntax();
    const ifNotExists = this.ifNotExists();
    const ref = this.tableRef();
    const columns = this.columnList();
    const stmt: Extract<Statement, { kind: 'createTable' }> = {
      kind: 'createTable', ref, ifNotExists, columns, partitionKeys: [],
      fieldDelimiter: HIVE_DEFAULT_DELIMITER, serde: LAZY_SIMPLE_SERDE, tblProperties: {},
    };
    while (this.peek()) {
      if (this.accept('comment')) this.literal();
      else if (this.accept('partitioned')) {
        this.expect('by');
        stmt.partitionKeys = this.columnList();
      } else if (this.accept('row')) {
        this.expect('format');
        if (this.accept('delimited')) {
          while (this.acceptAny(['fields', 'collection', 'map', 'lines', 'escaped', 'null'])) {
            const which = this.t[this.i - 1].value;
            if (which === 'escaped' || which === 'null') {
              this.accept('by') || this.expect('defined');
              if (which === 'null') this.expect('as');
              this.literal();
              continue;
            }
            if (which === 'collection' || which === 'map') this.expect(which === 'map' ? 'keys' : 'items');
            this.expect('terminated');
            this.expect('by');
            const value = unescapeDelimiter(this.literal());
            if (which === 'fields') stmt.fieldDelimiter = value;
          }
        } else {
          this.expect('serde');
          stmt.serde = this.literal();
          if (this.accept('with')) {
            this.expect('serdeproperties');
            const props = this.properties();
            if (props['field.delim'] !== undefined) stmt.fieldDelimiter = props['field.delim'];
          }
        }
      } else if (this.accept('stored')) {
        this.expect('as');
        if (this.accept('inputformat')) {
          stmt.inputFormat = this.literal();
          this.expect('outputformat');
          this.literal();
        } else this.name('format');
      } else if (this.accept('location')) stmt.location = this.literal();
      else if (this.accept('tblproperties')) stmt.tblProperties = this.properties();
      else throw this.unexpected();
    }
    return stmt;
  }

  private alter(): Statement {
    this.expect('table');
    const ref = this.tableRef();
    if (this.accept('add')) {
      const ifNotExists = this.ifNotExists();
      const partitions: PartitionSpec[] = [];
      do {
        this.expect('partition');
        const values = this.partitionValues();
        let location: string | undefined;
        if (this.accept('location')) location = this.literal();
        partitions.push({ values, location });
      } while (isWord(this.peek(), 'partition'));
      return this.done({ kind: 'addPartitions', ref, ifNotExists, partitions });
    }
    if (this.accept('drop')) {
      let ifExists = false;
      if (this.accept('if')) {
        this.expect('exists');
        ifExists = true;
      }
      const partitions: PartitionSpec[] = [];
      do {
        this.expect('partition');
        partitions.push({ values: this.partitionValues() });
      } while (this.acceptOp(','));
      return this.done({ kind: 'dropPartitions', ref, ifExists, partitions });
    }
    throw this.unsupportedOrSyntax();
  }

  private show(): Statement {
    if (this.accept('partitions')) return this.done({ kind: 'showPartitions', ref: this.tableRef() });
    if (this.accept('tables')) {
      let db: string | undefined;
      if (this.accept('in') || this.accept('from')) db = this.name('database');
      const pattern = this.peek() ? (this.accept('like'), this.literal()) : undefined;
      return this.done({ kind: 'showTables', db, pattern });
    }
    if (this.accept('databases') || this.accept('schemas')) {
      const pattern = this.peek() ? (this.accept('like'), this.literal()) : undefined;
      return this.done({ kind: 'showDatabases', pattern });
    }
    if (this.accept('create')) {
      this.expect('table');
      return this.done({ kind: 'showCreateTable', ref: this.tableRef() });
    }
    if (this.accept('columns')) {
      this.accept('in') || this.expect('from');
      return this.done({ kind: 'describe', ref: this.tableRef() });
    }
    throw this.unsupportedOrSyntax();
  }

  private drop(): Statement {
    if (this.accept('table')) {
      let ifExists = false;
      if (this.accept('if')) {
        this.expect('exists');
        ifExists = true;
      }
      return this.done({ kind: 'dropTable', ref: this.tableRef(), ifExists });
    }
    if (this.accept('database') || this.accept('schema')) {
      let ifExists = false;
      if (this.accept('if')) {
        this.expect('exists');
        ifExists = true;
      }
      const name = this.name('database');
      const cascade = this.accept('cascade');
      if (!cascade) this.accept('restrict');
      return this.done({ kind: 'dropDatabase', name, ifExists, cascade });
    }
    throw this.unsupportedOrSyntax();
  }

  // ---- pieces ----

  private columnList(): CatalogColumn[] {
    this.expectOp('(');
    const cols: CatalogColumn[] = [];
    do {
      const name = this.name('column');
      const type = this.typeText();
      const col: CatalogColumn = { name, type };
      if (this.accept('comment')) col.comment = this.literal();
      cols.push(col);
    } while (this.acceptOp(','));
    this.expectOp(')');
    return cols;
  }

  /** A Hive type such as `int`, `decimal(10, 2)` or `array<struct<a:int>>`, normalised to lowercase without spaces. */
  private typeText(): string {
    const first = this.peek();
    if (!first || first.kind !== 'ident') throw this.unexpected();
    let text = this.next().value;
    let depth = 0;
    while (this.peek()) {
      const t = this.peek()!;
      if (depth === 0 && t.text !== '(' && t.text !== '<') break;
      if (t.text === '(' || t.text === '<') depth++;
      if (t.text === ')' || t.text === '>') depth--;
      text += t.kind === 'ident' ? t.value : t.text;
      this.i++;
      if (depth === 0) break;
    }
    return text;
  }

  private partitionValues(): Record<string, string> {
    this.expectOp('(');
    const values: Record<string, string> = {};
    do {
      const key = this.name('column');
      this.expectOp('=');
      const v = this.peek();
      if (v && v.kind === 'number') values[key] = this.next().text;
      else values[key] = this.literal();
    } while (this.acceptOp(','));
    this.expectOp(')');
    return values;
  }

  private properties(): Record<string, string> {
    this.expectOp('(');
    const props: Record<string, string> = {};
    if (this.acceptOp(')')) return props;
    do {
      const key = this.literal();
      this.expectOp('=');
      props[key] = this.literal();
    } while (this.acceptOp(','));
    this.expectOp(')');
    return props;
  }

  private tableRef(): TableRef {
    const parts = [this.name('table')];
    while (this.acceptOp('.')) parts.push(this.name('table'));
    if (parts.length > 3) throw this.unexpected();
    if (parts.length === 3 && parts[0] !== 'awsdatacatalog') {
      throw new AthenaQueryError(`CATALOG_NOT_FOUND: line ${this.t[0].line}:${this.t[0].col}: Catalog '${parts[0]}' does not exist`);
    }
    return parts.length === 1 ? { table: parts[0] } : { db: parts[parts.length - 2], table: parts[parts.length - 1] };
  }

  private name(what: string): string {
    const t = this.peek();
    if (!isName(t)) throw this.unexpected();
    this.i++;
    const name = t!.kind === 'ident' ? t!.value : t!.value.toLowerCase();
    if (!VALID_NAME.test(name)) {
      throw new AthenaQueryError(
        `FAILED: ParseException line ${t!.line}:${t!.col - 1} Invalid ${what} name '${name}': names may contain only lowercase letters, numbers and underscores.`,
      );
    }
    return name;
  }

  /** A string literal; Hive DDL also accepts double quotes for strings (`"skip.header.line.count"="1"`). */
  private literal(): string {
    const t = this.peek();
    if (!t || (t.kind !== 'string' && t.kind !== 'quoted')) throw this.unexpected();
    this.i++;
    return t.value;
  }

  private ifNotExists(): boolean {
    if (!this.accept('if')) return false;
    this.expect('not');
    this.expect('exists');
    return true;
  }

  private done<S extends Statement>(s: S): S {
    if (this.peek()) throw this.unexpected();
    return s;
  }

  private skipRest(): void {
    this.i = this.t.length;
  }

  private peek(): Token | undefined {
    return this.t[this.i];
  }

  private next(): Token {
    return this.t[this.i++];
  }

  private accept(word: string): boolean {
    if (isWord(this.peek(), word)) {
      this.i++;
      return true;
    }
    return false;
  }

  private acceptAny(words: string[]): boolean {
    return words.some((w) => this.accept(w));
  }

  private expect(word: string): void {
    if (!this.accept(word)) throw this.unexpected(`'${word.toUpperCase()}'`);
  }

  private acceptOp(op: string): boolean {
    const t = this.peek();
    if (t && t.kind === 'op' && t.text === op) {
      this.i++;
      return true;
    }
    return false;
  }

  private expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.unexpected(`'${op}'`);
  }

  private unexpected(expecting?: string): AthenaQueryError {
    const t = this.peek();
    if (!t) {
      const last = this.t[this.t.length - 1];
      return syntaxError(last?.line ?? 1, (last?.col ?? 0) + (last?.text.length ?? 0), '<EOF>', expecting);
    }
    return syntaxError(t.line, t.col, t.text, expecting);
  }

  private unsupportedOrSyntax(): AthenaQueryError {
    const words = this.t.slice(0, 3).filter((t) => t.kind === 'ident').map((t) => t.value.toUpperCase());
    const known = ['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'ALTER', 'DROP', 'SHOW', 'EXPLAIN', 'UNLOAD', 'PREPARE', 'EXECUTE'];
    if (words.length && known.includes(words[0])) {
      return new AthenaQueryError(`NOT_SUPPORTED: The emulator does not run ${words.join(' ')} statements.`);
    }
    return this.unexpected();
  }
}

/** Hive accepts `'\t'`, `'\001'` and `'\u0001'` escapes in delimiters. */
function unescapeDelimiter(s: string): string {
  if (s === '\\t') return '\t';
  if (/^\\[0-7]{3}$/.test(s)) return String.fromCharCode(parseInt(s.slice(1), 8));
  if (/^\\u[0-9a-fA-F]{4}$/.test(s)) return String.fromCharCode(parseInt(s.slice(2), 16));
  return s;
}
