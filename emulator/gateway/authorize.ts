import type { AwsError, Caller, EmulatorRuntime, ServiceName } from '../framework/types';
import { callAuthz, alwaysAllowed } from '../iam-policy/actions';
import { accessDenied, unknownAccessKey } from '../iam-policy/deny-errors';
import { evaluate } from '../iam-policy/evaluate';
import { findKeyOwner, identityPolicies, looksIamIssued, rootCaller, userCaller } from '../iam-policy/principals';
import type { IamState } from '../services/iam/store';

/** What the two steps read and write on a request moving through the gateway. */
export interface AuthExchange {
  identity: { accessKeyId?: string };
  service?: ServiceName;
  operation?: string;
  accountId: string;
  region: string;
  input?: Record<string, unknown>;
  caller?: Caller;
}

/**
 * Gateway step: who signed. An access key IAM issued (AKIA…) must belong to an active key of a user,
 * whose account the request then acts in; any other key (`test`, a 12-digit account id) is that
 * account's root, as before IAM was enforced.
 */
export function authenticate(x: AuthExchange, env: { runtime: EmulatorRuntime }): void {
  const keyId = x.identity.accessKeyId;
  if (!looksIamIssued(keyId)) {
    x.caller = rootCaller(x.accountId, keyId);
    return;
  }
  const owner = findKeyOwner(env.runtime, keyId);
  if (!owner) throw unknownAccessKey(x.service as ServiceName) as AwsError;
  x.accountId = owner.accountId;
  x.caller = userCaller(owner.user, keyId);
}

/** Gateway step: an IAM user's call is allowed only if its identity policies allow it (root is never checked). */
export function authorize(x: AuthExchange, env: { runtime: EmulatorRuntime }): void {
  const caller = x.caller;
  if (!caller || caller.type === 'Root') return;
  const service = x.service as ServiceName;
  const operation = x.operation as string;
  if (alwaysAllowed(service, operation)) return;
  const state = env.runtime.stateOf!<IamState>('iam', x.accountId, 'us-east-1');
  const user = Object.values(state.users ?? {}).find((u) => u.Arn === caller.arn);
  const { action, resource } = callAuthz(service, operation, x.input ?? {}, x.accountId);
  const context = { 'aws:requestedregion': x.region, 'aws:username': caller.userName ?? '', 'aws:principalarn': caller.arn, 'aws:principaltype': 'User', 'aws:securetransport': 'false' };
  const decision = user ? evaluate(identityPolicies(state, user), { action, resource, context }) : 'ImplicitDeny';
  if (decision !== 'Allow') throw accessDenied(service, operation, decision, caller.arn, action, resource);
}
