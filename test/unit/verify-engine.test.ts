// The verify-checks engine on a small in-memory lab: strong checks pass verification; a check that
// always passes, one that ignores a setting, or one that never passes is named with what it missed.
import { result, type Lab, type Step } from '../../runner/model';
import { verifyChecks, type Mutations } from '../../runner/verify';

interface World {
  bucket?: { name: string };
  flowLog?: { traffic: 'ALL' | 'ACCEPT'; interval: number };
}
interface Ctx {
  world: World;
  kind: 'solve' | 'check';
}

const bucketStep: Step<Ctx> = {
  id: 'bucket',
  title: 'Create the bucket',
  solve: async ({ world }) => void (world.bucket = { name: 'logs' }),
  check: async ({ world }) => (world.bucket?.name === 'logs' ? result('passed', 'The bucket exists.') : result('failed', 'No bucket.', { hint: 'Create the bucket.' })),
};

const flowLogStep: Step<Ctx> = {
  id: 'flow-log',
  title: 'Create the flow log',
  needs: ['bucket'],
  solve: async ({ world }) => void (world.flowLog = { traffic: 'ALL', interval: 60 }),
  check: async ({ world }) => {
    const f = world.flowLog;
    if (!f) return result('failed', 'No flow log.');
    if (f.traffic !== 'ALL') return result('failed', `Traffic type ${f.traffic}.`);
    if (f.interval !== 60) return result('failed', `Interval ${f.interval}.`);
    return result('passed', 'The flow log is right.');
  },
};

const mutations: Mutations<Ctx> = {
  bucket: [{ name: 'bucket deleted', apply: async ({ world }) => void delete world.bucket }],
  'flow-log': [
    { name: 'traffic type ACCEPT', apply: async ({ world }) => void (world.flowLog!.traffic = 'ACCEPT') },
    { name: 'interval 600', apply: async ({ world }) => void (world.flowLog!.interval = 600), restore: async ({ world }) => void (world.flowLog!.interval = 60) },
  ],
};

function run(lab: Lab<Ctx>, m: Mutations<Ctx> = mutations) {
  const world: World = {};
  return {
    report: verifyChecks<Ctx>({
      lab,
      mutations: m,
      contextFor: (kind) => ({ world, kind }),
      intervalsMs: [1],
    }),
  };
}

const lab = (steps: Step<Ctx>[]): Lab<Ctx> => ({ id: 'mini', title: 'Mini lab', steps });

