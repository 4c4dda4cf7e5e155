// Acceptance (issue 16, "broken runs are red everywhere"): a run whose environment cannot be
// provisioned, and a run whose teardown leaves a resource, exit 1 and say why first — in the console
// summary, at the top of the HTML report — and are JUnit errors, never a green row of skipped tests.
// The faults are the emulator's own (`POST /_emulator/faults`), aimed at one operation; the CLI runs
// in this process against it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { poll } from '../../core/poll';
import { runInProcess, type InProcessRun } from '../cli-in-process';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { visibleText } from '../fixtures/visible-text';
import { added, inventory } from './helpers-cli';

jest.setTimeout(120_000);

let emu: TestEmulator;
let root: string;

/** Sets the emulator's faults (the body of `POST /_emulator/faults`), or clears them with null. */
async function faults(body: Record<string, unknown> | null): Promise<void> {
  const res = await fetch(`${emu.endpoint}/_emulator/faults`, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : { method: 'DELETE' });
  expect(res.status).toBe(200);
}

/** The console summary: from the problems that open it down to the table of steps. */
function summaryLines(stdout: string): string[] {
  const lines = stdout.split('\n');
  const table = lines.findIndex((l) => /^ +step +verdict/.test(l));
  const start = lines.lastIndexOf('', table - 2);
  return lines.slice(start + 1, table).filter(Boolean);
}

function junit(dir: string) {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(dir, 'junit.xml'), 'utf8'));
  const suite = doc.testsuites.testsuite;
  return { suite, cases: [suite.testcase].flat() as any[] };
}

beforeAll(async () => {
  emu = await startTestEmulator();
  root = mkdtempSync(join(tmpdir(), 'labwright-run-broken-'));
});
afterAll(async () => {
  await emu?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a run whose environment cannot be provisioned (RunInstances fails every time)', () => {
  const dir = () => join(root, 'provisioning');
  let before: string[];
  let run: InProcessRun;
  beforeAll(async () => {
    before = await inventory(emu.clients);
    await faults({ errorRate: 1, errorAfterShare: 0, seed: 1, services: ['ec2'], operations: ['RunInstances'] });
    run = await runInProcess('run', '--endpoint', emu.endpoint, '--report-dir', dir());
    await faults(null);
  });

  it('exits 1 and opens the console summary with the failed call', () => {
    expect(run.code).toBe(1);
    expect(summaryLines(run.stdout)).toEqual([expect.stringMatching(/^ {2}✘ The lab environment could not be provisioned: ec2:RunInstances failed with (InternalError|Unavailable) after 8 attempts: .+\.$/)]);
  });

  it('is a JUnit error for the environment, with the fourteen steps skipped once, without repeating themselves', () => {
    const { suite, cases } = junit(dir());
    expect({ errors: suite.errors, failures: suite.failures, skipped: suite.skipped, tests: suite.tests }).toEqual({ errors: '1', failures: '0', skipped: '14', tests: '15' });
    expect(cases[0]).toMatchObject({ name: 'environment: provision the lab environment', error: { type: 'provisioning', message: expect.stringContaining('ec2:RunInstances failed') } });
    for (const c of cases.slice(1)) expect(c.skipped.message).toBe('Skipped: the lab environment could not be provisioned.');
  });

  it('keeps one CTRF test per step and carries the cause in results.extra.problems', () => {
    const report = JSON.parse(readFileSync(join(dir(), 'report.json'), 'utf8'));
    expect(report.results.summary).toMatchObject({ tests: 14, skipped: 14 });
    expect(report.results.extra.problems).toEqual([{ kind: 'provisioning', message: expect.stringMatching(/^The lab environment could not be provisioned: ec2:RunInstances failed/) }]);
  });

  it('names the cause as the first visible text of the HTML report', () => {
    expect(visibleText(readFileSync(join(dir(), 'index.html'), 'utf8'))).toMatch(/^✗ The lab environment could not be provisioned: ec2:RunInstances failed with (InternalError|Unavailable)/);
  });

  it('tore down what it had created before the failure', async () => {
    expect(run.stdout).toMatch(/Deleting VPC vpc-/);
    expect(added(before, await inventory(emu.clients))).toEqual([]);
  });
});

describe('a run whose teardown cannot finish (the endpoint goes away while teardown retries)', () => {
  // Teardown retries throttling for minutes, and ends at once on an error it cannot retry: the
  // endpoint is stopped while it retries the (throttled) deletion of the role's policy, so the
  // policy and the role are left, whatever the machine's speed.
  const dir = () => join(root, 'teardown');
  let run: InProcessRun;
  beforeAll(async () => {
    await faults({ throttleRate: 1, seed: 1, services: ['iam'], operations: ['DeleteRolePolicy'] });
    const running = runInProcess('run', '--endpoint', emu.endpoint, '--only', 'log-group', '--report-dir', dir());
    await poll(
      async () => {
        const { counts } = (await (await fetch(`${emu.endpoint}/_emulator/faults`)).json()) as { counts: { throttle: number } };
        return counts.throttle > 0 ? { done: true, value: counts.throttle } : { done: false, reason: 'DeleteRolePolicy not called yet' };
      },
      { description: 'the first throttled DeleteRolePolicy', budgetMs: 100_000, intervalsMs: [50] },
    );
    await emu.stop();
    run = await running;
  });

  it('exits 1 although its step passed, and opens the summary with what was left', () => {
    expect(run.stdout).toMatch(/✔ log-group /);
    expect(run.code).toBe(1);
    expect(summaryLines(run.stdout)).toEqual([
      expect.stringMatching(/^ {2}✘ Teardown left 2 resources standing: role-policy DeliverVPCFlowLogsRole-lw-[0-9a-z-]+:DeliverVPCFlowLogsPolicy \(.*ECONNREFUSED.*\); role DeliverVPCFlowLogsRole-lw-[0-9a-z-]+ \(.*\)\. /),
    ]);
  });

  it('is a JUnit error testcase for the teardown that lists what was left', () => {
    const { suite, cases } = junit(dir());
    expect({ errors: suite.errors, failures: suite.failures, tests: suite.tests }).toEqual({ errors: '1', failures: '0', tests: '2' });
    expect(cases[0].name).toMatch(/^log-group: /);
    expect(cases[1]).toMatchObject({
      name: 'teardown: delete what the run created',
      // Run-scoped names: the role carries the run id.
      error: { type: 'teardown', '#text': expect.stringMatching(/left standing:\nrole-policy DeliverVPCFlowLogsRole-lw-[0-9a-z-]+:DeliverVPCFlowLogsPolicy\nrole DeliverVPCFlowLogsRole-lw-[0-9a-z-]+$/) },
    });
  });

  it('puts it at the top of the HTML report, and the ledger still lists both', () => {
    expect(visibleText(readFileSync(join(dir(), 'index.html'), 'utf8'))).toMatch(/^✗ Teardown left 2 resources standing: role-policy /);
    const ledger = JSON.parse(readFileSync(join(dir(), 'ledger.json'), 'utf8'));
    expect(ledger.entries.map((e: { kind: string }) => e.kind).sort()).toEqual(['role', 'role-policy']);
  });
});
