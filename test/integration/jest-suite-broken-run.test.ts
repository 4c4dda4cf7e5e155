// Issue 16: a lab run as a jest suite (labwright/jest, what CI publishes through jest-junit)
// is red when the run broke: a provisioning failure is a failing test naming the failed call, not
// fourteen skipped tests. A real jest process runs a one-line suite against an emulator whose
// RunInstances fails every time; its JUnit (jest-junit) is read back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { ROOT } from './helpers-cli';

jest.setTimeout(180_000);

let emu: TestEmulator;
let dir: string;
let jestRun: { code: number | null; output: string };

beforeAll(async () => {
  emu = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'labwright-jest-suite-'));
  const res = await fetch(`${emu.endpoint}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ errorRate: 1, errorAfterShare: 0, seed: 1, services: ['ec2'], operations: ['RunInstances'] }),
  });
  expect(res.status).toBe(200);
  writeFileSync(
    join(dir, 'lab.test.ts'),
    `import { describeLab } from ${JSON.stringify(join(ROOT, 'jest'))};\ndescribeLab('vpc-flow-logs', { args: ['--endpoint', ${JSON.stringify(emu.endpoint)}, '--report-dir', ${JSON.stringify(join(dir, 'report'))}] });\n`,
  );
  const config = {
    rootDir: ROOT,
    roots: [dir],
    testMatch: ['**/lab.test.ts'],
    transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
    reporters: [['jest-junit', { outputDirectory: dir, outputName: 'junit.xml' }]],
  };
  jestRun = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', JSON.stringify(config), '--ci'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a lab suite whose environment cannot be provisioned', () => {
  it('fails the jest run, and its JUnit counts the provisioning failure, naming the failed call', () => {
    expect({ code: jestRun.code, tail: jestRun.output.slice(-400) }).toEqual({ code: 1, tail: expect.any(String) });
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(dir, 'junit.xml'), 'utf8'));
    const suite = [doc.testsuites.testsuite].flat()[0];
    const cases = [suite.testcase].flat();
    expect(Number(suite.failures) + Number(suite.errors)).toBeGreaterThanOrEqual(1);
    const failed = cases.filter((c: any) => c.failure !== undefined);
    expect(failed.map((c: any) => c.name)).toEqual([expect.stringMatching(/run: provisioning$/)]);
    expect(String([failed[0].failure].flat()[0]['#text'] ?? failed[0].failure)).toMatch(/The lab environment could not be provisioned: ec2:RunInstances failed/);
    // The steps are skipped once, without "skipped: Skipped: …".
    const skipped = cases.filter((c: any) => c.skipped !== undefined).map((c: any) => c.name as string);
    expect(skipped).toHaveLength(14);
    for (const name of skipped) expect(name).toMatch(/ \[\d+(\.\d)?s in the run\] \(Skipped: the lab environment could not be provisioned\.\)$/);
  });

  it('says honestly that the run happened before the tests (jest times only the report reading)', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(dir, 'junit.xml'), 'utf8'));
    const cases = [[doc.testsuites.testsuite].flat()[0].testcase].flat();
    for (const c of cases) expect(c.classname).toMatch(/^vpc-flow-logs \(labwright run ran before these tests, \d+(\.\d)?s; each test names its step's time in the run\)/);
  });
});
