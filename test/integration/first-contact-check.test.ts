// Issue 16, a student's first `labwright check`: with no flags it looks at their own AWS account
// (the SDK's default credentials and region), and a setup problem — no credentials, no region, an
// endpoint that is down or is not AWS, an unknown profile — is exit 2 with ONE line naming the fix,
// never a checklist of ✘. The real CLI runs as a child process with a controlled environment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { runCli, type CliResult } from './helpers-cli';

jest.setTimeout(120_000);

let home: string;
let emu: RunningEmulator;
let web: Server;
let webUrl: string;
let freeUrl: string;

/**
 * A student's shell: no AWS_* variables, an empty HOME (no ~/.aws), and no instance metadata
 * service (so nothing leaves this machine), plus `extra`.
 */
function studentEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && k !== 'LOCALSTACK_ENDPOINT') env[k] = v;
  return { ...env, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...extra };
}

/** Runs the CLI with a student's environment; `env` replaces the parent's AWS_* entirely. */
async function student(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = await runCli(args, { env: { ...studentEnv(extra) }, timeoutMs: 60_000 });
  return child;
}

/** One line on stderr, nothing on stdout, exit 2, no ✘ anywhere. */
function expectOneLine(r: CliResult): string {
  expect({ code: r.code, stdout: r.stdout, lines: r.stderr.trim().split('\n').length }).toEqual({ code: 2, stdout: '', lines: 1 });
  expect(r.stderr).not.toContain('✘');
  return r.stderr.trim();
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'labwright-home-'));
  emu = await startEmulator({ port: 0 });
  web = createServer((req, res) =>
    req.url?.startsWith('/missing')
      ? res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>404 Not Found</h1></body></html>')
      : res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>'),
  );
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  freeUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  await emu?.stop();
  await new Promise<void>((resolve) => web.close(() => resolve()));
  rmSync(home, { recursive: true, force: true });
});

describe('labwright check with no flags looks at the student’s own account', () => {
  it('without credentials: exit 2, one line that says how to give them or point elsewhere', async () => {
    const line = expectOneLine(await student(['check']));
    expect(line).toBe(
      'labwright: No AWS credentials found: labwright check looks at your own AWS account (--target aws): give it credentials with aws configure, aws sso login or AWS_PROFILE=NAME (or --profile NAME), or check an emulator with --endpoint URL or --target embedded.',
    );
  });

  it('with credentials but no region anywhere: exit 2 naming --region and AWS_REGION', async () => {
    const line = expectOneLine(await student(['check'], { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }));
    expect(line).toMatch(/^labwright: No AWS region set: pass --region .*set AWS_REGION/);
  });

  it('uses the SDK’s own chain: static keys and an endpoint from the environment reach the account, and the lab is judged (exit 1, not 2)', async () => {
    const r = await student(['check', 'log-group'], { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: emu.endpoint });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('labwright check · VPC Flow Logs for Network Monitoring (vpc-flow-logs) on aws · us-east-1');
  });

  it('an AWS endpoint that is a web server but not AWS: exit 2, "does not answer like AWS"', async () => {
    const line = expectOneLine(await student(['check'], { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: webUrl }));
    expect(line).toMatch(/^labwright: The server answering for AWS STS in us-east-1 does not answer like AWS \(sts:GetCallerIdentity got HTTP 200 without an account in it\)/);
  });

  it('an unknown --profile or AWS_PROFILE is named, with the files it is not in', async () => {
    writeFileSync(join(home, 'config'), '[profile lab]\nregion = eu-west-1\n');
    const flag = expectOneLine(await student(['check', '--profile', 'nosuch'], { AWS_CONFIG_FILE: join(home, 'config') }));
    expect(flag).toBe("labwright: The AWS profile 'nosuch' is not in ~/.aws/config or ~/.aws/credentials (from --profile; the profiles there are lab): check the spelling, or create it with aws configure --profile nosuch.");
    const env = expectOneLine(await student(['check'], { AWS_PROFILE: 'nosuch' }));
    expect(env).toBe("labwright: The AWS profile 'nosuch' is not in ~/.aws/config or ~/.aws/credentials (from AWS_PROFILE): set AWS_PROFILE to one of them or unset it.");
  });

  it('a region that AWS cannot have is exit 2, on every target; a real new region is accepted', async () => {
    expect(expectOneLine(await student(['check', '--region', 'mars-1']))).toBe("labwright: --region 'mars-1' is not an AWS region; write it like us-east-1 or eu-west-2 (the region your lab runs in).");
    expect(expectOneLine(await student(['check', '--target', 'embedded', '--region', 'mars-1']))).toContain("--region 'mars-1' is not an AWS region");
    expect(expectOneLine(await student(['run', '--region', 'us-east']))).toContain("--region 'us-east' is not an AWS region");
    expect(expectOneLine(await student(['check'], { AWS_REGION: 'moon' }))).toContain("AWS_REGION 'moon' is not an AWS region");
    const newRegion = await student(['check', 'log-group', '--region', 'mx-central-1', '--endpoint', emu.endpoint]);
    expect(newRegion.code).toBe(1);
  });
});

describe('check --endpoint', () => {
  it('at a port nobody listens on: exit 2 naming the endpoint as not reachable', async () => {
    const line = expectOneLine(await student(['check', '--endpoint', freeUrl]));
    expect(line).toBe(`labwright: Cannot reach the endpoint ${freeUrl}: connection refused (nothing listens there); start the emulator or server first, or fix --endpoint.`);
  });

  it('at a web server that is not AWS: exit 2, "does not answer like AWS"', async () => {
    const line = expectOneLine(await student(['check', '--endpoint', webUrl]));
    expect(line).toMatch(new RegExp(`^labwright: The endpoint ${webUrl} does not answer like AWS \\(sts:GetCallerIdentity got HTTP 200 without an account in it\\); check --endpoint`));
  });

  it('at a web server that answers 404 pages: exit 2, "does not answer like AWS", with the status and type', async () => {
    const line = expectOneLine(await student(['check', '--endpoint', `${webUrl}/missing`]));
    expect(line).toMatch(/does not answer like AWS \(sts:GetCallerIdentity got HTTP 404, text\/html\)/);
  });

  it('on a labwright emulator: the checklist, as before', async () => {
    const r = await student(['check', 'log-group', '--endpoint', emu.endpoint]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✘ +2\. Create the CloudWatch log group VPCFlowLogs/);
  });
});

describe('--target localstack when LocalStack is not up', () => {
  it('is named at once (connection refused), not after a silent 30 s wait', async () => {
    const line = expectOneLine(await student(['check', '--target', 'localstack'], { LOCALSTACK_ENDPOINT: freeUrl }));
    expect(line).toBe(`labwright: LocalStack is not running at ${freeUrl} (connection refused): start it with docker compose -f docker-compose.localstack.yml up -d, or set LOCALSTACK_ENDPOINT.`);
  });
});
