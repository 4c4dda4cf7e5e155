// The lab by hand with the AWS CLI against `labwright emulator` (the standalone command): Debian's
// awscli does the whole lab, VPC to Athena, with CloudWatch over its awsQuery model; any other CLI on
// PATH runs the CloudWatch part in its own default protocol and again forced to awsQuery (a copy of
// its CloudWatch model on AWS_DATA_PATH). The emulator checks signatures, so the CLI's signer is judged too.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(__dirname, 'aws-cli-lab.sh');

interface Cli {
  bin: string;
  version: string;
  /** The Python the CLI runs on (its botocore is the one to copy CloudWatch's model from). */
  python?: string;
}

function findClis(): Cli[] {
  const found = new Map<string, Cli>();
  const onPath = spawnSync('bash', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim();
  for (const candidate of ['/usr/bin/aws', onPath]) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    const version = `${probe.stdout}${probe.stderr}`.trim().split(' ')[0];
    if (probe.status !== 0 || !version || found.has(version)) continue;
    found.set(version, { bin: candidate, version, python: pythonOf(candidate) });
  }
  return [...found.values()];
}

function pythonOf(bin: string): string | undefined {
  let real = realpathSync(bin);
  if (!readFileSync(real, 'utf8').startsWith('#!') || !/python/.test(readFileSync(real, 'utf8').split('\n')[0])) {
    // A pyenv shim: ask pyenv for the script it runs.
    real = spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    if (!real) return undefined;
  }
  const shebang = readFileSync(real, 'utf8').split('\n')[0];
  return /^#!(\S*python\S*)/.exec(shebang)?.[1];
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('close', (code) => resolve({ code, out }));
  });
}

/** Starts `labwright emulator --port 0` and resolves with its endpoint once it listens. */
function startCliEmulator(): Promise<{ child: ChildProcess; endpoint: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'labwright.js'), 'emulator', '--port', '0', '--verify-signatures'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, endpoint: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`labwright emulator exited ${code}: ${out}`)));
  });
}

const clis = findClis();
const debian = clis.find((c) => c.bin === '/usr/bin/aws') ?? clis[0];
const others = clis.filter((c) => c !== debian);

describe('the lab by hand with the AWS CLI against labwright emulator', () => {
  let emulator: { child: ChildProcess; endpoint: string };
  beforeAll(async () => {
    emulator = await startCliEmulator();
  }, 120_000);
  afterAll(async () => {
    const exited = new Promise((r) => emulator.child.once('exit', r));
    emulator.child.kill('SIGTERM');
    await exited;
  });

  if (!debian) it.skip('awscli is not installed (apt-get install awscli), so the CLI session cannot run', () => undefined);
  else {
    it(`${debian.version} (${debian.bin}) does the whole lab, VPC to Athena`, async () => {
      const r = await run('bash', [SCRIPT, emulator.endpoint, debian.bin, 'deb', 'all']);
      expect({ code: r.code, tail: r.out.split('\n').slice(-6) }).toEqual({ code: 0, tail: expect.arrayContaining(['CLI LAB OK']) });
    }, 600_000);
  }

  it.each(others)('$version runs the CloudWatch part in its default protocol and forced to awsQuery', async (cli) => {
    const plain = await run('bash', [SCRIPT, emulator.endpoint, cli.bin, 'cli-default', 'cloudwatch']);
    expect({ code: plain.code, out: plain.out.trim().split('\n').pop() }).toEqual({ code: 0, out: 'CLI CLOUDWATCH OK' });
    if (!cli.python) return;
    const dataPath = mkdtempSync(join(tmpdir(), 'cw-query-model-'));
    try {
      const made = await run(cli.python, ['-c', FORCE_QUERY, dataPath]);
      expect(made.code).toBe(0);
      const forced = await run('bash', [SCRIPT, emulator.endpoint, cli.bin, 'cli-query', 'cloudwatch'], { AWS_DATA_PATH: dataPath });
      expect({ code: forced.code, out: forced.out.trim().split('\n').pop() }).toEqual({ code: 0, out: 'CLI CLOUDWATCH OK' });
    } finally {
      rmSync(dataPath, { recursive: true, force: true });
    }
  }, 600_000);
});

// Writes a copy of the CLI's CloudWatch model whose only protocol is awsQuery where AWS_DATA_PATH finds it.
const FORCE_QUERY = `
import copy, json, os, sys, botocore.loaders
m = copy.deepcopy(botocore.loaders.create_loader().load_service_model('cloudwatch', 'service-2'))
m['metadata']['protocol'] = 'query'
m['metadata']['protocols'] = ['query']
where = os.path.join(sys.argv[1], 'cloudwatch', m['metadata']['apiVersion'])
os.makedirs(where)
json.dump(m, open(os.path.join(where, 'service-2.json'), 'w'))
`;
