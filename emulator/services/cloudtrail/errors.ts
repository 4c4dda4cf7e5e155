import { AwsError } from '../../framework/types';

/** CloudTrail's errors with their codes and AWS's messages (all 400). */
export const ctErrors = {
  trailNotFound: (arn: string, accountId: string) => new AwsError('TrailNotFoundException', `Unknown trail: ${arn} for the user: ${accountId}`),
  trailExists: (name: string, accountId: string) => new AwsError('TrailAlreadyExistsException', `Trail ${name} already exists for customer: ${accountId}`),
  invalidName: (message: string) => new AwsError('InvalidTrailNameException', message),
  bucketMissing: (bucket: string) => new AwsError('S3BucketDoesNotExistException', `S3 bucket ${bucket} does not exist.`),
  bucketPolicy: (bucket: string) => new AwsError('InsufficientS3BucketPolicyException', `Incorrect S3 bucket policy is detected for bucket: ${bucket}`),
  logGroupArn: (message: string) => new AwsError('InvalidCloudWatchLogsLogGroupArnException', message),
  roleArn: (message: string) => new AwsError('InvalidCloudWatchLogsRoleArnException', message),
  homeRegion: () => new AwsError('InvalidHomeRegionException', 'This operation must be called from the trail\'s home region.'),
  selectors: (message: string) => new AwsError('InvalidEventSelectorsException', message),
  tags: (message: string) => new AwsError('InvalidTagParameterException', message),
  lookupAttributes: (message: string) => new AwsError('InvalidLookupAttributesException', message),
  timeRange: (message: string) => new AwsError('InvalidTimeRangeException', message),
  maxResults: () => new AwsError('InvalidMaxResultsException', 'Value for MaxResults must be between 1 and 50.'),
  resourceNotFound: (id: string) => new AwsError('ResourceNotFoundException', `Resource not found: ${id}`),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
};
