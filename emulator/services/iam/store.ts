/** An IAM role as the emulator keeps it. Policy documents are stored decoded, exactly as submitted. */
export interface IamRole {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  /** Epoch milliseconds. */
  CreateDate: number;
  /** The trust policy, decoded JSON text. */
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  PermissionsBoundary?: string;
  Tags: Array<{ Key: string; Value: string }>;
  /** Inline policies by name, decoded JSON text. */
  policies: Record<string, string>;
  /** Managed policy ARNs attached to the role. */
  attachedPolicies: string[];
}

/** An IAM user's access key. The secret is kept only to answer CreateAccessKey once; it is never logged. */
export interface IamAccessKey {
  AccessKeyId: string;
  Status: 'Active' | 'Inactive';
  /** Epoch milliseconds. */
  CreateDate: number;
}

/** An IAM user as the emulator keeps it. */
export interface IamUser {
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  /** Epoch milliseconds. */
  CreateDate: number;
  Tags: Array<{ Key: string; Value: string }>;
  /** Inline policies by name, decoded JSON text. */
  policies: Record<string, string>;
  /** Managed policy ARNs attached to the user. */
  attachedPolicies: string[];
  accessKeys: IamAccessKey[];
}

/** A customer managed policy (one version: the emulator keeps the default version only). */
export interface IamManagedPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description?: string;
  /** Epoch milliseconds. */
  CreateDate: number;
  UpdateDate: number;
  DefaultVersionId: string;
  /** Decoded JSON text of the default version. */
  Document: string;
  Tags: Array<{ Key: string; Value: string }>;
}

/** IAM state for one account. Role and user names are unique regardless of case, so they are keyed lower-cased. */
export interface IamState {
  roles: Record<string, IamRole>;
  /** Users (absent in snapshots saved before users existed). */
  users?: Record<string, IamUser>;
  /** Customer managed policies by ARN. */
  managedPolicies?: Record<string, IamManagedPolicy>;
}

/** An empty IAM state. */
export function createIamState(): IamState {
  return { roles: {}, users: {}, managedPolicies: {} };
}

/** The users of an account (created on first use for older snapshots). */
export function usersOf(state: IamState): Record<string, IamUser> {
  return (state.users ??= {});
}

/** The customer managed policies of an account, by ARN. */
export function managedPoliciesOf(state: IamState): Record<string, IamManagedPolicy> {
  return (state.managedPolicies ??= {});
}

/** The user with that name (case-insensitive), or undefined. */
export function getUser(state: IamState, name: string): IamUser | undefined {
  const users = usersOf(state);
  const key = String(name).toLowerCase();
  return Object.prototype.hasOwnProperty.call(users, key) ? users[key] : undefined;
}

/** The user owning an access key id, or undefined. */
export function userByAccessKey(state: IamState, accessKeyId: string): IamUser | undefined {
  return Object.values(usersOf(state)).find((u) => u.accessKeys.some((k) => k.AccessKeyId === accessKeyId));
}

/** The role with that name (IAM names are case-insensitive), or undefined. */
export function getRole(state: IamState, name: string): IamRole | undefined {
  const key = name.toLowerCase();
  return Object.prototype.hasOwnProperty.call(state.roles, key) ? state.roles[key] : undefined;
}

/** The role an ARN names, or undefined when it does not exist (the path in the ARN must match too). */
export function getRoleByArn(state: IamState, arn: string): IamRole | undefined {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):role(\/.*)?\/([\w+=,.@-]+)$/.exec(arn);
  if (!m) return undefined;
  const role = getRole(state, m[3]);
  return role && role.Arn === arn ? role : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * True when the role's trust policy lets an AWS service assume it: an Allow statement whose actions
 * include sts:AssumeRole (or sts:* or *) and whose Principal.Service is, or lists, that service.
 */
export function roleTrustsService(role: Pick<IamRole, 'AssumeRolePolicyDocument'>, service: string): boolean {
  let doc: any;
  try {
    doc = JSON.parse(role.AssumeRolePolicyDocument);
  } catch {
    return false;
  }
  return asArray(doc?.Statement).some((s: any) => {
    if (s?.Effect !== 'Allow') return false;
    const actions = asArray(s.Action).map((a) => String(a).toLowerCase());
    if (!actions.some((a) => a === 'sts:assumerole' || a === 'sts:*' || a === '*')) return false;
    return asArray(s.Principal?.Service).includes(service);
  });
}
