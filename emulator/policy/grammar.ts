/**
 * The grammar of AWS access-policy documents (IAM identity and trust policies, S3 bucket policies),
 * as a pure validator: it parses nothing but the JSON value it is given, changes nothing, and says
 * what is wrong in the words of both services that store policies — S3's `MalformedPolicy` messages
 * and IAM's `MalformedPolicyDocument` messages. Evaluation (does a policy allow a call) is not here;
 * an evaluator can run this first and trust the shape afterwards.
 */

/** Which kind of document: identity (no Principal, needs Resource), trust (needs Principal, no Resource), bucket (both, within the bucket). */
export type PolicyFlavor = 'identity' | 'trust' | 'bucket';

/** What is wrong with a document, in S3's and in IAM's wording. */
export interface GrammarProblem {
  /** The statement (0-based) the problem is in, if any. */
  statement?: number;
  s3: string;
  iam: string;
}

/** Options of `policyProblem`. */
export interface GrammarOptions {
  flavor: PolicyFlavor;
  /** For bucket policies: the bucket every Resource must lie in. */
  bucket?: string;
}

const VERSIONS = ['2012-10-17', '2008-10-17'];
const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
// `service:Action` with IAM's wildcards; the vendor prefix is lower case letters, digits and dashes.
const ACTION = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/;

/** The first grammar problem of a parsed policy document, or undefined when it is well formed. */
export function policyProblem(doc: unknown, opts: GrammarOptions): GrammarProblem | undefined {
  if (!isObject(doc)) return { s3: "Policies must be valid JSON and the first byte must be '{'", iam: 'Syntax errors in policy.' };
  if (doc.Version !== undefined && !VERSIONS.includes(doc.Version as string)) {
    return { s3: 'The policy must contain a valid version string', iam: 'The policy failed legacy parsing' };
  }
  if (doc.Statement === undefined) return { s3: 'Missing required field Statement', iam: 'Syntax errors in policy.' };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (statements.length === 0) return { s3: 'Could not parse the policy: Statement is empty!', iam: 'Syntax errors in policy.' };
  for (let i = 0; i < statements.length; i++) {
    const problem = statementProblem(statements[i], opts);
    if (problem) return { statement: i, ...problem };
  }
  return undefined;
}

function statementProblem(s: unknown, opts: GrammarOptions): Omit<GrammarProblem, 'statement'> | undefined {
  if (!isObject(s)) return { s3: 'Invalid policy syntax.', iam: 'Syntax errors in policy.' };
  if (s.Effect === undefined) return { s3: 'Missing required field Effect', iam: 'Syntax errors in policy.' };
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return { s3: `Invalid effect: ${String(s.Effect)}`, iam: 'Syntax errors in policy.' };
  if (s.Sid !== undefined && typeof s.Sid !== 'string') return { s3: 'Invalid policy syntax.', iam: 'Syntax errors in policy.' };
  return actionProblem(s, opts) ?? principalProblem(s, opts) ?? resourceProblem(s, opts) ?? conditionProblem(s);
}

