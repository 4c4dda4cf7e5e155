import type { ServiceName } from '../../emulator/framework/types';
import { invalidCases, type InvalidCase } from '../fuzz/invalid-inputs';
import { seedValidState, stateDump } from '../fuzz/state';
import { useTestEmulator, type TestEmulator } from './helpers';

// Bounded and seeded: the same cases every run (LABWRIGHT_FUZZ_SEED / _PER_OP change them).
const SEED = Number(process.env.LABWRIGHT_FUZZ_SEED ?? 1717);
const PER_OPERATION = Number(process.env.LABWRIGHT_FUZZ_PER_OP ?? 40);
const SERVICES: ServiceName[] = ['logs', 'monitoring', 'athena', 'iam', 'sns', 'ec2', 's3'];
const CLIENT_OF: Record<string, string> = { monitoring: 'cloudwatch' };
const PACKAGE_OF: Record<string, string> = {
  logs: '@aws-sdk/client-cloudwatch-logs',
  monitoring: '@aws-sdk/client-cloudwatch',
  athena: '@aws-sdk/client-athena',
  iam: '@aws-sdk/client-iam',
  sns: '@aws-sdk/client-sns',
  ec2: '@aws-sdk/client-ec2',
  s3: '@aws-sdk/client-s3',
};

/** Sends one case through the real SDK v3 client; 'not-sent' when the SDK refused it before the wire. */
async function send(emu: TestEmulator, c: InvalidCase): Promise<{ status?: number; name?: string; outcome: 'refused' | 'accepted' | 'not-sent' }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Command = require(PACKAGE_OF[c.service])[`${c.operation}Command`];
  const client = (emu.clients as unknown as Record<string, { send(cmd: unknown): Promise<unknown> }>)[CLIENT_OF[c.service] ?? c.service];
  try {
    await client.send(new Command(c.input));
    return { outcome: 'accepted', status: 200 };
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; $response?: unknown };
    const status = e.$metadata?.httpStatusCode;
    if (status === undefined) return { outcome: 'not-sent', name: e.name };
    return { outcome: 'refused', status, name: e.name };
  }
}

describe('generated invalid input (seeded fuzz through the SDK v3 clients)', () => {
  const emu = useTestEmulator({ engines: false }, { resetEachTest: false });
  // The S3 client warns about every string body of unknown length; thousands of warnings say nothing.
  beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it.each(SERVICES)('%s: every invalid input gets a parsed 4xx and nothing is stored', async (service) => {
    await emu.emulator.reset();
    await seedValidState(emu);
    const before = stateDump(emu);
    expect(before).toContain('fuzz-bucket');
    const cases = invalidCases(service, SEED, PER_OPERATION);
    expect(cases.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    let sent = 0;
    for (const c of cases) {
      const r = await send(emu, c);
      if (r.outcome === 'not-sent') continue;
      sent++;
      // A named error (the SDK parsed the body), status 4xx: never accepted, never a 5xx.
      const ok = r.outcome === 'refused' && r.status !== undefined && r.status >= 400 && r.status < 500 && !!r.name && r.name !== 'Error' && !r.name.startsWith('Unknown');
      if (!ok) wrong.push(`${c.operation} ${c.mutation} ${c.path}: ${r.outcome} ${r.status} ${r.name}`);
    }
    expect(wrong).toEqual([]);
    // Most cases reach the wire; those the SDK refuses itself (an S3 Bucket or Key label left out) prove nothing here.
    expect(sent).toBeGreaterThan(service === 's3' ? 5 : cases.length / 2);
    expect(stateDump(emu)).toEqual(before);
  });
});
