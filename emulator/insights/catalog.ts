// The functions the query language knows, with their arities. The parser checks names and argument
// counts against this table so a typo fails at StartQuery (MalformedQueryException) rather than at run time.

/** Arity and kind of one function. `max` of Infinity means variadic. */
export interface FunctionSignature {
  min: number;
  max: number;
  aggregate: boolean;
}

function sig(min: number, max: number, aggregate = false): FunctionSignature {
  return { min, max, aggregate };
}

/** Every function by its lower-case name (Insights function names are case-insensitive). */
export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  // stats
  count: sig(0, 1, true),
  count_distinct: sig(1, 1, true),
  sum: sig(1, 1, true),
  avg: sig(1, 1, true),
  min: sig(1, 1, true),
  max: sig(1, 1, true),
  pct: sig(2, 2, true),
  percentile: sig(2, 2, true),
  stddev: sig(1, 1, true),
  earliest: sig(1, 1, true),
  latest: sig(1, 1, true),
  sortsfirst: sig(1, 1, true),
  sortslast: sig(1, 1, true),
  // time
  bin: sig(1, 1),
  datefloor: sig(2, 2),
  dateceil: sig(2, 2),
  frommillis: sig(1, 1),
  tomillis: sig(1, 1),
  // general
  ispresent: sig(1, 1),
  coalesce: sig(1, Infinity),
  isempty: sig(1, 1),
  isblank: sig(1, 1),
  concat: sig(1, Infinity),
  ltrim: sig(1, 2),
  rtrim: sig(1, 2),
  trim: sig(1, 2),
  strlen: sig(1, 1),
  toupper: sig(1, 1),
  tolower: sig(1, 1),
  substr: sig(2, 3),
  replace: sig(3, 3),
  strcontains: sig(2, 2),
  // math
  abs: sig(1, 1),
  ceil: sig(1, 1),
  floor: sig(1, 1),
  greatest: sig(1, Infinity),
  least: sig(1, Infinity),
  log: sig(1, 1),
  sqrt: sig(1, 1),
  // IP
  isvalidip: sig(1, 1),
  isvalidipv4: sig(1, 1),
  isvalidipv6: sig(1, 1),
  isipinsubnet: sig(2, 2),
  isipv4insubnet: sig(2, 2),
  isipv6insubnet: sig(2, 2),
};
