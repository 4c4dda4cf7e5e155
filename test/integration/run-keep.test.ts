// Acceptance (issue 6): `labwright run --keep` leaves the lab standing and prints the exact
// command that removes it; running that command removes everything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { added, inventory, kindsOf, LAB_KINDS, runCli, type CliResult } from './helpers-cli';

jest.setTimeout(120_000);

// Every step that creates something, without the slow traffic steps: the whole environment plus
// both flow logs, the log group, the metric filter, the alarm, its topic and subscription.
const ONLY = ['flow-log-s3', 'log-group', 'flow-log-cloudwatch', 'metric-filter', 'alarm', 'athena-result-location', 'athena-table', 'athena-partition'];

let emu: TestEmulator;
let dir: string;
let before: string[];
let kept: string[];
let run: CliResult;

beforeAll(async () => {
  emu = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'labwright-run-keep-'));
  before = await inventory(emu.clients);
  run = await runCli(['run', '--endpoint', emu.endpoint, '--keep', '--only', ONLY.join(','), '--report-dir', dir]);
  kept = added(before, await inventory(emu.clients));
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('labwright run --keep', () => {
  it('passes and leaves every kind of resource of the lab standing', () => {
    expect(run.code).toBe(0);
    expect(kindsOf(kept)).toEqual(LAB_KINDS);
    expect(run.stdout).not.toMatch(/Deleting /);
  });

  it('prints the exact command that removes the lab', () => {
    const ledger = join(dir, 'ledger.json');
    expect(run.stdout).toContain(`Remove them with: labwright env down --endpoint ${emu.endpoint} --ledger ${ledger}\n`);
    expect(run.stdout).toMatch(/The lab is still standing \(--keep\): \d+ resources\./);
  });

  it('removes everything with that command', async () => {
    const command = /Remove them with: labwright (env down .*)$/m.exec(run.stdout)![1].split(' ');
    const down = await runCli(command);
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/^Deleted \d+ resources\.$/m);
    expect(added(before, await inventory(emu.clients))).toEqual([]);
  });
});
