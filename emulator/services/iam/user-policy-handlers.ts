import type { Handler, RequestContext } from '../../framework/types';
import { iamErrors } from './errors';
import { awsManagedPolicy } from './aws-managed-policies';
import { paginate } from './paging';
import { validatePolicyDocument } from './policy-documents';
import { encodeDocument } from './role-handlers';
import { managedPoliciesOf, type IamState } from './store';
import { requireUser } from './user-handlers';

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const POLICY_ARN = /^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/.+$/;

function checkPolicyName(name: unknown): void {
  if (typeof name !== 'string' || !POLICY_NAME.test(name)) {
    throw iamErrors.validation(name, 'policyName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  }
}

function putUserPolicy(input: any, ctx: RequestContext) {
  const user = requireUser(ctx, input.UserName);
  checkPolicyName(input.PolicyName);
  validatePolicyDocument(input.PolicyDocument, 'identity');
  user.policies[input.PolicyName] = input.PolicyDocument;
  ctx.runtime.markDirty();
  return {};
}

function getUserPolicy(input: any, ctx: RequestContext) {
  const user = requireUser(ctx, input.UserName);
  const doc = Object.prototype.hasOwnProperty.call(user.policies, input.PolicyName) ? user.policies[input.PolicyName] : undefined;
  if (doc === undefined) throw iamErrors.noSuchUserPolicy(input.PolicyName);
  return { UserName: user.UserName, PolicyName: input.PolicyName, PolicyDocument: encodeDocument(doc) };
}

function listUserPolicies(input: any, ctx: RequestContext) {
  const user = requireUser(ctx, input.UserName);
  const { page, IsTruncated, Marker } = paginate(Object.keys(user.policies).sort(), (n) => n, input.Marker, input.MaxItems);
  return { PolicyNames: page, IsTruncated, Marker };
}

function deleteUserPolicy(input: any, ctx: RequestContext) {
  const user = requireUser(ctx, input.UserName);
  if (!Object.prototype.hasOwnProperty.call(user.policies, input.PolicyName)) throw iamErrors.noSuchUserPolicy(input.PolicyName);
  delete user.policies[input.PolicyName];
  ctx.runtime.markDirty();
  return {};
}

// A customer policy must exist to be attached; AWS managed policies attach when the emulator knows them.
function attachUserPolicy(input: any, ctx: RequestContext) {
  const user = requireUser(ctx, input.UserName);
  const arn = input.PolicyArn;
  if (typeof arn !== 'string' || !POLICY_ARN.test(arn)) throw iamErrors.invalidInput(`ARN ${arn} is not valid.`);
  const known = managedPoliciesOf(ctx.state<IamState>())[arn] ?? awsManagedPolicy(arn);
  if (!known) throw iamErrors.noSuchPolicy(arn);
  if (!user.attachedPolicies.includes(arn)) user.attachedPolicies.push(arn);
  ctx.runtime.markDirty();
  return {};
}

function detachUserPolicy(input: any, ctx: RequestContext) {
  const user = requireUser(ctx, input.UserName);
  if (!user.attachedPolicies.includes(input.PolicyArn)) throw iamErrors.policyNotAttached(input.PolicyArn);
  user.attachedPolicies = user.attachedPolicies.filter((a) => a !== input.PolicyArn);
  ctx.runtime.markDirty();
  return {};
}

function listAttachedUserPolicies(input: any, ctx: RequestContext) {
  const user = requireUser(ctx, input.UserName);
  const arns = user.attachedPolicies.filter((a) => !input.PathPrefix || a.split(':policy')[1]?.startsWith(input.PathPrefix)).sort();
  const { page, IsTruncated, Marker } = paginate(arns, (a) => a, input.Marker, input.MaxItems);
  return { AttachedPolicies: page.map((a) => ({ PolicyArn: a, PolicyName: a.slice(a.lastIndexOf('/') + 1) })), IsTruncated, Marker };
}

/** The operations on a user's inline and attached policies. */
export const userPolicyHandlers: Record<string, Handler> = {
  PutUserPolicy: putUserPolicy,
  GetUserPolicy: getUserPolicy,
  ListUserPolicies: listUserPolicies,
  DeleteUserPolicy: deleteUserPolicy,
  AttachUserPolicy: attachUserPolicy,
  DetachUserPolicy: detachUserPolicy,
  ListAttachedUserPolicies: listAttachedUserPolicies,
};
