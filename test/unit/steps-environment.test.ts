// The bucket name the provisioner derives from the run id: a valid S3 bucket name (the other
// run-scoped names: test/unit/runner-names.test.ts).
import { runId } from '../../core/ids';
import { bucketNameFor } from '../../environments/vpc-instance';

// S3's rules: 3–63 characters, lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.
const VALID_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

describe('bucketNameFor', () => {
  it('is labwright-flow-logs-<runId> for the CLI run ids', () => {
    const id = runId(new Date('2026-11-28T21:54:00Z'));
    expect(bucketNameFor('labwright-flow-logs', id)).toBe(`labwright-flow-logs-${id}`);
    expect(bucketNameFor('labwright-flow-logs', id)).toMatch(VALID_BUCKET);
  });

  it('lower-cases, replaces invalid characters and stays within 63 characters', () => {
    const name = bucketNameFor('labwright-flow-logs', 'My_Run:ID-' + 'x'.repeat(80) + '-');
    expect(name).toMatch(VALID_BUCKET);
    expect(name.startsWith('labwright-flow-logs-my-run-id-')).toBe(true);
    expect(bucketNameFor('labwright-flow-logs', 'RUN-')).toBe('labwright-flow-logs-run');
  });
});
