import { AwsError, type ServiceName } from '../framework/types';
import type { Decision } from './evaluate';

/** The denial as AWS words it: "because no identity-based policy allows…" or "…with an explicit deny…". */
function reason(decision: Decision, action: string): string {
  return decision === 'ExplicitDeny' ? `with an explicit deny in an identity-based policy` : `because no identity-based policy allows the ${action} action`;
}

// EC2's encoded authorization message is an opaque blob on AWS (sts:DecodeAuthorizationMessage
// decodes it); here it is base64url JSON of the same facts, so it is stable and carries no secret.
function encodedMessage(decision: Decision, arn: string, action: string, resource: string): string {
  const facts = { allowed: false, explicitDeny: decision === 'ExplicitDeny', context: { principal: { arn }, action, resource } };
  return Buffer.from(JSON.stringify(facts)).toString('base64url');
}

/** The error each service answers a denied call with: its own code, status and message. */
export function accessDenied(service: ServiceName, operation: string, decision: Decision, principalArn: string, action: string, resource: string): AwsError {
  const on = resource !== '*' ? ` on resource: ${resource}` : '';
  const why = reason(decision, action);
  switch (service) {
    case 'ec2': {
      // Describe calls are answered without an encoded message; mutating calls carry one.
      const base = `You are not authorized to perform this operation. User: ${principalArn} is not authorized to perform: ${action}${on} ${why}`;
      return new AwsError('UnauthorizedOperation', operation.startsWith('Describe') ? base : `${base}. Encoded authorization failure message: ${encodedMessage(decision, principalArn, action, resource)}`, 403);
    }
    case 's3':
      return new AwsError('AccessDenied', `User: ${principalArn} is not authorized to perform: ${action}${resource !== '*' ? ` on resource: "${resource}"` : ''} ${why}`, 403);
    case 'sns':
      return new AwsError('AuthorizationError', `User: ${principalArn} is not authorized to perform: ${action.replace(/^sns:/, 'SNS:')}${on} ${why}`, 403);
    case 'iam':
    case 'sts':
    case 'monitoring':
      return new AwsError('AccessDenied', `User: ${principalArn} is not authorized to perform: ${action}${on} ${why}`, 403);
    default:
      return new AwsError('AccessDeniedException', `User: ${principalArn} is not authorized to perform: ${action}${on} ${why}`, 400);
  }
}

/** The error for an access key IAM never issued (or deleted or deactivated), in each protocol's words. */
export function unknownAccessKey(service: ServiceName): AwsError {
  if (service === 's3') return new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
  if (service === 'ec2') return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
  if (service === 'logs' || service === 'athena' || service === 'cloudtrail') return new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
  return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
}
