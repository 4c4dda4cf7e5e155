import { randomBytes } from 'node:crypto';
import type { Handler, RequestContext } from '../../framework/types';
import { secretOfAccessKey } from './access-key-secrets';
import { iamErrors } from './errors';
import { paginate } from './paging';
import { getUser, usersOf, type IamState, type IamUser } from './store';

const NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
const PATH_PATTERN = /^(?:\/|\/[\u0021-\u007E]+\/)$/;
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** IAM's quota: two access keys per user. */
const MAX_KEYS_PER_USER = 2;

/** An IAM id: a 4-letter prefix (AIDA user, AKIA access key, ANPA policy) and 16 base32 characters. */
export function iamId(prefix: string): string {
  const bytes = randomBytes(16);
  let id = prefix;
  for (let i = 0; i < 16; i++) id += ID_CHARS[bytes[i] % ID_CHARS.length];
  return id;
}

/** Looks a user up by name or throws IAM's NoSuchEntity. */
export function requireUser(ctx: RequestContext, name: string): IamUser {
  const user = getUser(ctx.state<IamState>(), name ?? '');
  if (!user) throw iamErrors.noSuchUser(name);
  return user;
}

function checkName(name: unknown): void {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw iamErrors.validation(name, 'userName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  }
}

function userOutput(user: IamUser, withTags: boolean) {
  return {
    Path: user.Path,
    UserName: user.UserName,
    UserId: user.UserId,
    Arn: user.Arn,
    CreateDate: new Date(user.CreateDate),
    Tags: withTags && user.Tags.length ? user.Tags : undefined,
  };
}

function createUser(input: any, ctx: RequestContext) {
  checkName(input.UserName);
  const path: string = input.Path ?? '/';
  if (!PATH_PATTERN.test(path) || path.length > 512) {
    throw iamErrors.validation(path, 'path', 'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
  }
  const state = ctx.state<IamState>();
  if (getUser(state, input.UserName)) throw iamErrors.userExists(input.UserName);
  const tags = (input.Tags ?? []).map((t: any) => ({ Key: t.Key, Value: t.Value ?? '' }));
  if (tags.length > 50) throw iamErrors.limitExceeded('The number of tags has reached the maximum limit.');
  const user: IamUser = {
    UserName: input.UserName,
    UserId: iamId('AIDA'),
    Arn: `arn:aws:iam::${ctx.accountId}:user${path}${input.UserName}`,
    Path: path,
    CreateDate: ctx.clock.now(),
    Tags: tags,
    policies: {},
    attachedPolicies: [],
    accessKeys: [],
  };
  usersOf(state)[user.UserName.toLowerCase()] = user;
  ctx.runtime.markDirty();
  return { User: userOutput(user, true) };
}

function getUserHandler(input: any, ctx: RequestContext) {
  if (input.UserName === undefined) {
    // Without a name IAM answers the caller: the root user or the signing IAM user.
    const caller = ctx.caller;
    if (caller?.userName) return { User: userOutput(requireUser(ctx, caller.userName), true) };
    return { User: { UserId: ctx.accountId, Arn: `arn:aws:iam::${ctx.accountId}:root`, CreateDate: new Date(0), Path: '/', UserName: undefined } };
  }
  return { User: userOutput(requireUser(ctx, input.UserName), true) };
}

function listUsers(input: any, ctx: RequestContext) {
  const prefix: string = input.PathPrefix ?? '/';
  const users = Object.values(usersOf(ctx.state<IamState>()))
    .filter((u) => u.Path.startsWith(prefix))
    .sort((a, b) => (a.UserName.toLowerCase() < b.UserName.toLowerCase() ? -1 : 1));
  const { page, IsTruncated, Marker } = paginate(users, (u) => u.UserName.toLowerCase(), input.Marker, input.MaxItems);
  return { Users: page.map((u) => userOutput(u, false)), IsTruncated, Marker };
}

function deleteUser(input: any, ctx: RequestContext) {
  const user = requireUser(ctx, input.UserName);
  if (user.accessKeys.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete access keys first.');
  if (Object.keys(user.policies).length > 0) throw iamErrors.deleteConflictPolicies();
  if (user.attachedPolicies.length > 0) throw iamErrors.deleteConflictAttached();
  delete usersOf(ctx.state<IamState>())[user.UserName.toLowerCase()];
  ctx.runtime.markDirty();
  return {};
}

/** The user an access-key call is about: the named one, else the signing IAM user. */
function keyOwner(input: any, ctx: RequestContext): IamUser {
  const name = input.UserName ?? ctx.caller?.userName;
  if (name === undefined) throw iamErrors.validation(null, 'userName', 'the root user\'s access keys are not emulated; name an IAM user');
  return requireUser(ctx, name);
}

function createAccessKey(input: any, ctx: RequestContext) {
  const user = keyOwner(input, ctx);
  if (user.accessKeys.length >= MAX_KEYS_PER_USER) throw iamErrors.limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`);
  const key = { AccessKeyId: iamId('AKIA'), Status: 'Active' as const, CreateDate: ctx.clock.now() };
  user.accessKeys.push(key);
  ctx.runtime.markDirty();
  // The secret is shown once, as on AWS; it is derived from the key id, never stored.
  return { AccessKey: { UserName: user.UserName, AccessKeyId: key.AccessKeyId, Status: key.Status, SecretAccessKey: secretOfAccessKey(key.AccessKeyId), CreateDate: new Date(key.CreateDate) } };
}

function findKey(user: IamUser, id: string) {
  const key = user.accessKeys.find((k) => k.AccessKeyId === id);
  if (!key) throw iamErrors.noSuchAccessKey(id);
  return key;
}

function deleteAccessKey(input: any, ctx: RequestContext) {
  const user = keyOwner(input, ctx);
  findKey(user, input.AccessKeyId);
  user.accessKeys = user.accessKeys.filter((k) => k.AccessKeyId !== input.AccessKeyId);
  ctx.runtime.markDirty();
  return {};
}

function updateAccessKey(input: any, ctx: RequestContext) {
  const user = keyOwner(input, ctx);
  if (input.Status !== 'Active' && input.Status !== 'Inactive') throw iamErrors.validation(input.Status, 'status', 'Member must satisfy enum value set: [Active, Inactive]');
  findKey(user, input.AccessKeyId).Status = input.Status;
  ctx.runtime.markDirty();
  return {};
}

function listAccessKeys(input: any, ctx: RequestContext) {
  const user = keyOwner(input, ctx);
  const { page, IsTruncated, Marker } = paginate(user.accessKeys, (k) => k.AccessKeyId, input.Marker, input.MaxItems);
  return {
    AccessKeyMetadata: page.map((k) => ({ UserName: user.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: new Date(k.CreateDate) })),
    IsTruncated,
    Marker,
  };
}

/** The user and access-key operations. */
export const userHandlers: Record<string, Handler> = {
  CreateUser: createUser,
  GetUser: getUserHandler,
  ListUsers: listUsers,
  DeleteUser: deleteUser,
  CreateAccessKey: createAccessKey,
  DeleteAccessKey: deleteAccessKey,
  UpdateAccessKey: updateAccessKey,
  ListAccessKeys: listAccessKeys,
};
