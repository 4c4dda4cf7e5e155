// Issue 16, "follow-ups that work": `run --keep` on the embedded target keeps serving the lab in the
// foreground until Ctrl-C, so the printed `env down` command works as printed; `env up` and
// `--keep` say how to SSH in (user, a key file only its owner can read, a host and port that answer
// SSH from this machine); `run --only … --ledger` runs stages on the lab a kept run left standing.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { CleanupLedger } from '../../runner/ledger';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { added, inventory, ROOT, runCli, startCli } from './helpers-cli';

jest.setTimeout(180_000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'labwright-first-contact-keep-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SSH_LINE = /^SSH in with: ssh -i (\S+) -p (\d+) (\S+)@(\S+) {2}\(user \S+, key \S+, mode 0600\)$/m;

/** The first line a TCP server sends at host:port (an SSH server sends its version banner first). */
function banner(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => undefined);
    socket.setEncoding('utf8');
    socket.once('data', (d: string) => {
      socket.destroy();
      resolve(d.split('\r\n')[0]);
    });
    socket.once('error', reject);
  });
}

/** Checks a printed SSH line: the key file is there with mode 0600 and the address answers SSH. */
async function expectWorkingSshLine(stdout: string): Promise<{ user: string; keyFile: string }> {
  const m = SSH_LINE.exec(stdout);
  expect(m).not.toBeNull();
  const [, keyFile, port, user, host] = m!;
  expect(host).toBe('127.0.0.1');
  // Beside the ledger that removes the lab (the report folder of run --keep, out/<run id>/ of env up).
  expect(keyFile).toMatch(/\/ssh-key\.pem$/);
  const path = isAbsolute(keyFile) ? keyFile : join(ROOT, keyFile);
  expect(existsSync(path)).toBe(true);
  expect((statSync(path).mode & 0o777).toString(8)).toBe('600');
  expect(await banner(host, Number(port))).toMatch(/^SSH-2\.0-/);
  return { user, keyFile };
}

describe('run --keep on the embedded target', () => {
  it('keeps serving until Ctrl-C; the printed env down command and SSH line work while it serves', async () => {
    const reportDir = join(dir, 'keep');
    const cli = startCli(['run', '--keep', '--only', 'log-group,metric-filter', '--report-dir', reportDir]);
    await cli.waitForOutput(/keeps serving the lab at http:\/\/127\.0\.0\.1:\d+ until Ctrl-C/, 120_000);
    const out = cli.stdout();
    const command = /Remove them with: labwright (env down --endpoint (\S+) --ledger (\S+))$/m.exec(out);
    expect(command).not.toBeNull();
    expect(command![3]).toBe(join(reportDir, 'ledger.json'));
    const { user } = await expectWorkingSshLine(out);
    expect(user).toBe('ec2-user');

    const down = await runCli(command![1].split(' '));
    expect({ code: down.code, stderr: down.stderr }).toEqual({ code: 0, stderr: '' });
    expect(down.stdout).toMatch(/^Deleted \d+ resources\.$/m);
    expect(cli.child.exitCode).toBeNull();

    cli.child.kill('SIGINT');
    const end = await cli.done;
    expect(end.code).toBe(0);
    expect(end.stdout.trim().split('\n').pop()).toBe('Stopped serving the kept lab.');
  });

  it('without --keep, a run exits as before: nothing is served and no SSH line is printed', async () => {
    const r = await runCli(['run', '--only', 'log-group', '--report-dir', join(dir, 'plain')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/keeps serving|SSH in with/);
  });
});

describe('env up, run --only --ledger and env down on a standalone emulator', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(async () => emu?.stop());

  it('env up prints how to SSH in; run --only --ledger adds stages to that lab; env down removes it all', async () => {
    const before = await inventory(emu.clients);
    const up = await runCli(['env', 'up', '--endpoint', emu.endpoint]);
    expect(up.code).toBe(0);
    await expectWorkingSshLine(up.stdout);
    const ledger = /--ledger (\S+)$/m.exec(up.stdout)![1];
    const afterUp = await inventory(emu.clients);
    const envSize = new CleanupLedger(ledger).size;

    const stages = await runCli(['run', '--only', 'log-group,metric-filter', '--ledger', ledger, '--endpoint', emu.endpoint, '--report-dir', join(dir, 'stages')]);
    expect(stages.code).toBe(0);
    // The stages ran on the kept lab: no second VPC or instance, only the log group and its filter.
    expect(added(afterUp, await inventory(emu.clients)).map((e) => e.split(' ')[0]).sort()).toEqual(['log-group', 'metric-filter']);
    expect(new CleanupLedger(ledger).size).toBe(envSize + 2);
    expect(stages.stdout).toContain(`Remove them with: labwright env down --endpoint ${emu.endpoint} --ledger ${ledger}`);

    const down = await runCli(['env', 'down', '--endpoint', emu.endpoint, '--ledger', ledger]);
    expect(down.code).toBe(0);
    expect(added(before, await inventory(emu.clients))).toEqual([]);
  });
});
