import { Capability, CheckResult, Lab, result, Step } from '../../runner/model';
import { schedule, validateLab } from '../../runner/scheduler';

type Ctx = { log: string[] };

function step(id: string, over: Partial<Step<Ctx>> & { checks?: CheckResult[] } = {}): Step<Ctx> {
  const checks = over.checks ?? [result('passed', `${id} ok`)];
  let i = 0;
  return {
    id,
    title: `Step ${id}`,
    solve: async (ctx) => void ctx.log.push(`solve ${id}`),
    check: async (ctx) => {
      ctx.log.push(`check ${id}`);
      return checks[Math.min(i++, checks.length - 1)];
    },
    ...over,
  };
}

function run(lab: Lab<Ctx>, extra: Partial<Parameters<typeof schedule<Ctx>>[1]> = {}) {
  const ctx: Ctx = { log: [] };
  const caps = new Set<Capability>(['flow-log-delivery']);
  return schedule(lab, { mode: 'run', contextFor: () => ctx, capabilities: caps, intervalsMs: [1], ...extra }).then((records) => ({ records, log: ctx.log }));
}

describe('scheduler', () => {
  test('a slow wait does not block an independent step, and dependents start after their needs pass', async () => {
    const pending = result('pending', 'not yet');
    const lab: Lab<Ctx> = {
      id: 'l',
      title: 'L',
      steps: [
        step('s3', { waitBudgetMs: 5_000, checks: [pending, pending, pending, pending, result('passed', 'delivered')] }),
        step('cw'),
        step('after-cw', { needs: ['cw'] }),
      ],
    };
    const { records, log } = await run(lab);
    expect(records.map((r) => [r.stepId, r.result.verdict])).toEqual([['s3', 'passed'], ['cw', 'passed'], ['after-cw', 'passed']]);
    // after-cw finished before s3's wait was over.
    expect(log.indexOf('check after-cw')).toBeLessThan(log.lastIndexOf('check s3'));
    expect(records[0].attempts).toBe(5);
  });

  test('a failed step skips its dependents, naming the blocker, and leaves others alone', async () => {
    const lab: Lab<Ctx> = {
      id: 'l',
      title: 'L',
      steps: [step('a', { checks: [result('failed', 'wrong traffic type', { hint: 'Capture ALL traffic.' })] }), step('b', { needs: ['a'] }), step('c')],
    };
    const { records, log } = await run(lab);
    expect(records.map((r) => r.result.verdict)).toEqual(['failed', 'skipped', 'passed']);
    expect(records[1].result.summary).toBe("Skipped: it needs step 'a', which ended failed.");
    expect(log).not.toContain('solve b');
  });

  test('a wait that runs out of budget fails with the last thing it saw', async () => {
    const lab: Lab<Ctx> = { id: 'l', title: 'L', steps: [step('a', { waitBudgetMs: 20, checks: [result('pending', 'no REJECT record yet', { evidence: [{ kind: 'text', title: 't', data: 1 }] })] })] };
    const { records } = await run(lab);
    expect(records[0].result.verdict).toBe('failed');
    expect(records[0].result.summary).toMatch(/^Timed out after 0s: no REJECT record yet$/);
    expect(records[0].result.evidence).toHaveLength(1);
  });

  test('a step needing a capability the target lacks still solves but reports unsupported, and dependents go on', async () => {
    const lab: Lab<Ctx> = { id: 'l', title: 'L', steps: [step('a', { capabilities: ['athena'] }), step('b', { needs: ['a'] })] };
    const { records, log } = await run(lab);
    expect(records.map((r) => r.result.verdict)).toEqual(['unsupported', 'passed']);
    expect(records[0].result.summary).toContain('athena');
    expect(log).toContain('solve a');
    expect(log).not.toContain('check a');
  });

  test('check mode never solves and reports pending as pending', async () => {
    const lab: Lab<Ctx> = { id: 'l', title: 'L', steps: [step('a', { checks: [result('pending', 'records on their way', { etaMs: 60_000 })] })] };
    const { records, log } = await run(lab, { mode: 'check' });
    expect(records[0].result.verdict).toBe('pending');
    expect(log).toEqual(['check a']);
  });

  test('errors are classified: AccessDenied becomes cant-verify, never a pass or a fail', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform logs:DescribeLogGroups'), { name: 'AccessDeniedException' });
    const lab: Lab<Ctx> = { id: 'l', title: 'L', steps: [step('a', { check: async () => { throw denied; } })] };
    const { records } = await run(lab, { mode: 'check', classifyError: (e) => ((e as Error).name === 'AccessDeniedException' ? 'cant-verify' : 'failed') });
    expect(records[0].result.verdict).toBe('cant-verify');
    expect(records[0].result.summary).toContain('not authorized');
  });

  test('--only runs just the listed steps', async () => {
    const lab: Lab<Ctx> = { id: 'l', title: 'L', steps: [step('a'), step('b', { needs: ['a'] }), step('c')] };
    const { records, log } = await run(lab, { only: ['b'] });
    expect(records.map((r) => r.stepId)).toEqual(['b']);
    expect(log).toEqual(['solve b', 'check b']);
  });

  test('an aborted run leaves the running step unverified and skips what has not started', async () => {
    const controller = new AbortController();
    const lab: Lab<Ctx> = {
      id: 'l',
      title: 'L',
      steps: [step('a', { solve: async () => controller.abort(new Error('SIGINT')) , waitBudgetMs: 1000, checks: [result('pending', 'x')] }), step('b', { needs: ['a'] })],
    };
    const { records } = await run(lab, { signal: controller.signal });
    expect(records.map((r) => r.result.verdict)).toEqual(['cant-verify', 'skipped']);
    expect(records[1].result.summary).toBe('Skipped: the run was interrupted.');
  });

  test('a lab with an unknown or later need is rejected with a sentence naming it', () => {
    expect(() => validateLab({ id: 'l', title: 'L', steps: [step('a', { needs: ['b'] }), step('b')] })).toThrow("Step 'a' of lab 'l' needs 'b', which is not an earlier step of the lab.");
    expect(() => validateLab({ id: 'l', title: 'L', steps: [step('a'), step('a')] })).toThrow("Lab 'l' has two steps with the id 'a'.");
  });
});

