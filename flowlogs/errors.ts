// Errors of the flow-log domain. They carry the AWS-facing code and message separately from the
// precise reason, so the emulator can answer like EC2 while tests and authors see what was wrong.

/**
 * An invalid `LogFormat` (CreateFlowLogs). AWS's exact text for this is not documented; the one
 * observed form (a CloudFormation FlowLog failure, aws-cloudformation/rain#288, caused by a trailing
 * space) is `1 validation error detected: Value '<format>' at 'logFormat' has an invalid format`.
 * We reuse it as `awsMessage` and append the precise reason in `message`. The error code EC2 uses
 * is also not established; `InvalidParameter` is EC2's usual code for a bad parameter value.
 */
export class FlowLogFormatError extends Error {
  override readonly name = 'FlowLogFormatError';
  readonly code = 'InvalidParameter';
  /** The AWS-style message without our explanation, for the emulator's error response. */
  readonly awsMessage: string;
  constructor(
    readonly logFormat: string,
    readonly reason: string,
  ) {
    const awsMessage = `1 validation error detected: Value '${logFormat}' at 'logFormat' has an invalid format`;
    super(`${awsMessage}. ${reason}`);
    this.awsMessage = awsMessage;
  }
}

/** A record line that does not fit its format; the message names the line number and the field. */
export class FlowRecordError extends Error {
  override readonly name = 'FlowRecordError';
  constructor(
    readonly reason: string,
    readonly lineNumber: number | undefined,
    readonly field: string | undefined,
    readonly line: string,
  ) {
    super(`${lineNumber === undefined ? 'flow-log record' : `line ${lineNumber}`}: ${reason}`);
  }
}

/**
 * An S3 `LogDestination` that is not `arn:aws:s3:::bucket[/subfolder/]` or that uses the reserved
 * `AWSLogs` subfolder. The code and text EC2 returns are not established; the message says the fix.
 */
export class LogDestinationError extends Error {
  override readonly name = 'LogDestinationError';
  readonly code = 'InvalidParameter';
  constructor(
    readonly logDestination: string,
    reason: string,
  ) {
    super(`LogDestination '${logDestination}' is not valid: ${reason}`);
  }
}
