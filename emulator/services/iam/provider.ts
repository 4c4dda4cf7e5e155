import type { ServiceProvider } from '../../framework/types';
import { roleHandlers } from './role-handlers';
import { rolePolicyHandlers } from './role-policy-handlers';
import { userHandlers } from './user-handlers';
import { userPolicyHandlers } from './user-policy-handlers';
import { managedPolicyHandlers } from './managed-policy-handlers';
import { createIamState, type IamState } from './store';

/** The IAM provider: one state per account, because IAM is global within an account. */
export const provider: ServiceProvider<IamState> = {
  service: 'iam',
  scope: 'account',
  createState: createIamState,
  handlers: { ...roleHandlers, ...rolePolicyHandlers, ...userHandlers, ...userPolicyHandlers, ...managedPolicyHandlers },
};
