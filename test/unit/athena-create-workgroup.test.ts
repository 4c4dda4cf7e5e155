// A CreateWorkGroup whose first answer was lost is retried by the SDK and meets its own workgroup
// ("WorkGroup is already created"): that counts as created when the workgroup carries the run's
// description, and stays an error when it is someone else's (the faults-run flake).
import { CreateWorkGroupCommand, GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { createWorkGroup, runWorkGroupDescription } from '../../aws/athena';

function athenaWith(description: string) {
  const calls: string[] = [];
  const client = {
    send: async (cmd: unknown) => {
      if (cmd instanceof CreateWorkGroupCommand) {
        calls.push('create');
        throw Object.assign(new Error('WorkGroup is already created'), { name: 'InvalidRequestException' });
      }
      if (cmd instanceof GetWorkGroupCommand) {
        calls.push('get');
        return { WorkGroup: { Name: cmd.input.WorkGroup, Description: description } };
      }
      throw new Error('unexpected call');
    },
  };
  return { client: client as never, calls };
}

describe('createWorkGroup after a lost answer', () => {
  it('takes the workgroup that carries the run description as its own create', async () => {
    const { client, calls } = athenaWith(runWorkGroupDescription('lw-1'));
    await expect(createWorkGroup(client, 'primary-lw-1', 's3://b/athena-results/', 'lw-1', {}, () => undefined)).resolves.toBeUndefined();
    expect(calls).toEqual(['create', 'get']);
  });

  it("refuses a workgroup of the same name that is not the run's", async () => {
    const { client } = athenaWith('the team workgroup');
    await expect(createWorkGroup(client, 'primary-lw-1', 's3://b/athena-results/', 'lw-1', {}, () => undefined)).rejects.toThrow('WorkGroup is already created');
  });
});
