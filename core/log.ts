import { redact } from './redact';

/** Where console output goes; every line is redacted here, the one place output is written. */
export interface Output {
  write(text: string): void;
}

/** Writes to a stream through the redaction point. */
export function redactingOutput(stream: NodeJS.WritableStream): Output {
  return { write: (text) => void stream.write(redact(text)) };
}

/** Standard output and standard error, both redacted. */
export const stdout: Output = redactingOutput(process.stdout);
export const stderr: Output = redactingOutput(process.stderr);
