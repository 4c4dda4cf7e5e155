// The flow-log domain's public API: record fields and formats, record parsing and writing, and the
// S3 object layout. Import from here, not from the files behind it.
export { AWS_SERVICES, DEFAULT_FIELDS, FIELDS, fieldSpec, type FieldSpec, type FieldType } from './fields';
export { DEFAULT_FORMAT, headerLine, parseFormat, type FlowLogFormat } from './format';
export { FlowLogFormatError, FlowRecordError, LogDestinationError } from './errors';
export { FlowRecord, type FieldValue } from './flow-record';
export { formatRecord, parseRecord, parseRecords } from './record';
export {
  parseLogDestination,
  parseS3Key,
  s3FileWindowStart,
  s3FolderFor,
  s3KeyFor,
  type S3FileFormat,
  type S3FolderOptions,
  type S3KeyInfo,
  type S3KeyOptions,
} from './s3-layout';
