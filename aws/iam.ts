// IAM helpers for the flow-log delivery role: create, read, find by name, delete.
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  type IAMClient,
  type Role,
} from '@aws-sdk/client-iam';
import { findWithin, type Visibility } from './idempotent';

/** The only IAM client method the helpers use. */
export type Iam = Pick<IAMClient, 'send'>;
/** One console line per mutating call. */
export type Log = (line: string) => void;

/** Creates a role with a trust policy; returns its ARN. */
export async function createRole(iam: Iam, name: string, trustPolicy: string, tags: Record<string, string>, log: Log, opts: { visibility?: Visibility } = {}): Promise<string> {
  log(`Creating IAM role ${name}`);
  try {
    const out = await iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
    );
    return out.Role!.Arn!;
  } catch (err) {
    // A retry after a lost answer finds the role made: it is ours when it carries exactly our tags.
    if ((err as Error).name !== 'EntityAlreadyExistsException' && (err as Error).name !== 'EntityAlreadyExists') throw err;
    const role = await findWithin(() => getRole(iam, name), opts.visibility);
    const ours = role && Object.entries(tags).every(([k, v]) => role.Tags?.some((t) => t.Key === k && t.Value === v));
    if (!ours || !role.Arn) throw err;
    return role.Arn;
  }
}

/** Puts an inline policy on a role. */
export async function putRolePolicy(iam: Iam, roleName: string, policyName: string, document: string, log: Log): Promise<void> {
  log(`Putting inline policy ${policyName} on role ${roleName}`);
  await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document }));
}

/** The role with this name, or undefined. */
export async function getRole(iam: Iam, name: string): Promise<Role | undefined> {
  try {
    return (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
  } catch (err) {
    if ((err as Error).name === 'NoSuchEntity' || (err as Error).name === 'NoSuchEntityException') return undefined;
    throw err;
  }
}

/** Roles whose name starts with `prefix` (paged through ListRoles). */
export async function findRolesByName(iam: Iam, prefix: string): Promise<Role[]> {
  const out: Role[] = [];
  let Marker: string | undefined;
  do {
    const page = await iam.send(new ListRolesCommand({ Marker }));
    out.push(...(page.Roles ?? []).filter((r) => r.RoleName?.startsWith(prefix)));
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return out;
}

/** Names of a role's inline policies. */
export async function listRolePolicies(iam: Iam, roleName: string): Promise<string[]> {
  const out = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
  return out.PolicyNames ?? [];
}

/** Deletes an inline policy of a role. */
export async function deleteRolePolicy(iam: Iam, roleName: string, policyName: string, log: Log): Promise<void> {
  log(`Deleting inline policy ${policyName} of role ${roleName}`);
  await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
}

/** Deletes a role (its inline policies must be gone). */
export async function deleteRole(iam: Iam, name: string, log: Log): Promise<void> {
  log(`Deleting IAM role ${name}`);
  await iam.send(new DeleteRoleCommand({ RoleName: name }));
}
