// Acceptance (issue 6, architecture §4): no secret in any output. A whole `labwright run --keep`
// goes through a recording proxy to a standalone emulator, with fake AWS credentials planted in
// the CLI's environment. The test learns the run's secrets the way an attacker on the wire would
// (the key pair's private key from the CreateKeyPair answer) and from the account (the SSH
// password from the instance's user data), then searches every file the run wrote, the console,
// the `env down` output and the emulator's request log for each of them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstanceAttributeCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { ROOT, runCli, type CliResult } from './helpers-cli';

jest.setTimeout(150_000);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomUpper = (n: number) => Array.from(randomBytes(n), (b) => ALNUM[b % ALNUM.length]).join('');
// Shaped like real credentials, different on every run so nothing can match them by accident.
const ACCESS_KEY_ID = `AKIA${randomUpper(16)}`;
const SECRET_ACCESS_KEY = randomBytes(30).toString('base64');
const SESSION_TOKEN = `IQoJb3JpZ2luX2Vj${randomBytes(180).toString('base64')}`;

interface Exchange {
  path: string;
  request: string;
  response: string;
}

/** A loopback HTTP proxy that forwards everything to `target` and keeps both bodies of each exchange. */
async function recordingProxy(target: string): Promise<{ endpoint: string; exchanges: Exchange[]; close(): Promise<void> }> {
  const upstream = new URL(target);
  const exchanges: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (d: Buffer) => body.push(d));
    req.on('end', () => {
      const sent = Buffer.concat(body);
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
        const got: Buffer[] = [];
        answer.on('data', (d: Buffer) => got.push(d));
        answer.on('end', () => {
          const received = Buffer.concat(got);
          exchanges.push({ path: req.url ?? '', request: sent.toString('utf8'), response: received.toString('utf8') });
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': String(received.length) });
          res.end(received);
        });
      });
      out.on('error', (err) => res.writeHead(502).end(err.message));
      out.end(sent);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every file under `dir`, recursively, as [relative path, text]. */
function filesUnder(dir: string): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return [path.slice(dir.length + 1), readFileSync(path, 'utf8')] as [string, string];
    });
}

let emu: TestEmulator;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let dir: string;
let run: CliResult;
let down: CliResult;
let userData: string | undefined;
let keyMode: number;
let privateKeyLines: string[];
let requestLog: string;
let keptFiles: Array<[string, string]>;

beforeAll(async () => {
  emu = await startTestEmulator();
  proxy = await recordingProxy(emu.endpoint);
  dir = mkdtempSync(join(tmpdir(), 'labwright-secrets-'));
  const env = { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN };
  run = await runCli(['run', '--endpoint', proxy.endpoint, '--keep', '--report-dir', dir], { env, timeoutMs: 120_000 });

  // The instance has no user data at all: the run's key pair is the only login, no password exists.
  const instances = (await emu.clients.ec2.send(new DescribeInstancesCommand({}))).Reservations!.flatMap((r) => r.Instances ?? []);
  const running = instances.filter((i) => i.State?.Name === 'running');
  expect(running).toHaveLength(1);
  const attr = await emu.clients.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: running[0].InstanceId, Attribute: 'userData' }));
  userData = attr.UserData?.Value;
  keyMode = statSync(join(dir, 'ssh-key.pem')).mode & 0o777;

  // The private key, from the CreateKeyPair answer on the wire.
  const created = proxy.exchanges.find((x) => /Action=CreateKeyPair/.test(x.request))!;
  const material = /<keyMaterial>([\s\S]*?)<\/keyMaterial>/.exec(created.response)![1].replace(/&#xA;|&#10;/g, '\n');
  privateKeyLines = material.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('-----'));

  // The files as the kept run left them (env down empties the ledger), and again afterwards.
  keptFiles = filesUnder(dir);
  down = await runCli(['env', 'down', '--endpoint', proxy.endpoint, '--ledger', join(dir, 'ledger.json')], { env });
  requestLog = await (await fetch(`${emu.endpoint}/_emulator/requests`)).text();
});
afterAll(async () => {
  await proxy?.close();
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('no secret in any output of a whole run', () => {
  it('ran the whole lab, logging in with the key pair (no user data, so no password), and removed it afterwards', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✔ ssh-accepted /);
    expect(down.code).toBe(0);
    expect(userData).toBeUndefined();
    expect(privateKeyLines.length).toBeGreaterThan(3);
  });

  it('--keep wrote the private key to the report folder, readable by its owner alone, and printed the ssh line', () => {
    expect(keyMode).toBe(0o600);
    expect(keptFiles.find(([name]) => name === 'ssh-key.pem')![1]).toContain(privateKeyLines[1]);
    expect(run.stdout).toMatch(new RegExp(`SSH in with: ssh -i ${join(dir, 'ssh-key.pem').replace(/[.\\/]/g, '\\$&')} -p \\d+ ec2-user@127\\.0\\.0\\.1 `));
  });

  it('wrote the report files, the ledger and the HTML page', () => {
    expect(keptFiles.map(([name]) => name)).toEqual(expect.arrayContaining(['report.json', 'junit.xml', 'index.html', 'ledger.json']));
  });

  it('finds none of the private key, the secret key, the session token or the access key id anywhere', () => {
    const secrets: Array<[string, string]> = [
      ['the secret access key', SECRET_ACCESS_KEY],
      ['the session token', SESSION_TOKEN],
      ['the whole access key id', ACCESS_KEY_ID],
      ['the private key body', privateKeyLines.join('')],
      ...privateKeyLines.filter((l) => l.length >= 16).map((l, i) => [`line ${i + 1} of the private key`, l] as [string, string]),
    ];
    const outputs: Array<[string, string]> = [
      // ssh-key.pem is where --keep puts the key on purpose (mode 0600, checked above).
      ...keptFiles.filter(([name]) => name !== 'ssh-key.pem').map(([name, text]) => [`${name} after the run`, text] as [string, string]),
      ...filesUnder(dir).filter(([name]) => name !== 'ssh-key.pem').map(([name, text]) => [`${name} after env down`, text] as [string, string]),
      ['run stdout', run.stdout],
      ['run stderr', run.stderr],
      ['env down stdout', down.stdout],
      ['env down stderr', down.stderr],
      ['the emulator request log', requestLog],
    ];
    const found = outputs.flatMap(([where, text]) => secrets.filter(([, value]) => text.includes(value)).map(([what]) => `${what} in ${where}`));
    expect(found).toEqual([]);
  });

  it('searched outputs that do carry the run (so the search is not vacuous)', () => {
    const kept = Object.fromEntries(keptFiles);
    expect(kept['report.json']).toContain('VPCFlowLogs');
    expect(kept['ledger.json']).toContain('"key-pair"');
    expect(kept['ledger.json']).toContain('"instance"');
    expect(run.stdout).toContain('Connecting with SSH to ec2-user@');
    // The wire did carry the secrets: the proxy saw the private key and the user data.
    expect(proxy.exchanges.some((x) => x.response.includes(privateKeyLines[1]))).toBe(true);
    expect(JSON.parse(requestLog).length).toBeGreaterThan(50);
  });
});
