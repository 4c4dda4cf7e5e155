import { isReadCall, isReadOnlySql } from '../../aws/calls';
import { createClients } from '../../aws/clients';
import { CallRecorder } from '../../aws/calls';
import { CreateVpcCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { StartQueryExecutionCommand } from '@aws-sdk/client-athena';

describe('the read-only guard', () => {
  test('read SQL passes; DDL, DML and stacked statements do not', () => {
    expect(isReadOnlySql('SELECT * FROM vpc_flow_logs')).toBe(true);
    expect(isReadOnlySql('  -- partitions\n SHOW PARTITIONS vpc_flow_logs')).toBe(true);
    expect(isReadOnlySql("WITH x AS (SELECT 1) SELECT * FROM x WHERE a = ';drop'")).toBe(true);
    expect(isReadOnlySql('CREATE EXTERNAL TABLE t (a int)')).toBe(false);
    expect(isReadOnlySql("ALTER TABLE t ADD PARTITION (dt='x')")).toBe(false);
    expect(isReadOnlySql('SELECT 1; DROP TABLE t')).toBe(false);
    expect(isReadCall('StartQueryExecution', { QueryString: 'DROP TABLE t' })).toBe(false);
    expect(isReadCall('DescribeFlowLogs', {})).toBe(true);
    expect(isReadCall('CreateFlowLogs', {})).toBe(false);
  });

  test('a read-only client refuses a mutating call before it leaves the machine, and records reads', async () => {
    const recorder = new CallRecorder();
    // Port 9 (discard) on loopback: a request that got out would fail with a network error instead.
    const clients = createClients({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, recorder, readOnly: true, maxAttempts: 1 });
    await expect(clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).rejects.toThrow('The checker is read-only and refused to call ec2:CreateVpc.');
    await expect(clients.athena.send(new StartQueryExecutionCommand({ QueryString: 'DROP TABLE t' }))).rejects.toThrow(/refused to call athena:StartQueryExecution/);
    await expect(clients.ec2.send(new DescribeVpcsCommand({}))).rejects.toThrow(/ECONNREFUSED|connect/);
    expect(recorder.calls.map((c) => c.operation)).toEqual(['DescribeVpcs']);
  });
});
