import { AwsError } from '../../framework/types';

// S3's exact codes, messages and statuses (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
// The extra fields are the elements S3 puts next to Code and Message in its <Error> body.

/** Errors S3 answers with, built the way S3 words them. */
export const s3Errors = {
  noSuchBucket: (bucket: string) => new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchKey: (key: string) => new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  /** HEAD responses have no body, so the SDK can only name the error from the status: NotFound. */
  headNotFound: () => new AwsError('NotFound', 'Not Found', 404),
  invalidBucketName: (bucket: string) => new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: bucket }),
  bucketAlreadyExists: (bucket: string) =>
    new AwsError(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      409,
      { BucketName: bucket },
    ),
  bucketNotEmpty: (bucket: string) => new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket }),
  noSuchBucketPolicy: (bucket: string) => new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: bucket }),
  noSuchTagSet: (bucket: string) => new AwsError('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket }),
  invalidTag: (message: string) => new AwsError('InvalidTag', message, 400),
  malformedPolicy: (why = "Policies must be valid JSON and the first byte must be '{'") => new AwsError('MalformedPolicy', why, 400),
  invalidRange: (range: string, size: number) =>
    new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: String(size) }),
  illegalLocationConstraint: (constraint: string | undefined) =>
    new AwsError(
      'IllegalLocationConstraintException',
      `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    ),
  invalidLocationConstraint: (constraint: string) =>
    new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint }),
  invalidArgument: (message: string, name: string, value: string) =>
    new AwsError('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value }),
  invalidRequest: (message: string) => new AwsError('InvalidRequest', message, 400),
  accessDenied: () => new AwsError('AccessDenied', 'Access Denied', 403),
  /** A bucket of another region: S3 answers 301 with the endpoint to use, and the region in a header. */
  permanentRedirect: (bucket: string, region: string) => {
    const err = new AwsError(
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      301,
      { Endpoint: `${bucket}.s3.${region}.amazonaws.com`, Bucket: bucket },
    );
    err.headers['x-amz-bucket-region'] = region;
    return err;
  },
};
