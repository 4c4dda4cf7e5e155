// Names the provisioner derives from the run id: valid S3 bucket names, and account-unique IAM/EC2
// names that carry the run id only on a real account.
import { runId } from '../../core/ids';
import { accountUniqueName, bucketNameFor } from '../../environments/vpc-instance';

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

describe('accountUniqueName', () => {
  it('keeps the lab\'s exact name off AWS and suffixes the run id on AWS', () => {
    expect(accountUniqueName('DeliverVPCFlowLogsRole', 'lw-1', 'embedded')).toBe('DeliverVPCFlowLogsRole');
    expect(accountUniqueName('DeliverVPCFlowLogsRole', 'lw-1', 'localstack')).toBe('DeliverVPCFlowLogsRole');
    expect(accountUniqueName('DeliverVPCFlowLogsRole', 'lw-1', 'aws')).toBe('DeliverVPCFlowLogsRole-lw-1');
  });

  it('never exceeds the 64-character IAM role name limit', () => {
    expect(accountUniqueName('DeliverVPCFlowLogsRole', 'x'.repeat(100), 'aws')).toHaveLength(64);
  });
});
