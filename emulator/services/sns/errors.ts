import { AwsError } from '../../framework/types';

/** SNS's errors with its exact codes (the query-protocol codes, not the SDK exception names). */
export const snsErrors = {
  topicNotFound: () => new AwsError('NotFound', 'Topic does not exist', 404),
  subscriptionNotFound: () => new AwsError('NotFound', 'Subscription does not exist', 404),
  invalidParameter: (what: string) => new AwsError('InvalidParameter', `Invalid parameter: ${what}`, 400),
};
