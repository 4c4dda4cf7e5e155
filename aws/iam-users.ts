// IAM helpers for users: create a user and an access key, read a user, delete keys, inline policies and the user.
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUserPoliciesCommand,
  PutUserPolicyCommand,
  type User,
} from '@aws-sdk/client-iam';
import type { Iam, Log } from './iam';

/** Creates a user with tags; returns its ARN. */
export async function createUser(iam: Iam, name: string, tags: Record<string, string>, log: Log): Promise<string> {
  log(`Creating IAM user ${name}`);
  const out = await iam.send(new CreateUserCommand({ UserName: name, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
  return out.User!.Arn!;
}

/** Creates an access key of a user; the secret is returned once, as AWS does (never log it). */
export async function createAccessKey(iam: Iam, userName: string, log: Log): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  log(`Creating an access key for IAM user ${userName}`);
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

/** The user of this name, or undefined. */
export async function getUser(iam: Iam, name: string): Promise<User | undefined> {
  try {
    return (await iam.send(new GetUserCommand({ UserName: name }))).User;
  } catch (err) {
    if ((err as Error).name === 'NoSuchEntity' || (err as Error).name === 'NoSuchEntityException') return undefined;
    throw err;
  }
}

/** Puts (replaces) an inline policy of a user. */
export async function putUserPolicy(iam: Iam, userName: string, policyName: string, document: string, log: Log): Promise<void> {
  log(`Putting inline policy ${policyName} on IAM user ${userName}`);
  await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: document }));
}

/** Deletes one access key of a user. */
export async function deleteAccessKey(iam: Iam, userName: string, accessKeyId: string, log: Log): Promise<void> {
  log(`Deleting access key ${accessKeyId} of IAM user ${userName}`);
  await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }));
}

/** Deletes a user with its access keys and inline policies (DeleteUser refuses a user that has any). */
export async function deleteUser(iam: Iam, name: string, log: Log): Promise<void> {
  for (const k of (await iam.send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ?? []) await deleteAccessKey(iam, name, k.AccessKeyId!, log);
  for (const p of (await iam.send(new ListUserPoliciesCommand({ UserName: name }))).PolicyNames ?? []) {
    log(`Deleting inline policy ${p} of IAM user ${name}`);
    await iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: p }));
  }
  log(`Deleting IAM user ${name}`);
  await iam.send(new DeleteUserCommand({ UserName: name }));
}
