// Issue 16: the pieces behind "every flag answers" — the region shape, the profile lookup in the
// shared files, the one line for a network failure (DNS, refused, timeout), "did you mean", and the
// near-miss rule for names.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isNearMiss } from '../../core/edit-distance';
import { assertKnownSteps, closest } from '../../bin/commands/did-you-mean';
import { connectionProblem, credentialLine } from '../../runner/targets/check-preflight';
import { assertProfileKnown, profilesIn, validateRegion } from '../../runner/targets/validate';

describe('regions', () => {
  test.each(['us-east-1', 'eu-west-2', 'ap-southeast-5', 'mx-central-1', 'us-gov-west-1', 'cn-north-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1'])('%s is accepted', (r) => {
    expect(() => validateRegion(r)).not.toThrow();
  });
  test.each(['mars-1', 'us-east', 'US-EAST-1', 'useast1', 'us-east-1a', ''])('%j is a usage error naming the flag', (r) => {
    expect(() => validateRegion(r)).toThrow(`--region '${r}' is not an AWS region; write it like us-east-1 or eu-west-2 (the region your lab runs in).`);
  });
});

describe('AWS profiles', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'labwright-aws-'));
    writeFileSync(join(dir, 'config'), '[default]\nregion = us-east-1\n\n[profile student]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n');
    writeFileSync(join(dir, 'credentials'), '[ci]\naws_access_key_id = x\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = () => ({ AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });

  it('reads profile names as the SDK does: [profile x] in config, [x] in credentials, sso-session is no profile', () => {
    expect(profilesIn('[default]\n[profile a]\n[sso-session s]\n', 'config')).toEqual(['default', 'a']);
    expect(profilesIn('[b]\n  [ c ]\n', 'credentials')).toEqual(['b', 'c']);
  });

  it('knows the profiles of either file', () => {
    for (const p of ['default', 'student', 'ci']) expect(() => assertProfileKnown(p, '--profile', env())).not.toThrow();
  });

  it('names an unknown profile, the files and the profiles they hold', () => {
    expect(() => assertProfileKnown('nosuch', '--profile', env())).toThrow(
      "The AWS profile 'nosuch' is not in ~/.aws/config or ~/.aws/credentials (from --profile; the profiles there are ci, default, student): check the spelling, or create it with aws configure --profile nosuch.",
    );
  });
});

describe('network problems are one line naming the cause', () => {
  it('a failed DNS lookup (no network) names DNS and the network', () => {
    // The error Node's resolver gives the SDK's HTTP handler offline (tests send nothing off loopback).
    const offline = Object.assign(new Error('getaddrinfo EAI_AGAIN sts.us-east-1.amazonaws.com'), { code: 'EAI_AGAIN', syscall: 'getaddrinfo', hostname: 'sts.us-east-1.amazonaws.com' });
    expect(connectionProblem(offline, 'AWS STS in us-east-1')?.message).toBe('Cannot reach AWS STS in us-east-1: the DNS lookup failed (EAI_AGAIN); check the network connection (and any proxy or VPN).');
    const typo = Object.assign(new Error('getaddrinfo ENOTFOUND emulatr.local'), { code: 'ENOTFOUND' });
    expect(connectionProblem(typo, 'the endpoint http://emulatr.local:4566', 'http://emulatr.local:4566')?.message).toBe(
      'Cannot reach the endpoint http://emulatr.local:4566: the DNS lookup failed (ENOTFOUND); check the network connection and the host name in --endpoint.',
    );
  });

  it('refused and timed-out connections are told apart from AWS errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(connectionProblem(refused, 'the endpoint http://127.0.0.1:9', 'http://127.0.0.1:9')?.message).toContain('connection refused (nothing listens there)');
    const timeout = Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' });
    expect(connectionProblem(timeout, 'AWS STS in eu-west-1')?.message).toMatch(/^Cannot reach AWS STS in eu-west-1: the network connection failed/);
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
    expect(connectionProblem(denied, 'AWS STS in eu-west-1')).toBeUndefined();
  });

  it('expired and rejected credentials name the fix', () => {
    expect(credentialLine(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }))?.message).toMatch(/^Your AWS credentials have expired \(ExpiredToken\): run aws sso login/);
    expect(credentialLine(Object.assign(new Error('bad'), { name: 'InvalidClientTokenId' }))?.message).toMatch(/^AWS rejected the credentials \(InvalidClientTokenId\)/);
  });
});

describe('did you mean', () => {
  const steps = ['flow-log-s3', 'log-group', 'flow-log-cloudwatch', 'metric-filter', 'alarm', 'alarm-fires'];
  it('suggests the nearest step id for a typo, and nothing for a word far from every id', () => {
    expect(closest('flow-log-s4', steps)).toBe('flow-log-s3');
    expect(closest('metric-filtre', steps)).toBe('metric-filter');
    expect(closest('alarms', steps)).toBe('alarm');
    expect(closest('teleport', steps)).toBeUndefined();
  });
  it('the usage error names each unknown id with its suggestion and the lab’s steps', () => {
    expect(() => assertKnownSteps(['log-group', 'flow-log-s4', 'xyzzy'], steps, 'in --only')).toThrow(
      `Unknown step ids 'flow-log-s4' (did you mean flow-log-s3?), 'xyzzy' in --only; its steps are: ${steps.join(', ')}.`,
    );
  });
});

describe('near-miss names', () => {
  it.each(['vpcflowlogs', 'VPCFLOWLOGS', 'VPC-Flow-Logs', 'VPCFlowLog', 'VPCFlowLogz'])('%s is a near miss of VPCFlowLogs', (n) => {
    expect(isNearMiss('VPCFlowLogs', n)).toBe(true);
  });
  it.each(['VPCFlowLogs', '/aws/lambda/x', 'FlowLogsArchive', 'vpc'])('%s is not', (n) => {
    expect(isNearMiss('VPCFlowLogs', n)).toBe(false);
  });
});
