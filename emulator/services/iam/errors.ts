import { AwsError } from '../../framework/types';

/** IAM's errors with its exact codes, messages and statuses. */
export const iamErrors = {
  noSuchRole: (name: string) => new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404),
  noSuchUser: (name: string) => new AwsError('NoSuchEntity', `The user with name ${name} cannot be found.`, 404),
  noSuchUserPolicy: (name: string) => new AwsError('NoSuchEntity', `The user policy with name ${name} cannot be found.`, 404),
  noSuchAccessKey: (id: string) => new AwsError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`, 404),
  noSuchPolicy: (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404),
  noSuchPolicyVersion: (arn: string, version: string) => new AwsError('NoSuchEntity', `Policy ${arn} version ${version} does not exist or is not attachable.`, 404),
  userExists: (name: string) => new AwsError('EntityAlreadyExists', `User with name ${name} already exists.`, 409),
  policyExists: (name: string) => new AwsError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409),
  deleteConflict: (message: string) => new AwsError('DeleteConflict', message, 409),
  noSuchRolePolicy: (name: string) => new AwsError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404),
  policyNotAttached: (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404),
  roleExists: (name: string) => new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409),
  deleteConflictPolicies: () => new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409),
  deleteConflictAttached: () => new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409),
  malformedPolicy: (message: string) => new AwsError('MalformedPolicyDocument', message, 400),
  invalidInput: (message: string) => new AwsError('InvalidInput', message, 400),
  limitExceeded: (message: string) => new AwsError('LimitExceeded', message, 409),
  /** The wording of IAM's model-constraint failures. */
  validation: (value: unknown, member: string, constraint: string) =>
    new AwsError('ValidationError', `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`, 400),
};
