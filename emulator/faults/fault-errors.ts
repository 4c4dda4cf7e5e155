import { AwsError, type ServiceName } from '../framework/types';

/**
 * The throttling error each service answers with, as the SDK's retry classification knows them
 * (`@smithy/core/retry` THROTTLING_ERROR_CODES): EC2 RequestLimitExceeded 503, the query services
 * Throttling 400, Logs ThrottlingException, Athena TooManyRequestsException, S3 SlowDown 503.
 */
export function throttlingError(service: ServiceName): AwsError {
  switch (service) {
    case 'ec2':
      return new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    case 's3':
      return new AwsError('SlowDown', 'Please reduce your request rate.', 503);
    case 'logs':
      return new AwsError('ThrottlingException', 'Rate exceeded', 400);
    case 'athena':
      return new AwsError('TooManyRequestsException', 'Rate exceeded', 400);
    default:
      return new AwsError('Throttling', 'Rate exceeded', 400);
  }
}

/** A server-side failure in the service's words: 500 (internal error) or 503 (unavailable). */
export function serverError(service: ServiceName, unavailable: boolean): AwsError {
  if (unavailable) {
    if (service === 'ec2') return new AwsError('Unavailable', 'The server is overloaded and can\'t handle the request.', 503);
    if (service === 'logs') return new AwsError('ServiceUnavailableException', 'The service cannot complete the request.', 503);
    return new AwsError('ServiceUnavailable', 'Service is unable to handle request.', 503);
  }
  if (service === 'ec2' || service === 's3') return new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
  if (service === 'athena') return new AwsError('InternalServerException', 'An internal error occurred. Please try again.', 500);
  return new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
}
