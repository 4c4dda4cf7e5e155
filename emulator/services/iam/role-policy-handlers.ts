import type { Handler, RequestContext } from '../../framework/types';
import { iamErrors } from './errors';
import { paginate } from './paging';
import { validatePolicyDocument } from './policy-documents';
import { markRoleChanged } from './propagation';
import { encodeDocument, requireRole } from './role-handlers';

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const POLICY_ARN = /^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/.+$/;

function checkPolicyName(name: unknown): void {
  if (typeof name !== 'string' || !POLICY_NAME.test(name)) {
    throw iamErrors.validation(name, 'policyName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  }
}

function putRolePolicy(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  checkPolicyName(input.PolicyName);
  validatePolicyDocument(input.PolicyDocument, 'identity');
  role.policies[input.PolicyName] = input.PolicyDocument;
  markRoleChanged(role, ctx.clock.now());
  ctx.runtime.markDirty();
  return {};
}

function getRolePolicy(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  const doc = Object.prototype.hasOwnProperty.call(role.policies, input.PolicyName) ? role.policies[input.PolicyName] : undefined;
  if (doc === undefined) throw iamErrors.noSuchRolePolicy(input.PolicyName);
  return { RoleName: role.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeDocument(doc) };
}

function listRolePolicies(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  const names = Object.keys(role.policies).sort();
  const { page, IsTruncated, Marker } = paginate(names, (n) => n, input.Marker, input.MaxItems);
  return { PolicyNames: page, IsTruncated, Marker };
}

function deleteRolePolicy(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  if (!Object.prototype.hasOwnProperty.call(role.policies, input.PolicyName)) throw iamErrors.noSuchRolePolicy(input.PolicyName);
  delete role.policies[input.PolicyName];
  markRoleChanged(role, ctx.clock.now());
  ctx.runtime.markDirty();
  return {};
}

// Managed policies are not modelled as resources: any well-formed policy ARN attaches. That keeps
// DeleteRole's "detach first" rule honest without a catalogue of AWS managed policies.
function attachRolePolicy(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  if (typeof input.PolicyArn !== 'string' || !POLICY_ARN.test(input.PolicyArn)) {
    throw iamErrors.invalidInput(`ARN ${input.PolicyArn} is not valid.`);
  }
  if (!role.attachedPolicies.includes(input.PolicyArn)) role.attachedPolicies.push(input.PolicyArn);
  markRoleChanged(role, ctx.clock.now());
  ctx.runtime.markDirty();
  return {};
}

function detachRolePolicy(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  if (!role.attachedPolicies.includes(input.PolicyArn)) {
    throw iamErrors.policyNotAttached(input.PolicyArn);
  }
  role.attachedPolicies = role.attachedPolicies.filter((a) => a !== input.PolicyArn);
  markRoleChanged(role, ctx.clock.now());
  ctx.runtime.markDirty();
  return {};
}

function listAttachedRolePolicies(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  const arns = role.attachedPolicies.filter((a) => !input.PathPrefix || a.split(':policy')[1]?.startsWith(input.PathPrefix)).sort();
  const { page, IsTruncated, Marker } = paginate(arns, (a) => a, input.Marker, input.MaxItems);
  return { AttachedPolicies: page.map((a) => ({ PolicyArn: a, PolicyName: a.slice(a.lastIndexOf('/') + 1) })), IsTruncated, Marker };
}

/** The operations on a role's inline and attached policies. */
export const rolePolicyHandlers: Record<string, Handler> = {
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  ListRolePolicies: listRolePolicies,
  DeleteRolePolicy: deleteRolePolicy,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
};
