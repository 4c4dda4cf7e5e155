import type { Handler, RequestContext } from '../../framework/types';
import { iamErrors } from './errors';
import { paginate } from './paging';
import { validatePolicyDocument } from './policy-documents';
import { encodeDocument } from './role-handlers';
import { managedPoliciesOf, usersOf, type IamManagedPolicy, type IamState } from './store';
import { iamId } from './user-handlers';

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

function policyOutput(p: IamManagedPolicy, attachments: number) {
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: p.Description,
    CreateDate: new Date(p.CreateDate),
    UpdateDate: new Date(p.UpdateDate),
    Tags: p.Tags.length ? p.Tags : undefined,
  };
}

function attachments(state: IamState, arn: string): number {
  const users = Object.values(usersOf(state)).filter((u) => u.attachedPolicies.includes(arn)).length;
  const roles = Object.values(state.roles).filter((r) => r.attachedPolicies.includes(arn)).length;
  return users + roles;
}

function requirePolicy(ctx: RequestContext, arn: string): IamManagedPolicy {
  const p = managedPoliciesOf(ctx.state<IamState>())[arn];
  if (!p) throw iamErrors.noSuchPolicy(arn);
  return p;
}

function createPolicy(input: any, ctx: RequestContext) {
  if (typeof input.PolicyName !== 'string' || !POLICY_NAME.test(input.PolicyName)) {
    throw iamErrors.validation(input.PolicyName, 'policyName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  }
  const path: string = input.Path ?? '/';
  const arn = `arn:aws:iam::${ctx.accountId}:policy${path}${input.PolicyName}`;
  const policies = managedPoliciesOf(ctx.state<IamState>());
  if (Object.values(policies).some((p) => p.PolicyName.toLowerCase() === input.PolicyName.toLowerCase())) throw iamErrors.policyExists(input.PolicyName);
  validatePolicyDocument(input.PolicyDocument, 'identity');
  const now = ctx.clock.now();
  const policy: IamManagedPolicy = {
    PolicyName: input.PolicyName,
    PolicyId: iamId('ANPA'),
    Arn: arn,
    Path: path,
    Description: input.Description,
    CreateDate: now,
    UpdateDate: now,
    DefaultVersionId: 'v1',
    Document: input.PolicyDocument,
    Tags: (input.Tags ?? []).map((t: any) => ({ Key: t.Key, Value: t.Value ?? '' })),
  };
  policies[arn] = policy;
  ctx.runtime.markDirty();
  return { Policy: { ...policyOutput(policy, 0), Description: undefined } };
}

function getPolicy(input: any, ctx: RequestContext) {
  const p = requirePolicy(ctx, input.PolicyArn);
  return { Policy: policyOutput(p, attachments(ctx.state<IamState>(), p.Arn)) };
}

function getPolicyVersion(input: any, ctx: RequestContext) {
  const p = requirePolicy(ctx, input.PolicyArn);
  if (input.VersionId !== p.DefaultVersionId) throw iamErrors.noSuchPolicyVersion(p.Arn, input.VersionId);
  return { PolicyVersion: { Document: encodeDocument(p.Document), VersionId: p.DefaultVersionId, IsDefaultVersion: true, CreateDate: new Date(p.UpdateDate) } };
}

function deletePolicy(input: any, ctx: RequestContext) {
  const p = requirePolicy(ctx, input.PolicyArn);
  if (attachments(ctx.state<IamState>(), p.Arn) > 0) throw iamErrors.deleteConflict('Cannot delete a policy attached to entities.');
  delete managedPoliciesOf(ctx.state<IamState>())[p.Arn];
  ctx.runtime.markDirty();
  return {};
}

function listPolicies(input: any, ctx: RequestContext) {
  const state = ctx.state<IamState>();
  // Only customer managed policies are listed (Scope AWS would need AWS's whole catalogue).
  const list = input.Scope === 'AWS' ? [] : Object.values(managedPoliciesOf(state)).sort((a, b) => (a.Arn < b.Arn ? -1 : 1));
  const { page, IsTruncated, Marker } = paginate(list, (p) => p.Arn, input.Marker, input.MaxItems);
  return { Policies: page.map((p) => ({ ...policyOutput(p, attachments(state, p.Arn)), Description: undefined, Tags: undefined })), IsTruncated, Marker };
}

/** Customer managed policies: create, read, list, delete (one version each). */
export const managedPolicyHandlers: Record<string, Handler> = {
  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  GetPolicyVersion: getPolicyVersion,
  DeletePolicy: deletePolicy,
  ListPolicies: listPolicies,
};
