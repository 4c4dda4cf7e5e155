import type { ServiceProvider } from '../../framework/types';
import { secretFor } from './access-key-secrets';
import { roleHandlers } from './role-handlers';
import { rolePolicyHandlers } from './role-policy-handlers';
import { userHandlers } from './user-handlers';
import { userPolicyHandlers } from './user-policy-handlers';
import { managedPolicyHandlers } from './managed-policy-handlers';
import { createIamState, type IamState } from './store';

/** The IAM provider: one state per account, because IAM is global within an account. */
export const provider: ServiceProvider<IamState> & { secretFor: typeof secretFor } = {
  service: 'iam',
  scope: 'account',
  createState: createIamState,
  // Signed requests with a user's key are verified against the key's derived secret (--verify-signatures).
  secretFor,
  handlers: { ...roleHandlers, ...rolePolicyHandlers, ...userHandlers, ...userPolicyHandlers, ...managedPolicyHandlers },
};
