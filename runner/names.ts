// Run-scoped names. A lab's fixtures keep the names the lab text gives (a log group `AppLogs`, an alarm `High errors`,
// a table `default.app_logs`); a run gives every resource it creates the lab's name plus the run's
// suffix, within what AWS allows for that kind of name, so runs in one account never collide with
// each other or with what the account already holds. `check` (and `run --lab-names`) use the
// literal names. Building blocks take names as parameters; `named()` binds them per run.

/** Kinds of AWS names, each with its own charset and length limit. */
export type NameKind =
  | 's3-bucket'
  | 'iam-role'
  | 'log-group'
  | 'metric-filter'
  | 'metric-namespace'
  | 'alarm'
  | 'sns-topic'
  | 'key-pair'
  | 'security-group'
  | 'athena-database'
  | 'athena-table'
  | 'athena-workgroup'
  | 'cloudtrail-trail'
  | 'iam-user';

/** The lab's literal names that a run scopes, each with the kind of AWS name it is. */
export type LabNames = Readonly<Record<string, NameKind>>;

/** The names one run uses: the lab's literal name → the run's name for it. */
export interface RunNames {
  /** Whether the names carry the run's suffix (false: the lab's literal names). */
  readonly scoped: boolean;
  /** The run's name for one of the lab's literal names (a name the lab did not declare is returned as is). */
  of(literal: string): string;
  /** Every declared name: [literal, the run's name, kind]. */
  entries(): Array<[string, string, NameKind]>;
}

interface Rule {
  max: number;
  /** Characters the name may not hold, replaced by `sep`. */
  bad: RegExp;
  sep: string;
  lower?: boolean;
  /** What the kind asks of the whole name beyond its charset (first and last characters, runs of separators). */
  finish?(name: string): string;
}

// AWS's limits: S3 bucket names 3–63 lowercase letters, digits and hyphens; IAM role names 64 of
// [\w+=,.@-]; log groups 512 of [.-_/#A-Za-z0-9]; metric filters 512 without ':' or '*'; alarms
// 255; SNS topics 256 of [A-Za-z0-9_-]; key pairs 255 ASCII; security groups 255; Glue (Athena)
// databases and tables 255 lowercase letters, digits and underscores (128 kept for older engines);
// Athena workgroups 128 of [A-Za-z0-9._-]; metric namespaces 255 of [A-Za-z0-9.-_/#: ]; CloudTrail
// trails 3–128 of [A-Za-z0-9._-], starting and ending with a letter or digit, no two of `._-` next to
// each other (CloudTrail User Guide, "Naming requirements"); IAM user names 64 of [\w+=,.@-].
const RULES: Record<NameKind, Rule> = {
  // S3 bucket names start and end with a letter or digit.
  's3-bucket': { max: 63, bad: /[^a-z0-9-]/g, sep: '-', lower: true, finish: (n) => n.replace(/^-+|-+$/g, '') },
  'iam-role': { max: 64, bad: /[^\w+=,.@-]/g, sep: '-' },
  'log-group': { max: 512, bad: /[^.\-_/#A-Za-z0-9]/g, sep: '-' },
  'metric-filter': { max: 512, bad: /[:*]/g, sep: '-' },
  'metric-namespace': { max: 255, bad: /[^A-Za-z0-9.\-_/#: ]/g, sep: '/' },
  alarm: { max: 255, bad: /[^\x20-\x7e]/g, sep: '-' },
  'sns-topic': { max: 256, bad: /[^A-Za-z0-9_-]/g, sep: '-' },
  'key-pair': { max: 255, bad: /[^\x20-\x7e]/g, sep: '-' },
  'security-group': { max: 255, bad: /[^A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g, sep: '-' },
  'athena-database': { max: 128, bad: /[^a-z0-9_]/g, sep: '_', lower: true },
  'athena-table': { max: 128, bad: /[^a-z0-9_]/g, sep: '_', lower: true },
  'athena-workgroup': { max: 128, bad: /[^A-Za-z0-9._-]/g, sep: '-' },
  'cloudtrail-trail': { max: 128, bad: /[^A-Za-z0-9._-]/g, sep: '-', finish: (n) => n.replace(/[._-]{2,}/g, (run) => run[0]).replace(/^[._-]+|[._-]+$/g, '') },
  'iam-user': { max: 64, bad: /[^\w+=,.@-]/g, sep: '-' },
};

/**
 * The run's name for one literal name: `<literal><sep><run id>` within the kind's charset and
 * length; a long literal is cut, never the suffix (the suffix is what keeps runs apart).
 */
export function scopedName(literal: string, kind: NameKind, runId: string): string {
  // A table is scoped by its database, which is the run's own: the lab's SQL keeps its table name.
  if (kind === 'athena-table') return literal;
  const r = RULES[kind];
  const clean = (s: string) => (r.lower ? s.toLowerCase() : s).replace(r.bad, r.sep);
  const suffix = clean(runId);
  const head = clean(literal).slice(0, Math.max(1, r.max - suffix.length - r.sep.length));
  const name = `${head}${r.sep}${suffix}`.slice(0, r.max);
  return r.finish ? r.finish(name) : name;
}

/** The names of a run: each declared literal name scoped by the run id. */
export function scopedNames(names: LabNames, runId: string): RunNames {
  return namesFrom(names, (literal, kind) => scopedName(literal, kind, runId), true);
}

/** The lab's literal names (`check`, `run --lab-names`, verify-checks on a fresh emulator). */
export function literalNames(names: LabNames = {}): RunNames {
  return namesFrom(names, (literal) => literal, false);
}

function namesFrom(names: LabNames, map: (literal: string, kind: NameKind) => string, scoped: boolean): RunNames {
  const table = new Map(Object.entries(names).map(([literal, kind]) => [literal, map(literal, kind)]));
  return {
    scoped,
    of: (literal) => table.get(literal) ?? literal,
    entries: () => Object.entries(names).map(([literal, kind]) => [literal, table.get(literal)!, kind]),
  };
}

/** The run's name for a literal in a step's context (literal when the context has no names). */
export function nameIn(ctx: { names?: RunNames }, literal: string): string {
  return ctx.names ? ctx.names.of(literal) : literal;
}

/**
 * A copy of `params` where every string equal to one of the lab's declared literal names is the
 * run's name for it (deeply, through plain objects and arrays; functions are kept as they are).
 */
export function bindNames<P>(params: P, names: RunNames | undefined): P {
  if (!names?.scoped) return params;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return names.of(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(params) as P;
}

/**
 * A building block bound to parameters that hold the lab's literal names: each run calls the
 * factory with the names of that run (`ctx.names`), once per set of names.
 */
export function named<P, C extends { names?: RunNames }, R>(factory: (p: P) => (ctx: C) => R, params: P): (ctx: C) => R {
  const literal = factory(params);
  const bound = new WeakMap<RunNames, (ctx: C) => R>();
  return (ctx) => {
    const names = ctx.names;
    if (!names?.scoped) return literal(ctx);
    let fn = bound.get(names);
    if (!fn) bound.set(names, (fn = factory(bindNames(params, names))));
    return fn(ctx);
  };
}
