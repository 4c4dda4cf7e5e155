/** Athena API errors: InvalidRequestException carries AthenaErrorCode next to the message. */
import { AwsError } from '../../framework/types';

/** An InvalidRequestException with its AthenaErrorCode (`INVALID_INPUT` unless said otherwise). */
export function invalidRequest(message: string, athenaErrorCode = 'INVALID_INPUT'): AwsError {
  return new AwsError('InvalidRequestException', message, 400, { AthenaErrorCode: athenaErrorCode });
}

/** A MetadataException, as the catalog operations throw for missing databases and tables. */
export function metadataError(message: string): AwsError {
  return new AwsError('MetadataException', message, 400);
}

/** The exact AWS text when neither the request nor the workgroup gives a result location. */
export const NO_OUTPUT_LOCATION =
  'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.';