function actionProblem(s: Record<string, unknown>, opts: GrammarOptions): Omit<GrammarProblem, 'statement'> | undefined {
  const given = s.Action ?? s.NotAction;
  if (given === undefined || (s.Action !== undefined && s.NotAction !== undefined)) return { s3: 'Missing required field Action', iam: 'Policy statement must contain actions.' };
  const actions = strings(given);
  if (!actions || actions.length === 0) return { s3: 'Policy has invalid action', iam: 'Syntax errors in policy.' };
  for (const action of actions) {
    if (action === '*') continue;
    const m = ACTION.exec(action);
    if (!m) return { s3: 'Policy has invalid action', iam: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' };
    // A bucket policy governs S3 only; a trust policy only the sts:Assume* actions.
    if (opts.flavor === 'bucket' && m[1] !== 's3') return { s3: 'Policy has invalid action', iam: 'Policy has invalid action' };
    if (opts.flavor === 'trust' && m[1] !== 'sts') return { s3: 'Policy has invalid action', iam: 'Trust policy can only contain sts actions.' };
  }
  return undefined;
}

function principalProblem(s: Record<string, unknown>, opts: GrammarOptions): Omit<GrammarProblem, 'statement'> | undefined {
  const given = s.Principal ?? s.NotPrincipal;
  if (opts.flavor === 'identity') {
    return given === undefined ? undefined : { s3: 'Invalid principal in policy', iam: 'Policy document should not specify a principal.' };
  }
  if (given === undefined) return { s3: 'Missing required field Principal', iam: 'Missing required field Principal' };
  if (given === '*') return undefined;
  if (!isObject(given) || Object.keys(given).length === 0) return { s3: 'Invalid principal in policy', iam: 'Invalid principal in policy' };
  for (const [kind, value] of Object.entries(given)) {
    const list = strings(value);
    if (!PRINCIPAL_KEYS.includes(kind) || !list || list.length === 0) return { s3: 'Invalid principal in policy', iam: `Invalid principal in policy: "${kind}"` };
    for (const p of list) if (!principalOk(kind, p)) return { s3: 'Invalid principal in policy', iam: `Invalid principal in policy: "${kind}":"${p}"` };
  }
  return undefined;
}

function principalOk(kind: string, p: string): boolean {
  if (kind === 'AWS') return p === '*' || /^\d{12}$/.test(p) || /^arn:aws[a-z-]*:(iam|sts)::(\d{12}|aws):.+$/.test(p);
  if (kind === 'Service') return /^[a-z0-9][a-z0-9.-]*\.[a-z0-9.-]+$/.test(p);
  if (kind === 'CanonicalUser') return /^[0-9a-f]{64}$/.test(p);
  return p.length > 0;
}

function resourceProblem(s: Record<string, unknown>, opts: GrammarOptions): Omit<GrammarProblem, 'statement'> | undefined {
  const given = s.Resource ?? s.NotResource;
  if (opts.flavor === 'trust') return given === undefined ? undefined : { s3: 'Policy has invalid resource', iam: 'Has prohibited field Resource' };
  if (given === undefined) return { s3: 'Missing required field Resource', iam: 'Policy statement must contain resources.' };
  const resources = strings(given);
  if (!resources || resources.length === 0) return { s3: 'Policy has invalid resource', iam: 'Syntax errors in policy.' };
  for (const r of resources) {
    if (opts.flavor === 'bucket' && !withinBucket(r, opts.bucket ?? '')) return { s3: 'Policy has invalid resource', iam: 'Policy has invalid resource' };
    if (opts.flavor === 'identity' && r !== '*' && !r.startsWith('arn:')) return { s3: 'Policy has invalid resource', iam: `Resource ${r} must be in ARN format or "*".` };
  }
  return undefined;
}

/** Does an S3 resource ARN (wildcards allowed) name the bucket or objects in it? */
function withinBucket(resource: string, bucket: string): boolean {
  const m = /^arn:aws[a-z-]*:s3:::([^/]+)(\/.*)?$/.exec(resource);
  if (!m) return false;
  if (m[1] === bucket) return true;
  if (!/[*?]/.test(m[1])) return false;
  const glob = new RegExp(`^${m[1].replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return glob.test(bucket);
}

function conditionProblem(s: Record<string, unknown>): Omit<GrammarProblem, 'statement'> | undefined {
  if (s.Condition === undefined) return undefined;
  if (!isObject(s.Condition)) return { s3: 'Invalid Condition', iam: 'Syntax errors in policy.' };
  for (const block of Object.values(s.Condition)) if (!isObject(block)) return { s3: 'Invalid Condition', iam: 'Syntax errors in policy.' };
  return undefined;
}

function strings(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  return list.every((v) => typeof v === 'string' && v.length > 0) ? (list as string[]) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
