// The pieces of `check` and `check --watch` a student sees: the checklist's lines (ETA, hints,
// a discovery problem said once), the change lines of later passes, the live page's HTTP
// endpoints, and the watch loop's pacing and stopping.
import { explainSkipped } from '../../session/check';
import { renderChanges, renderChecklist } from '../../bin/watch/checklist';
import { parseInterval, watchLoop } from '../../bin/watch/loop';
import { startWatchServer, watchState, type WatchServer } from '../../bin/watch/server';
import { FakeClock } from '../../core/clock';
import { registerSecret, clearSecrets } from '../../core/redact';
import { result, type CheckResult, type Lab, type RunRecord, type StepRecord } from '../../runner/model';

const lab: Lab<unknown> = {
  id: 'mini',
  title: 'Mini lab',
  steps: [
    { id: 'a', title: 'Create A', solve: async () => undefined, check: async () => result('passed', '') },
    { id: 'b', title: 'Create B', needs: ['a'], solve: async () => undefined, check: async () => result('passed', '') },
    { id: 'c', title: 'Use B', needs: ['b'], solve: async () => undefined, check: async () => result('passed', '') },
  ],
};
const ids = lab.steps.map((s) => s.id);

function rec(stepId: string, r: CheckResult, attempts = 1): StepRecord {
  const title = lab.steps.find((s) => s.id === stepId)!.title;
  return { stepId, title, result: r, startedAt: 0, finishedAt: 1, waitedMs: 0, attempts, apiCalls: 2 };
}
function run(steps: StepRecord[]): RunRecord {
  return { lab: 'mini', labTitle: 'Mini lab', target: 'endpoint', endpoint: 'http://127.0.0.1:4566', runId: 'lw-1', region: 'us-east-1', capabilities: [], startedAt: 0, finishedAt: 1_000, steps };
}

describe('the checklist', () => {
  it('marks each step, shows a pending ETA, the hint under a failed step and the summary of one that could not be verified', () => {
    const text = renderChecklist(
      run([
        rec('a', result('pending', 'Waiting for records.', { etaMs: 240_000 })),
        rec('b', result('failed', 'No B.', { hint: 'Create B in the console.' })),
        rec('c', result('cant-verify', 'AccessDenied on DescribeThings.')),
      ]),
      ids,
      { colour: false },
    );
    expect(text).toContain('  …  1. Create A  [a] · expected in about 4 min\n        Waiting for records.\n');
    expect(text).toContain('  ✘  2. Create B  [b]\n        hint: Create B in the console.\n');
    expect(text).not.toContain('No B.');
    expect(text).toContain('  ?  3. Use B  [c]\n        AccessDenied on DescribeThings.\n');
    expect(text).toContain('0 of 3 steps done · 1 pending · 1 to do · 1 could not be verified');
  });

  it('says a discovery problem once instead of under every step', () => {
    const why = "No running instance named 'Web Server' was found in us-east-1.";
    const text = renderChecklist(run(ids.map((id) => rec(id, result('failed', `Not checked: ${why}`, { hint: why }), 0))), ids, { colour: false });
    expect(text.split(why)).toHaveLength(2);
    expect(text).toContain('Your lab environment was not found, so no step could be checked:');
    expect(text).toMatch(/✘  3\. Use B  \[c\]\n\n/);
  });

  it('explains a skipped step by the first step it builds on that is not done', () => {
    const out = explainSkipped(
      [rec('a', result('failed', 'No A.', { hint: 'Create A.' })), rec('b', result('skipped', "Skipped: it needs step 'a', which ended failed.")), rec('c', result('skipped', "Skipped: it needs step 'b', which ended skipped."))],
      lab,
    );
    expect(out.map((r) => r.result.hint)).toEqual(['Create A.', 'This step builds on step 1, "Create A", which is not done yet: finish that one first.', 'This step builds on step 1, "Create A", which is not done yet: finish that one first.']);
  });

  it('prints only what changed between two passes', () => {
    const first = run([rec('a', result('failed', 'No A.', { hint: 'Create A.' })), rec('b', result('failed', 'No B.', { hint: 'Create B.' })), rec('c', result('passed', 'C ok.'))]);
    const second = run([rec('a', result('passed', 'A ok.')), rec('b', result('failed', 'B wrong.', { hint: 'B needs all traffic.' })), rec('c', result('passed', 'C ok.'))]);
    const text = renderChanges(first, second, ids, { colour: false }, new Date(2026, 0, 1, 9, 30, 5));
    expect(text).toBe(
      ['09:30:05  ✔  1. Create A  [a]  (was failed)', '09:30:05  ✘  2. Create B  [b]', '                hint: B needs all traffic.', '09:30:05  2 of 3 steps done · 1 to do', ''].join('\n'),
    );
    expect(renderChanges(second, second, ids, { colour: false }, new Date())).toBe('');
  });
});

