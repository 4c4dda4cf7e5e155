// Acceptance (issue 8): a run killed with SIGKILL cannot tear down; `labwright sweep` then finds
// what it left by the labwright:run-id tag and deletes it all, in dependency order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { added, inventory, kindsOf, runCli, startCli, type CliResult } from './helpers-cli';

jest.setTimeout(120_000);

let emu: TestEmulator;
let dir: string;
let before: string[];
let leftover: string[];
let dryRun: CliResult;
let afterDryRun: string[];
let sweep: CliResult;

beforeAll(async () => {
  emu = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'labwright-sigkill-'));
  before = await inventory(emu.clients);
  const cli = startCli(['run', '--endpoint', emu.endpoint, '--report-dir', dir]);
  await cli.waitForOutput(/▶ alarm\b/);
  cli.child.kill('SIGKILL');
  await cli.done;
  leftover = added(before, await inventory(emu.clients));
  dryRun = await runCli(['sweep', '--endpoint', emu.endpoint, '--older-than', '0m', '--dry-run']);
  afterDryRun = added(before, await inventory(emu.clients));
  sweep = await runCli(['sweep', '--endpoint', emu.endpoint, '--older-than', '0m']);
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('labwright sweep after a run killed with SIGKILL', () => {
  it('the killed run left its lab standing', () => {
    expect(kindsOf(leftover)).toEqual(expect.arrayContaining(['bucket', 'flow-log', 'instance', 'log-group', 'role', 'security-group', 'subnet', 'vpc']));
  });

  it('--dry-run lists what it would delete and deletes nothing', () => {
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/vpc-[0-9a-f]+/);
    expect(dryRun.stdout).toMatch(/lw-\d{8}t\d{4}-[0-9a-f]{6}/);
    expect(afterDryRun).toEqual(leftover);
  });

  it('sweep deletes everything the run left, and nothing else', async () => {
    expect(sweep.code).toBe(0);
    expect(added(before, await inventory(emu.clients))).toEqual([]);
  });
});
