// Issue 16, "every flag answers": a typo in a step id gets "did you mean", and a flag that would do
// nothing where it is given is a usage error (exit 2, one line naming the fix) rather than silence.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { runInProcess } from '../cli-in-process';

jest.setTimeout(120_000);

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => emu?.stop());

/** Exit 2 and exactly one line, which is returned. */
async function usage(...args: string[]): Promise<string> {
  const r = await runInProcess(...args);
  expect({ code: r.code, lines: r.output.trim().split('\n').length }).toEqual({ code: 2, lines: 1 });
  return r.output.trim();
}

describe('unknown step ids get "did you mean"', () => {
  it('check flow-log-s4 suggests flow-log-s3 (not "Unknown lab")', async () => {
    expect(await usage('check', 'flow-log-s4', '--endpoint', emu.endpoint)).toMatch(/^labwright: Unknown step id 'flow-log-s4' \(did you mean flow-log-s3\?\) for lab vpc-flow-logs; its steps are: flow-log-s3, log-group, /);
  });

  it('a later step id of check, and run --only, say the same', async () => {
    expect(await usage('check', 'log-group', 'metric-filtre', '--endpoint', emu.endpoint)).toContain("'metric-filtre' (did you mean metric-filter?)");
    expect(await usage('run', '--only', 'log-group,flow-log-s4')).toMatch(/^labwright: Unknown step id 'flow-log-s4' \(did you mean flow-log-s3\?\) in --only; its steps are: /);
  });

  it('a typo in a lab id suggests the lab; a word near nothing names both lists', async () => {
    expect(await usage('check', 'vpc-flow-log', '--endpoint', emu.endpoint)).toMatch(/^labwright: Unknown lab 'vpc-flow-log' \(did you mean vpc-flow-logs\?\)/);
    expect(await usage('check', 'teleport', '--endpoint', emu.endpoint)).toMatch(/^labwright: 'teleport' is neither a lab nor a step of vpc-flow-logs: labs are .*; the steps of vpc-flow-logs are flow-log-s3, /);
  });
});

describe('flags that would do nothing are usage errors', () => {
  it.each([
    [['check', '--interval', '5s', '--endpoint', 'EMU'], 'labwright: --interval only applies with --watch: add --watch, or drop --interval.'],
    [['check', '--port', '8080', '--endpoint', 'EMU'], 'labwright: --port only applies with --watch: add --watch, or drop --port.'],
    [['run', '--seed-evidence'], 'labwright: --seed-evidence only applies to targets without flow-log delivery (LocalStack); embedded delivers real flow records: drop --seed-evidence.'],
    [['check', '--profile', 'student', '--endpoint', 'EMU'], 'labwright: --profile is an AWS shared-config profile and only applies to --target aws, not endpoint: drop it, or add --target aws.'],
    [['run', '--profile', 'student'], 'labwright: --profile is an AWS shared-config profile and only applies to --target aws, not embedded: drop it, or add --target aws.'],
    [['check', '--target', 'aws', '--endpoint', 'EMU'], "labwright: --endpoint does not go with --target aws (your own account is reached at AWS's endpoints): drop one of them."],
    [['env', 'up', '--endpoint', 'EMU', '--ledger', 'out/x/ledger.json'], 'labwright: --ledger only applies to env down (env up writes a new ledger and prints it): drop --ledger.'],
    [['run', '--ledger', 'out/x/ledger.json'], 'labwright: --ledger goes with --only: it runs those stages on a kept lab (without --only, run provisions a lab of its own).'],
    [['run', '--run-id', 'Nightly_7', '--endpoint', 'EMU'], "labwright: --run-id 'Nightly_7' is not usable in AWS names: use 3–40 lowercase letters, digits and dashes, starting with a letter or digit (e.g. nightly-1234)."],
    [['check', '--client-ip', 'my-laptop', '--endpoint', 'EMU'], "labwright: --client-ip must be the IPv4 address you connected from, such as 192.0.2.44, not 'my-laptop'."],
  ])('%j', async (args, line) => {
    expect(await usage(...args.map((a) => (a === 'EMU' ? emu.endpoint : a)))).toBe(line);
  });
});

describe('check --watch --port on a busy port', () => {
  let holder: Server;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('exits 2 naming the port', async () => {
    const port = (holder.address() as AddressInfo).port;
    expect(await usage('check', '--watch', '--port', String(port), '--endpoint', emu.endpoint)).toBe(
      `labwright: Port ${port} on 127.0.0.1 is already in use; choose another --port or leave it out for a free one.`,
    );
  });
});
