import { policyProblem } from '../../policy/grammar';
import { iamErrors } from './errors';

/** Which kind of policy is being checked: trust policies need a Principal, identity policies must not have one. */
export type PolicyKind = 'trust' | 'identity';

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * Checks a policy document the way IAM does before storing it, throwing MalformedPolicyDocument with
 * IAM's wording. IAM's grammar is larger than this; these are the mistakes people make in labs.
 */
export function validatePolicyDocument(text: unknown, kind: PolicyKind): void {
  if (typeof text !== 'string' || text.trim() === '') throw iamErrors.malformedPolicy('Syntax errors in policy.');
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch {
    throw iamErrors.malformedPolicy('This policy contains invalid Json');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw iamErrors.malformedPolicy('Syntax errors in policy.');
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
    throw iamErrors.malformedPolicy('The policy failed legacy parsing');
  }
  const statements = asArray(doc.Statement);
  if (statements.length === 0) throw iamErrors.malformedPolicy('Syntax errors in policy.');
  for (const s of statements as any[]) {
    if (typeof s !== 'object' || s === null) throw iamErrors.malformedPolicy('Syntax errors in policy.');
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw iamErrors.malformedPolicy('Syntax errors in policy.');
    if (s.Action === undefined && s.NotAction === undefined) throw iamErrors.malformedPolicy('Policy statement must contain actions.');
    if (kind === 'trust') {
      if (s.Resource !== undefined || s.NotResource !== undefined) throw iamErrors.malformedPolicy('Has prohibited field Resource');
      if (s.Principal === undefined && s.NotPrincipal === undefined) throw iamErrors.malformedPolicy('Missing required field Principal');
    } else {
      if (s.Principal !== undefined || s.NotPrincipal !== undefined) throw iamErrors.malformedPolicy('Policy document should not specify a principal.');
      if (s.Resource === undefined && s.NotResource === undefined) throw iamErrors.malformedPolicy('Policy statement must contain resources.');
    }
  }
  // Then the shared grammar: actions prefaced by a vendor, principals, resources, conditions.
  const problem = policyProblem(doc, { flavor: kind });
  if (problem) throw iamErrors.malformedPolicy(problem.iam);
}
