// The conformance suite judged by two clients: the same cases (the VPC Flow Logs lab's operations on
// EC2, S3, Logs, CloudWatch, SNS, IAM, STS and Athena; success and error) run through the SDK v3
// clients and through botocore — Debian's python3-boto3 and any other botocore on PATH — with
// CloudWatch in every protocol the installed botocore's model lists. Each client must parse every
// answer and see the outcome the case expects.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { startTestEmulator, TEST_CREDENTIALS, TEST_REGION, type TestEmulator } from '../emulator/helpers';
import { loadCases, met, runWithSdk, type CaseResult } from './sdk-run';

const SCRIPT = join(__dirname, 'botocore_run.py');

/** Python interpreters with botocore, one per botocore version (Debian's first). */
function botocoreInterpreters(): Array<{ python: string; version: string }> {
  const found = new Map<string, string>();
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import botocore; print(botocore.__version__)'], { encoding: 'utf8' });
    const version = probe.status === 0 ? probe.stdout.trim() : '';
    if (version && !found.has(version)) found.set(version, python);
  }
  return [...found].map(([version, python]) => ({ python, version }));
}

interface BotocoreReport {
  botocore: string;
  runs: Array<{ cloudwatchProtocol: string; results: CaseResult[] }>;
}

function runBotocore(python: string, endpoint: string, runId: string): Promise<BotocoreReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [SCRIPT, endpoint, runId], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${python} ${SCRIPT} exited ${code}: ${err.slice(-2000)}`))));
  });
}

/** The cases whose outcome differs from the expected one, in a form that reads well in a failure. */
const unmet = (results: CaseResult[]) => results.filter((r) => !met(r)).map((r) => `#${r.index} ${r.service} ${r.operation}: expected ${r.expect}, got ${r.outcome}${r.message ? ` (${r.message})` : ''}`);

const interpreters = botocoreInterpreters();
const cases = loadCases();

describe('conformance: the lab operations through two clients', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    // Signatures checked: botocore's SigV4 signer judges the emulator's verification as well.
    emu = await startTestEmulator({ verifySignatures: true });
  });
  afterAll(() => emu.stop());

  it('SDK v3 parses every answer and sees what each case expects', async () => {
    const results = await runWithSdk(emu.clients, cases, { run: 'sdk' });
    expect(results).toHaveLength(cases.length);
    expect(unmet(results)).toEqual([]);
  }, 180_000);

  it.each([
    ['awsQuery', AwsQueryProtocol],
    ['RPC v2 CBOR', AwsSmithyRpcV2CborProtocol],
  ])('SDK v3 runs the CloudWatch cases over %s too', async (name, protocol) => {
    const cloudwatch = new CloudWatchClient({ endpoint: emu.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1, protocol } as NonNullable<ConstructorParameters<typeof CloudWatchClient>[0]>);
    const results = await runWithSdk({ ...emu.clients, cloudwatch }, cases.filter((c) => c.service === 'cloudwatch'), { run: `sdk-${name.replace(/\W/g, '')}`, topic: 'arn:aws:sns:us-east-1:000000000000:Default_CloudWatch_Alarms_Topic' });
    cloudwatch.destroy();
    expect(unmet(results)).toEqual([]);
  });

  if (interpreters.length === 0) {
    // CI installs python3-boto3 (.ci/run); without it there is no second client to judge by.
    it.skip('botocore: python3-boto3 is not installed (apt-get install python3-boto3), so the second client cannot run', () => undefined);
  }

  it.each(interpreters)('botocore $version ($python) parses every answer, CloudWatch in every protocol it speaks', async ({ python, version }) => {
    const report = await runBotocore(python, emu.endpoint, `boto-${version.replace(/\W/g, '')}`);
    expect(report.botocore).toBe(version);
    expect(report.runs[0].results).toHaveLength(cases.length);
    for (const run of report.runs) expect({ protocol: run.cloudwatchProtocol, unmet: unmet(run.results) }).toEqual({ protocol: run.cloudwatchProtocol, unmet: [] });
    // CloudWatch's awsQuery model (the one older botocore and many installed CLIs use) is always among the runs.
    expect(report.runs.map((r) => r.cloudwatchProtocol)).toContain('query');
  }, 300_000);
});
