import { pairMemo } from '../framework/pair-memo';
import type { Caller, EmulatorRuntime } from '../framework/types';
import { awsManagedPolicy } from '../services/iam/aws-managed-policies';
import { managedPoliciesOf, userByAccessKey, type IamState, type IamUser } from '../services/iam/store';

/** Keys IAM issues to users start with AKIA (long-term) — only those are looked up. */
export function looksIamIssued(accessKeyId: string | undefined): accessKeyId is string {
  return !!accessKeyId && /^AKIA[A-Z0-9]{12,124}$/.test(accessKeyId);
}

/** The account and user owning an active access key, across every account with IAM state. */
export function findKeyOwner(runtime: EmulatorRuntime, accessKeyId: string): { accountId: string; user: IamUser } | undefined {
  for (const { accountId } of runtime.scopesOf?.('iam') ?? []) {
    const state = runtime.stateOf!<IamState>('iam', accountId, 'us-east-1');
    const user = userByAccessKey(state, accessKeyId);
    if (user && user.accessKeys.some((k) => k.AccessKeyId === accessKeyId && k.Status === 'Active')) return { accountId, user };
  }
  return undefined;
}

/** The caller a user's key makes. */
export function userCaller(user: IamUser, accessKeyId: string): Caller {
  return { type: 'IAMUser', arn: user.Arn, principalId: user.UserId, userName: user.UserName, accessKeyId };
}

/** The account root as a caller (the default `test` credentials and any non-IAM key). */
export function rootCaller(accountId: string, accessKeyId?: string): Caller {
  return rootCallers(accountId, accessKeyId ?? '');
}
// Every request signed with the same key has the same root caller: one frozen object is shared (it is
// kept by each CloudTrail event of the call) instead of a new one per request.
const rootCallers = pairMemo(
  (accountId, accessKeyId): Caller =>
    Object.freeze({ type: 'Root', arn: `arn:aws:iam::${accountId}:root`, principalId: accountId, ...(accessKeyId ? { accessKeyId } : {}) } as Caller),
  { first: 1000, second: 1000 },
);

/** A user's identity policies: inline, then attached customer managed and known AWS managed ones. */
export function identityPolicies(state: IamState, user: IamUser): string[] {
  const docs = Object.values(user.policies);
  const managed = managedPoliciesOf(state);
  for (const arn of user.attachedPolicies) {
    const doc = managed[arn]?.Document ?? awsManagedPolicy(arn);
    if (doc) docs.push(doc);
  }
  return docs;
}
