/**
 * IAM's identity-policy evaluation (docs: "Policy evaluation logic"): an explicit Deny in any
 * statement wins, else an Allow grants, else the request is implicitly denied. Documents are taken
 * as already valid (a separate grammar validator rejects malformed ones); what cannot be read here
 * grants nothing.
 */

/** What is being asked: one action on one resource, with the context keys conditions may test. */
export interface AuthzRequest {
  /** `service:Action`, e.g. `ec2:DescribeInstances` (matched case-insensitively). */
  action: string;
  /** The resource ARN, or `*` when the emulator cannot name it. */
  resource: string;
  /** Condition context keys (lower-cased names), e.g. `aws:requestedregion`, `aws:username`. */
  context?: Record<string, string>;
}

/** The outcome, with the kind of denial the error message names. */
export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

function list(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

const patterns = new Map<string, RegExp>();

/** IAM's wildcard match: `*` any run of characters, `?` one character; `ci` for case-insensitive (actions). */
export function wildcardMatch(pattern: string, value: string, ci = false): boolean {
  const key = `${ci ? 'i' : 's'}${pattern}`;
  let re = patterns.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, ci ? 'is' : 's');
    patterns.set(key, re);
  }
  return re.test(value);
}

// Policy variables such as ${aws:username} are replaced from the request context in Resource values.
function substitute(pattern: string, context: Record<string, string>): string {
  return pattern.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    return context[name.toLowerCase()] ?? whole;
  });
}

function actionMatches(s: Statement, action: string): boolean {
  if (s.Action !== undefined) return list(s.Action).some((p) => wildcardMatch(p, action, true));
  if (s.NotAction !== undefined) return !list(s.NotAction).some((p) => wildcardMatch(p, action, true));
  return false;
}

// A request whose resource the emulator cannot name (`*`) matches every Resource pattern: the
// emulator does not know the resource types of every action, and should not deny what AWS allows.
function resourceMatches(s: Statement, resource: string, context: Record<string, string>): boolean {
  const hit = (p: string) => resource === '*' || wildcardMatch(substitute(p, context), resource);
  if (s.Resource !== undefined) return list(s.Resource).some(hit);
  if (s.NotResource !== undefined) return resource === '*' || !list(s.NotResource).some(hit);
  return false;
}

/**
 * The condition operators implemented: String(Not)Equals(IgnoreCase), String(Not)Like, Bool, and the
 * IfExists forms. A key the request does not carry fails the test (so an Allow does not grant and a
 * Deny does not deny), except with IfExists; an unknown operator fails too.
 */
function conditionsHold(s: Statement, context: Record<string, string>): boolean {
  if (!s.Condition) return true;
  for (const [rawOp, tests] of Object.entries(s.Condition)) {
    const ifExists = rawOp.endsWith('IfExists');
    const op = ifExists ? rawOp.slice(0, -'IfExists'.length) : rawOp;
    for (const [key, expected] of Object.entries(tests ?? {})) {
      const actual = context[key.toLowerCase()];
      if (actual === undefined) {
        if (ifExists) continue;
        return false;
      }
      const values = list(expected);
      if (!testOperator(op, actual, values)) return false;
    }
  }
  return true;
}

function testOperator(op: string, actual: string, values: string[]): boolean {
  switch (op) {
    case 'StringEquals':
      return values.includes(actual);
    case 'StringNotEquals':
      return !values.includes(actual);
    case 'StringEqualsIgnoreCase':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringNotEqualsIgnoreCase':
      return !values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringLike':
      return values.some((v) => wildcardMatch(v, actual));
    case 'StringNotLike':
      return !values.some((v) => wildcardMatch(v, actual));
    case 'Bool':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    default:
      return false;
  }
}

function statementsOf(document: string): Statement[] {
  try {
    const doc = JSON.parse(document) as { Statement?: Statement | Statement[] };
    const s = doc?.Statement;
    return (Array.isArray(s) ? s : s ? [s] : []).filter((x) => x && typeof x === 'object');
  } catch {
    return [];
  }
}

/** Evaluates a request against a principal's identity policies (JSON texts): explicit deny > allow > implicit deny. */
export function evaluate(documents: string[], request: AuthzRequest): Decision {
  const context = request.context ?? {};
  let allowed = false;
  for (const document of documents) {
    for (const s of statementsOf(document)) {
      if (!actionMatches(s, request.action) || !resourceMatches(s, request.resource, context) || !conditionsHold(s, context)) continue;
      if (s.Effect === 'Deny') return 'ExplicitDeny';
      if (s.Effect === 'Allow') allowed = true;
    }
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}