describe('scheduler: solves on targets lacking a capability', () => {
  test('a solve the target refuses for a missing capability is unsupported, and dependents still run', async () => {
    const lab: Lab<Ctx> = {
      id: 'l',
      title: 'L',
      steps: [step('athena', { capabilities: ['athena'], solve: async () => { throw new Error('InternalFailure: athena not available'); } }), step('next', { needs: ['athena'] })],
    };
    const { records } = await run(lab, { whyMissing: { athena: 'Athena needs LocalStack Pro' } });
    expect(records.map((r) => r.result.verdict)).toEqual(['unsupported', 'passed']);
    expect(records[0].result.summary).toBe('Not verifiable on this target: Athena needs LocalStack Pro.');
    expect(records[0].result.detail).toContain('the solve failed: InternalFailure');
  });

  test('a solve that fails on a target with every capability is still a failure', async () => {
    const lab: Lab<Ctx> = { id: 'l', title: 'L', steps: [step('a', { capabilities: ['flow-log-delivery'], solve: async () => { throw new Error('boom'); } })] };
    const { records } = await run(lab);
    expect(records[0].result.verdict).toBe('failed');
  });
});

describe('scheduler: interruption', () => {
  test('a check cut off by the interruption is not verified (cant-verify), neither failed nor skipped', async () => {
    const controller = new AbortController();
    const lab: Lab<Ctx> = {
      id: 'l',
      title: 'L',
      steps: [
        step('a', {
          waitBudgetMs: 5000,
          check: async () => {
            controller.abort(new Error('SIGINT received'));
            throw new Error('SIGINT received');
          },
        }),
      ],
    };
    const { records } = await run(lab, { signal: controller.signal });
    expect(records[0].result).toMatchObject({ verdict: 'cant-verify', summary: 'Interrupted while it ran: the run stopped before this step could be verified.' });
  });
});