describe('verifyChecks', () => {
  it('finds strong checks strong: fail before, pass after, every mutation caught', async () => {
    const { report } = run(lab([bucketStep, flowLogStep]));
    const r = await report;
    expect(r.strong).toBe(true);
    expect(r.rows.map((row) => [row.stepId, row.before.verdict, row.after.verdict, row.mutations.map((m) => m.caught)])).toEqual([
      ['bucket', 'failed', 'passed', [true]],
      ['flow-log', 'failed', 'passed', [true, true]],
    ]);
    expect(r.rows.every((row) => row.problems.length === 0)).toBe(true);
  });

  it('names a check that always passes: it passes before its solve and under its mutations', async () => {
    const weak: Step<Ctx> = { ...flowLogStep, check: async () => result('passed', 'Looks fine.') };
    const r = await run(lab([bucketStep, weak])).report;
    expect(r.strong).toBe(false);
    const row = r.rows.find((x) => x.stepId === 'flow-log')!;
    expect(row.problems).toEqual([
      'it passes before its solve ("Looks fine.")',
      'it still passes with the mutation "traffic type ACCEPT"',
      'it still passes with the mutation "interval 600"',
    ]);
    expect(r.rows.find((x) => x.stepId === 'bucket')!.problems).toEqual([]);
  });

  it('names the one mutation a check ignores (the traffic type)', async () => {
    const ignoresTraffic: Step<Ctx> = {
      ...flowLogStep,
      check: async ({ world }) => (world.flowLog?.interval === 60 ? result('passed', 'ok') : result('failed', 'wrong')),
    };
    const r = await run(lab([bucketStep, ignoresTraffic])).report;
    const row = r.rows.find((x) => x.stepId === 'flow-log')!;
    expect(row.mutations.map((m) => [m.name, m.caught])).toEqual([
      ['traffic type ACCEPT', false],
      ['interval 600', true],
    ]);
    expect(row.problems).toEqual(['it still passes with the mutation "traffic type ACCEPT"']);
  });

  it('restores between mutations, so a later mutation is judged on the right state', async () => {
    // Without the re-solve after "traffic type ACCEPT", the interval mutation would be caught for the wrong reason.
    const r = await run(lab([bucketStep, flowLogStep])).report;
    const interval = r.rows[1].mutations[1];
    expect(interval).toMatchObject({ name: 'interval 600', caught: true, summary: 'Interval 600.' });
  });

  it('reports a check that never passes, and skips its mutations', async () => {
    const never: Step<Ctx> = { ...bucketStep, check: async () => result('failed', 'Nope.') };
    const r = await run(lab([never])).report;
    expect(r.strong).toBe(false);
    expect(r.rows[0].problems).toEqual(['it does not pass after its solve (failed: Nope.)']);
    expect(r.rows[0].mutations).toEqual([]);
  });

  it('waits while a check is pending after its solve, as a run would', async () => {
    let looks = 0;
    const slow: Step<Ctx> = {
      ...bucketStep,
      waitBudgetMs: 5_000,
      check: async ({ world }) => {
        if (!world.bucket) return result('failed', 'No bucket.');
        return ++looks < 3 ? result('pending', 'Arriving.') : result('passed', 'Arrived.');
      },
    };
    const r = await run(lab([slow]), { bucket: [] }).report;
    expect(r.rows[0].after).toEqual({ verdict: 'passed', summary: 'Arrived.' });
  });

  it('calls a step without mutations weak', async () => {
    const r = await run(lab([bucketStep]), {}).report;
    expect(r.rows[0].problems).toEqual(['it declares 0 mutation(s); at least 1 must prove it catches wrong state']);
  });

  it('reports a mutation that cannot be applied instead of counting it as caught', async () => {
    const r = await run(lab([bucketStep]), { bucket: [{ name: 'broken', apply: async () => Promise.reject(new Error('no such thing')) }] }).report;
    expect(r.rows[0].mutations[0]).toMatchObject({ caught: false, error: 'applying it failed: no such thing' });
    expect(r.strong).toBe(false);
  });

  it('checks through check contexts and solves through solve contexts', async () => {
    const seen: string[] = [];
    const spy: Step<Ctx> = {
      ...bucketStep,
      solve: async (ctx) => {
        seen.push(`solve:${ctx.kind}`);
        await bucketStep.solve(ctx);
      },
      check: async (ctx) => {
        seen.push(`check:${ctx.kind}`);
        return bucketStep.check(ctx);
      },
    };
    await run(lab([spy])).report;
    expect(new Set(seen)).toEqual(new Set(['solve:solve', 'check:check']));
  });

  it('produces the evidence again while a settled check is pending (AWS may not have captured the first try), with the solve context', async () => {
    // The first record is lost (capture had not started); only a later try is recorded.
    const world: World & { tries?: number; recorded?: boolean } = {};
    const kinds: string[] = [];
    const step: Step<Ctx> = {
      id: 'evidence',
      title: 'Make evidence',
      waitBudgetMs: 10_000,
      reproduceEveryMs: 0,
      solve: async () => void (world.tries = 1),
      reproduce: async ({ kind }) => {
        kinds.push(kind);
        world.recorded = true;
      },
      check: async () => (world.recorded ? result('passed', 'Recorded.') : world.tries ? result('pending', 'Not recorded yet.') : result('failed', 'No try.')),
    };
    const report = await verifyChecks<Ctx>({
      lab: lab([step]),
      mutations: { evidence: [{ name: 'evidence lost', apply: async () => void (world.recorded = false), restore: async () => void (world.recorded = true) }] },
      contextFor: (kind) => ({ world, kind }),
      intervalsMs: [1],
    });
    expect(report.rows[0].after.verdict).toBe('passed');
    expect(kinds).toEqual(['solve']);
    expect(report.strong).toBe(true);
  });
});