describe('the live page server', () => {
  let server: WatchServer;
  beforeAll(async () => {
    server = await startWatchServer();
  });
  afterAll(async () => {
    await server.close();
    clearSecrets();
  });

  it('listens on 127.0.0.1 and serves a page that loads nothing from elsewhere', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(server.url);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<ol id="steps">');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('has no state before the first pass, then the latest one, with secrets redacted', async () => {
    expect((await fetch(`${server.url}state.json`)).status).toBe(204);
    registerSecret('Sup3r-Secret-Pa55word');
    const r = run([rec('a', result('failed', 'No A.', { hint: 'The password Sup3r-Secret-Pa55word is wrong.' })), rec('b', result('passed', 'B.')), rec('c', result('passed', 'C.'))]);
    server.publish(watchState(r, ids, 7, 10_000));
    const state = (await (await fetch(`${server.url}state.json`)).json()) as any;
    expect(state).toMatchObject({ lab: 'mini', pass: 7, done: 2, total: 3, intervalMs: 10_000, tally: '2 of 3 steps done · 1 to do' });
    expect(state.steps[0]).toEqual({ number: 1, stepId: 'a', title: 'Create A', verdict: 'failed', summary: 'No A.', hint: expect.not.stringContaining('Sup3r') });
  });

  it('pushes each new state to an open event stream', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    let seen = '';
    const readUntil = async (needle: string) => {
      while (!seen.includes(needle)) seen += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil('"pass":7');
    server.publish(watchState(run([rec('a', result('passed', 'A.')), rec('b', result('passed', 'B.')), rec('c', result('passed', 'C.'))]), ids, 8, 10_000));
    await readUntil('"pass":8');
    expect(seen).toMatch(/event: state\ndata: \{.*"done":3/);
    controller.abort();
  });

  it('refuses a port that is taken with a message naming the fix', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startWatchServer({ port })).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use; choose another --port`);
  });

  it('answers 404 elsewhere and 405 to anything but GET', async () => {
    expect((await fetch(`${server.url}nope`)).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });
});

describe('the watch loop', () => {
  it('parses --interval and refuses less than two seconds', () => {
    expect(parseInterval(undefined)).toBe(10_000);
    expect(parseInterval('10s')).toBe(10_000);
    expect(parseInterval('2500ms')).toBe(2_500);
    expect(parseInterval('1m')).toBe(60_000);
    expect(parseInterval('3')).toBe(3_000);
    expect(() => parseInterval('1s')).toThrow('--interval 1s is too short; the minimum is 2s.');
    expect(() => parseInterval('soon')).toThrow(/not a duration/);
  });

  it('runs a pass every interval until stopped, then resolves with the number of passes', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const at: number[] = [];
    const loop = watchLoop({ intervalMs: 10_000, clock, signal: controller.signal, pass: async () => clock.now(), onPass: (t) => void at.push(t) });
    await clock.advance(25_000);
    controller.abort();
    expect(await loop).toBe(3);
    expect(at.map((t) => t - at[0])).toEqual([0, 10_000, 20_000]);
  });

  it('stops with the error when a pass fails, instead of retrying quietly', async () => {
    const controller = new AbortController();
    await expect(watchLoop({ intervalMs: 2_000, signal: controller.signal, pass: async () => Promise.reject(new Error('bad config')), onPass: () => undefined })).rejects.toThrow('bad config');
  });
});
