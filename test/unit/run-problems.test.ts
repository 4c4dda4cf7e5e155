// The sentences a broken run's reports open with (session/run-problems.ts): the failed AWS call of a
// provisioning failure, the signal and the steps of an interruption, what teardown left.
import type { RecordedCall } from '../../aws/calls';
import { interruptionProblem, provisioningProblem, RunningSteps, teardownProblem } from '../../session/run-problems';

const call = (over: Partial<RecordedCall>): RecordedCall => ({ stepId: 'setup', service: 'ec2', operation: 'CreateVpc', ok: true, ms: 3, ...over });

describe('run problems', () => {
  test('a provisioning failure names the last AWS call of setup that failed, its error and its attempts', () => {
    const err = Object.assign(new Error("The server is overloaded and can't handle the request."), { name: 'Unavailable' });
    const p = provisioningProblem(err, [call({}), call({ operation: 'RunInstances', ok: false, errorName: 'Unavailable', attempts: 8 })]);
    expect(p).toEqual({ kind: 'provisioning', message: "The lab environment could not be provisioned: ec2:RunInstances failed with Unavailable after 8 attempts: The server is overloaded and can't handle the request." });
  });

  test('a provisioning failure without a failed call (a timeout of its own) gives the error as it is', () => {
    const p = provisioningProblem(new Error('Instance i-1 did not reach running within 60 s'), [call({})]);
    expect(p.message).toBe('The lab environment could not be provisioned: Instance i-1 did not reach running within 60 s.');
  });

  test('an interruption names the signal and where it came', () => {
    expect(interruptionProblem(new Error('Interrupted by SIGINT'), ['ssh-rejected', 'athena-partition'])).toEqual({
      kind: 'interrupted',
      message: 'Interrupted by SIGINT while ssh-rejected, athena-partition were running; the steps not yet started were skipped.',
      steps: ['ssh-rejected', 'athena-partition'],
    });
    expect(interruptionProblem(new Error('Interrupted by SIGTERM'), [], true).message).toBe('Interrupted by SIGTERM while the lab environment was being provisioned; no step was run.');
  });

  test('a teardown problem lists what was left, the first three with their reason', () => {
    const failed = ['vpc-1', 'vpc-2', 'vpc-3', 'vpc-4'].map((id) => ({ entry: { kind: 'vpc' as const, id }, reason: 'DependencyViolation: in use.' }));
    const p = teardownProblem(failed)!;
    expect(p.left).toEqual(['vpc vpc-1', 'vpc vpc-2', 'vpc vpc-3', 'vpc vpc-4']);
    expect(p.message).toMatch(/^Teardown left 4 resources standing: vpc vpc-1 \(DependencyViolation: in use\); vpc vpc-2 \(.*\); vpc vpc-3 \(.*\) and 1 more\. /);
    expect(teardownProblem([])).toBeUndefined();
  });

  test('the steps running when the signal aborts are the ones cut short', () => {
    const controller = new AbortController();
    const running = new RunningSteps().watch(controller.signal);
    running.onStepBegin('a');
    running.onStepBegin('b');
    running.onStepEnd({ stepId: 'a' });
    controller.abort(new Error('Interrupted by SIGINT'));
    running.onStepEnd({ stepId: 'b' });
    expect(running.cutShort).toEqual(['b']);
  });
});
