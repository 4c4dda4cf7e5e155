// What the AWS CLI conformance tests share: the CLIs installed, a standalone `labwright emulator`
// (checking signatures) for them to talk to, and a way to run the session script (aws-cli-lab.sh).
// Two files use it so the whole lab (Debian's awscli) and the CloudWatch part (any other CLI) run in
// parallel jest workers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const SCRIPT = join(__dirname, 'aws-cli-lab.sh');

export interface Cli {
  bin: string;
  version: string;
  /** The Python the CLI runs on (its botocore is the one to copy CloudWatch's model from). */
  python?: string;
}

/** The AWS CLIs on this machine, one per version (Debian's /usr/bin/aws and whatever is on PATH). */
export function findClis(): Cli[] {
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

/**
 * The environment that makes aws-cli-lab.sh run its commands in one CLI process (aws_cli_session.py)
 * rather than one per command: a Python start-up and the CLI's imports cost ~0.7 s of CPU each time.
 */
export function sessionEnv(cli: Cli): NodeJS.ProcessEnv {
  return cli.python ? { AWS_CLI_PYTHON: cli.python } : {};
}

/** Runs a command to its end, stdout and stderr together. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('close', (code) => resolve({ code, out }));
  });
}

/** Starts `labwright emulator --port 0` and resolves with its endpoint once it listens. */
export function startCliEmulator(): Promise<{ child: ChildProcess; endpoint: string }> {
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

/** A standalone emulator for one test file: started before its tests, stopped (SIGTERM, awaited) after. */
export function useCliEmulator(): { readonly endpoint: string } {
  let emulator: { child: ChildProcess; endpoint: string } | undefined;
  beforeAll(async () => {
    emulator = await startCliEmulator();
  }, 120_000);
  afterAll(async () => {
    if (!emulator) return;
    const exited = new Promise((r) => emulator!.child.once('exit', r));
    emulator.child.kill('SIGTERM');
    await exited;
  });
  return {
    get endpoint() {
      return emulator!.endpoint;
    },
  };
}

const clis = findClis();
/** The CLI that does the whole lab: Debian's awscli (CloudWatch over its awsQuery model), else the first found. */
export const debian: Cli | undefined = clis.find((c) => c.bin === '/usr/bin/aws') ?? clis[0];
/** Every other CLI: runs the CloudWatch part in its default protocol and forced to awsQuery. */
export const others: Cli[] = clis.filter((c) => c !== debian);

// Writes a copy of the CLI's CloudWatch model whose only protocol is awsQuery where AWS_DATA_PATH finds it.
export const FORCE_QUERY = `
import copy, json, os, sys, botocore.loaders
m = copy.deepcopy(botocore.loaders.create_loader().load_service_model('cloudwatch', 'service-2'))
m['metadata']['protocol'] = 'query'
m['metadata']['protocols'] = ['query']
where = os.path.join(sys.argv[1], 'cloudwatch', m['metadata']['apiVersion'])
os.makedirs(where)
json.dump(m, open(os.path.join(where, 'service-2.json'), 'w'))
`;
