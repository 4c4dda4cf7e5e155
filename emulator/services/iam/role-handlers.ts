import type { Handler, RequestContext } from '../../framework/types';
import { iamErrors } from './errors';
import { paginate } from './paging';
import { validatePolicyDocument } from './policy-documents';
import { markRoleChanged } from './propagation';
import { getRole, type IamRole, type IamState } from './store';

const NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
const PATH_PATTERN = /^(?:\/|\/[\u0021-\u007E]+\/)$/;
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A role id as IAM makes them: AROA and 17 upper-case letters and digits. */
function roleId(): string {
  let id = 'AROA';
  for (let i = 0; i < 17; i++) id += ID_CHARS[Math.floor(Math.random() * ID_CHARS.length)];
  return id;
}

/** IAM's query API returns policy documents URL-encoded; the SDK hands them over undecoded. */
export function encodeDocument(text: string): string {
  return encodeURIComponent(text);
}

/** Looks a role up by name or throws IAM's NoSuchEntity. */
export function requireRole(ctx: RequestContext, name: string): IamRole {
  const role = getRole(ctx.state<IamState>(), name ?? '');
  if (!role) throw iamErrors.noSuchRole(name);
  return role;
}

function checkName(name: unknown): void {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw iamErrors.validation(name, 'roleName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  }
}

function checkTags(tags: Array<{ Key: string; Value: string }>): void {
  if (tags.length > 50) throw iamErrors.limitExceeded('The number of tags has reached the maximum limit.');
}

/** The Role shape IAM answers with; ListRoles leaves tags out, as AWS does. */
function roleOutput(role: IamRole, withTags: boolean) {
  return {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: new Date(role.CreateDate),
    AssumeRolePolicyDocument: encodeDocument(role.AssumeRolePolicyDocument),
    Description: role.Description,
    MaxSessionDuration: role.MaxSessionDuration,
    PermissionsBoundary: role.PermissionsBoundary ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.PermissionsBoundary } : undefined,
    Tags: withTags && role.Tags.length ? role.Tags : undefined,
    RoleLastUsed: withTags ? {} : undefined,
  };
}

function checkSessionDuration(value: unknown): number {
  if (value === undefined) return 3600;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 3600 || n > 43200) {
    throw iamErrors.validation(value, 'maxSessionDuration', 'Member must have value less than or equal to 43200');
  }
  return n;
}

function createRole(input: any, ctx: RequestContext) {
  checkName(input.RoleName);
  const path: string = input.Path ?? '/';
  if (!PATH_PATTERN.test(path) || path.length > 512) {
    throw iamErrors.validation(path, 'path', 'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
  }
  const state = ctx.state<IamState>();
  if (getRole(state, input.RoleName)) throw iamErrors.roleExists(input.RoleName);
  validatePolicyDocument(input.AssumeRolePolicyDocument, 'trust');
  const tags = (input.Tags ?? []).map((t: any) => ({ Key: t.Key, Value: t.Value ?? '' }));
  checkTags(tags);
  const role: IamRole = {
    RoleName: input.RoleName,
    RoleId: roleId(),
    Arn: `arn:aws:iam::${ctx.accountId}:role${path}${input.RoleName}`,
    Path: path,
    CreateDate: ctx.clock.now(),
    AssumeRolePolicyDocument: input.AssumeRolePolicyDocument,
    Description: input.Description,
    MaxSessionDuration: checkSessionDuration(input.MaxSessionDuration),
    PermissionsBoundary: input.PermissionsBoundary,
    Tags: tags,
    policies: {},
    attachedPolicies: [],
  };
  state.roles[role.RoleName.toLowerCase()] = role;
  ctx.runtime.markDirty();
  return { Role: roleOutput(role, true) };
}

function getRoleHandler(input: any, ctx: RequestContext) {
  return { Role: roleOutput(requireRole(ctx, input.RoleName), true) };
}

function listRoles(input: any, ctx: RequestContext) {
  const prefix: string = input.PathPrefix ?? '/';
  const roles = Object.values(ctx.state<IamState>().roles)
    .filter((r) => r.Path.startsWith(prefix))
    .sort((a, b) => (a.RoleName.toLowerCase() < b.RoleName.toLowerCase() ? -1 : 1));
  const { page, IsTruncated, Marker } = paginate(roles, (r) => r.RoleName.toLowerCase(), input.Marker, input.MaxItems);
  return { Roles: page.map((r) => roleOutput(r, false)), IsTruncated, Marker };
}

function deleteRole(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  if (Object.keys(role.policies).length > 0) throw iamErrors.deleteConflictPolicies();
  if (role.attachedPolicies.length > 0) throw iamErrors.deleteConflictAttached();
  delete ctx.state<IamState>().roles[role.RoleName.toLowerCase()];
  ctx.runtime.markDirty();
  return {};
}

function updateAssumeRolePolicy(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  validatePolicyDocument(input.PolicyDocument, 'trust');
  role.AssumeRolePolicyDocument = input.PolicyDocument;
  markRoleChanged(role, ctx.clock.now());
  ctx.runtime.markDirty();
  return {};
}

function updateRole(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  if (input.Description !== undefined) role.Description = input.Description;
  if (input.MaxSessionDuration !== undefined) role.MaxSessionDuration = checkSessionDuration(input.MaxSessionDuration);
  ctx.runtime.markDirty();
  return {};
}

function tagRole(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  const merged = new Map(role.Tags.map((t) => [t.Key, t.Value] as [string, string]));
  for (const t of input.Tags ?? []) merged.set(t.Key, t.Value ?? '');
  const tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
  checkTags(tags);
  role.Tags = tags;
  ctx.runtime.markDirty();
  return {};
}

function untagRole(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  const drop = new Set<string>(input.TagKeys ?? []);
  role.Tags = role.Tags.filter((t) => !drop.has(t.Key));
  ctx.runtime.markDirty();
  return {};
}

function listRoleTags(input: any, ctx: RequestContext) {
  const role = requireRole(ctx, input.RoleName);
  const { page, IsTruncated, Marker } = paginate([...role.Tags].sort((a, b) => (a.Key < b.Key ? -1 : 1)), (t) => t.Key, input.Marker, input.MaxItems);
  return { Tags: page, IsTruncated, Marker };
}

/** The role operations. */
export const roleHandlers: Record<string, Handler> = {
  CreateRole: createRole,
  GetRole: getRoleHandler,
  ListRoles: listRoles,
  DeleteRole: deleteRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  UpdateRole: updateRole,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
};
