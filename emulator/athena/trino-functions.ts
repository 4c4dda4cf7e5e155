/**
 * Trino functions that DuckDB lacks or spells differently. Each is a DuckDB macro named
 * `__trino_<name>`; the rewriter renames calls to them, so DuckDB built-ins with the same name but
 * other semantics (DuckDB's `dayofweek` counts Sunday as 0, Trino's `day_of_week` is ISO) are never hit.
 */

/** Trino name → DuckDB macro body over parameters; the macro is `__trino_<name>(params)`. */
export const TRINO_MACROS: Record<string, { params: string[]; body: string }> = {
  from_iso8601_timestamp: { params: ['s'], body: 'CAST(s AS TIMESTAMPTZ)' },
  from_iso8601_date: { params: ['s'], body: 'CAST(s AS DATE)' },
  day_of_week: { params: ['t'], body: 'isodow(t)' },
  dow: { params: ['t'], body: 'isodow(t)' },
  day_of_year: { params: ['t'], body: 'dayofyear(t)' },
  doy: { params: ['t'], body: 'dayofyear(t)' },
  day_of_month: { params: ['t'], body: 'dayofmonth(t)' },
  year_of_week: { params: ['t'], body: 'isoyear(t)' },
  from_unixtime: { params: ['x'], body: 'to_timestamp(CAST(x AS DOUBLE))' },
  to_unixtime: { params: ['t'], body: 'CAST(epoch(t) AS DOUBLE)' },
  approx_distinct: { params: ['x'], body: 'approx_count_distinct(x)' },
  approx_percentile: { params: ['x', 'p'], body: 'approx_quantile(x, p)' },
  arbitrary: { params: ['x'], body: 'any_value(x)' },
  regexp_like: { params: ['s', 'p'], body: 'regexp_matches(s, p)' },
  cardinality: { params: ['a'], body: 'len(a)' },
  element_at: { params: ['a', 'i'], body: '(a)[i]' },
  split: { params: ['s', 'd'], body: 'string_split(s, d)' },
  date_format: { params: ['t', 'f'], body: 'strftime(t, f)' },
  format_datetime: { params: ['t', 'f'], body: 'strftime(t, f)' },
  date_parse: { params: ['s', 'f'], body: 'strptime(s, f)' },
  parse_datetime: { params: ['s', 'f'], body: 'CAST(strptime(s, f) AS TIMESTAMPTZ)' },
  date_add: { params: ['u', 'n', 't'], body: "t + CAST(CAST(n AS VARCHAR) || ' ' || u AS INTERVAL)" },
  to_iso8601: { params: ['t'], body: "strftime(CAST(t AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')" },
  is_nan: { params: ['x'], body: 'isnan(x)' },
  is_finite: { params: ['x'], body: 'isfinite(x)' },
  codepoint: { params: ['s'], body: 'unicode(s)' },
  json_extract_scalar: { params: ['j', 'p'], body: 'json_extract_string(j, p)' },
};

/** Which argument of a function is a format string, and in which dialect it is written. */
export const FORMAT_ARGUMENT: Record<string, { index: number; dialect: 'mysql' | 'joda' }> = {
  date_format: { index: 1, dialect: 'mysql' },
  date_parse: { index: 1, dialect: 'mysql' },
  format_datetime: { index: 1, dialect: 'joda' },
  parse_datetime: { index: 1, dialect: 'joda' },
};

/** The SQL that defines every macro (run once per DuckDB instance). */
export function macroDefinitions(): string[] {
  return Object.entries(TRINO_MACROS).map(
    ([name, m]) => `CREATE OR REPLACE MACRO __trino_${name}(${m.params.join(', ')}) AS ${m.body}`,
  );
}

const MYSQL: Record<string, string> = {
  a: '%a', b: '%b', c: '%-m', D: '%-d', d: '%d', e: '%-d', f: '%f', H: '%H', h: '%I', I: '%I', i: '%M',
  j: '%j', k: '%-H', l: '%-I', M: '%B', m: '%m', p: '%p', r: '%I:%M:%S %p', S: '%S', s: '%S',
  T: '%H:%M:%S', v: '%V', W: '%A', w: '%w', x: '%G', Y: '%Y', y: '%y', '%': '%%',
};

/** Converts a MySQL-style format (Trino's date_format/date_parse) to a DuckDB strftime format. */
export function mysqlToStrftime(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] === '%' && i + 1 < format.length) {
      const spec = format[++i];
      out += MYSQL[spec] ?? spec;
    } else out += format[i] === '%' ? '%%' : format[i];
  }
  return out;
}

const JODA: Array<[string, string]> = [
  ['yyyy', '%Y'], ['yy', '%y'], ['MMMM', '%B'], ['MMM', '%b'], ['MM', '%m'], ['M', '%-m'],
  ['dd', '%d'], ['d', '%-d'], ['HH', '%H'], ['H', '%-H'], ['hh', '%I'], ['h', '%-I'],
  ['mm', '%M'], ['m', '%-M'], ['ss', '%S'], ['s', '%-S'], ['SSSSSS', '%f'], ['SSS', '%g'],
  ['a', '%p'], ['EEEE', '%A'], ['EEE', '%a'], ['ZZ', '%z'], ['Z', '%z'], ['z', '%Z'],
];

/** Converts a Joda-Time pattern (Trino's format_datetime/parse_datetime) to a DuckDB strftime format. */
export function jodaToStrftime(format: string): string {
  let out = '';
  let i = 0;
  while (i < format.length) {
    if (format[i] === "'") {
      const end = format.indexOf("'", i + 1);
      out += format.slice(i + 1, end < 0 ? undefined : end).replace(/%/g, '%%');
      i = end < 0 ? format.length : end + 1;
      continue;
    }
    const hit = JODA.find(([p]) => format.startsWith(p, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else {
      out += format[i] === '%' ? '%%' : format[i];
      i++;
    }
  }
  return out;
}
