// Checks of the SSH steps (4–6) against records written into VPCFlowLogs as AWS delivers them
// (one stream per ENI, message = record, timestamp = start), through the real SDK: each passes on
// the right records and groups, is pending while records may still come, and fails otherwise.
import { checkSshAccepted, checkSshRejected, checkSshRestored, solveFlowLogCloudWatch, solveLogGroup } from '../../scenarios/vpc-flow-logs/blocks';
import { CreateLogStreamCommand, DeleteLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteFlowLogsCommand, DescribeFlowLogsCommand, ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { FakeClock } from '../../core/clock';
import { clearSecrets } from '../../core/redact';
import { formatRecord } from '../../flowlogs';
import { LOG_GROUP } from '../../fixtures/vpc-flow-logs/lab';
import { swapSecurityGroups, TRAFFIC_STATE } from '../../steps/traffic';
import { startNetworkFixture, stopNetworkFixture, type NetworkFixture } from './network-helpers';

const CLIENT_IP = '203.0.113.7';
let f: NetworkFixture;
let stream: string;
const now = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  f = await startNetworkFixture({ clientIp: async () => CLIENT_IP });
  await solveLogGroup(f.ctx('run'));
  await solveFlowLogCloudWatch(f.ctx('run'));
  stream = `${f.env.eniId}-all`;
});
afterAll(async () => {
  await stopNetworkFixture(f);
  clearSecrets();
});
afterEach(async () => {
  await f.clients.logs.send(new DeleteLogStreamCommand({ logGroupName: LOG_GROUP, logStreamName: stream })).catch(() => undefined);
  await swapSecurityGroups(f.ctx('run'), 'SecurityGroupHTTPAndSSH');
});

/** A default-format record of TCP traffic to the Web Server, as delivery writes it. */
function record(action: 'ACCEPT' | 'REJECT', start: number, o: { src?: string; port?: number; eni?: string; bytes?: number } = {}): string {
  return formatRecord({
    version: 2,
    'account-id': f.env.accountId,
    'interface-id': o.eni ?? f.env.eniId,
    srcaddr: o.src ?? CLIENT_IP,
    dstaddr: f.env.privateIp,
    srcport: 40000 + (start % 1000),
    dstport: o.port ?? 22,
    protocol: 6,
    packets: action === 'ACCEPT' ? 24 : 2,
    bytes: o.bytes ?? (action === 'ACCEPT' ? 4065 : 120),
    start,
    end: start + 5,
    action,
    'log-status': 'OK',
  });
}

async function deliver(...lines: string[]): Promise<void> {
  await f.clients.logs.send(new CreateLogStreamCommand({ logGroupName: LOG_GROUP, logStreamName: stream })).catch(() => undefined);
  const events = lines.map((message) => ({ message, timestamp: Number(message.split(' ')[10]) * 1000 })).sort((a, b) => a.timestamp - b.timestamp);
  await f.clients.logs.send(new PutLogEventsCommand({ logGroupName: LOG_GROUP, logStreamName: stream, logEvents: events }));
}

/** A check context whose clock is an hour ahead: the delivery window is over, missing records are final. */
function late(mode: 'run' | 'check' = 'check') {
  return { ...f.ctx(mode), clock: new FakeClock(Date.now() + 3_600_000) };
}

describe('check ssh-accepted', () => {
  it('passes on an ACCEPT record for port 22 from the client IP, with the line as evidence', async () => {
    const line = record('ACCEPT', now - 30);
    await deliver(line);
    const r = await checkSshAccepted(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.evidence[0]).toEqual({ kind: 'flow-records', title: expect.stringContaining(CLIENT_IP), data: [line] });
  });

  it('is pending with an ETA while nothing has been delivered for a young flow log', async () => {
    const r = await checkSshAccepted(f.ctx('check'));
    expect(r.verdict).toBe('pending');
    expect(r.etaMs).toBeGreaterThan(0);
    expect(r.summary).toMatch(/log stream for the ENI does not exist yet/);
  });

  it('fails once the delivery window has passed, naming the client IP', async () => {
    const r = await checkSshAccepted(late());
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain(CLIENT_IP);
    expect(r.hint).toMatch(/Log in to the Web Server with SSH from this machine/);
  });

  it.each([
    ['from another address', { src: '198.51.100.9' }],
    ['to port 80', { port: 80 }],
    ['on another ENI', { eni: 'eni-0123456789abcdef0' }],
  ])('does not count an ACCEPT record %s', async (_name, o) => {
    await deliver(record('ACCEPT', now - 30, o), record('REJECT', now - 20));
    expect((await checkSshAccepted(late())).verdict).toBe('failed');
  });

  it('fails with a flow-log hint when the VPC has no flow log to VPCFlowLogs', async () => {
    const ids = (await f.clients.ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs!.map((x) => x.FlowLogId!);
    await f.clients.ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: ids }));
    try {
      const r = await checkSshAccepted(f.ctx('check'));
      expect(r).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/flow log that sends all traffic there/) });
    } finally {
      await solveFlowLogCloudWatch(f.ctx('run'));
    }
  });
});

describe('check ssh-rejected', () => {
  it('fails while the instance still has SecurityGroupHTTPAndSSH, naming its groups', async () => {
    const r = await checkSshRejected(f.ctx('run'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(/security groups are SecurityGroupHTTPAndSSH; for this step it should have only SecurityGroupHTTPOnly/);
  });

  it('fails when the instance has both groups', async () => {
    await f.clients.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: f.env.instanceId, Groups: [f.env.securityGroups.SecurityGroupHTTPOnly, f.env.securityGroups.SecurityGroupHTTPAndSSH] }));
    await deliver(record('REJECT', now - 20));
    const r = await checkSshRejected(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(/SecurityGroupHTTPOnly and SecurityGroupHTTPAndSSH|SecurityGroupHTTPAndSSH and SecurityGroupHTTPOnly/);
  });

  it('passes with only SecurityGroupHTTPOnly and a REJECT record', async () => {
    await swapSecurityGroups(f.ctx('run'), 'SecurityGroupHTTPOnly');
    await deliver(record('ACCEPT', now - 60), record('REJECT', now - 20));
    const r = await checkSshRejected(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.evidence[0].data).toEqual([record('REJECT', now - 20)]);
  });

  it('fails with only SecurityGroupHTTPOnly but no REJECT record once the window has passed', async () => {
    await swapSecurityGroups(f.ctx('run'), 'SecurityGroupHTTPOnly');
    await deliver(record('ACCEPT', now - 60));
    const r = await checkSshRejected(late());
    expect(r).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/no rejected SSH attempt from your address 203\.0\.113\.7/) });
  });

  it('in check mode, still passes for a student who already restored the groups (step 6)', async () => {
    await deliver(record('REJECT', now - 20));
    const r = await checkSshRejected(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toMatch(/has since been restored/);
  });

  it('in run mode, does not accept the restored groups', async () => {
    await deliver(record('REJECT', now - 20));
    expect((await checkSshRejected(f.ctx('run'))).verdict).toBe('failed');
  });
});

describe('check ssh-restored', () => {
  it('fails while the instance has only SecurityGroupHTTPOnly', async () => {
    await swapSecurityGroups(f.ctx('run'), 'SecurityGroupHTTPOnly');
    const r = await checkSshRestored(f.ctx('check'));
    expect(r).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/should have only SecurityGroupHTTPAndSSH again/) });
  });

  it('passes on an ACCEPT record newer than the REJECT record', async () => {
    await deliver(record('ACCEPT', now - 90), record('REJECT', now - 60), record('ACCEPT', now - 30));
    const r = await checkSshRestored(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.evidence[0].data).toEqual([record('ACCEPT', now - 30)]);
  });

  it('fails when the only ACCEPT record is older than the REJECT record', async () => {
    await deliver(record('ACCEPT', now - 90), record('REJECT', now - 60));
    const r = await checkSshRestored(late());
    expect(r).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/no accepted SSH connection .* after the blocked attempt/) });
  });

  it('is pending while the new ACCEPT may still be on its way', async () => {
    await deliver(record('ACCEPT', now - 90), record('REJECT', now - 60));
    expect((await checkSshRestored(f.ctx('check'))).verdict).toBe('pending');
  });

  it('fails without any REJECT record, since a new ACCEPT cannot be told apart', async () => {
    await deliver(record('ACCEPT', now - 90), record('ACCEPT', now - 30));
    expect(await checkSshRestored(late())).toMatchObject({ verdict: 'failed', hint: expect.stringMatching(/cannot tell a new accepted connection/) });
  });

  it('in check mode, later rejected traffic (the alarm step) does not undo the step', async () => {
    await deliver(record('REJECT', now - 90), record('ACCEPT', now - 60), record('REJECT', now - 30));
    expect((await checkSshRestored(f.ctx('check'))).verdict).toBe('passed');
  });

  it('in run mode, an ACCEPT that started before the restoring solve is not new', async () => {
    await deliver(record('REJECT', now - 90), record('ACCEPT', now - 60));
    const state = new Map<string, unknown>([[TRAFFIC_STATE.restoredAt, (now - 10) * 1000]]);
    const ctx = { ...f.ctx('run', state), clock: new FakeClock(Date.now() + 3_600_000) };
    expect((await checkSshRestored(ctx)).verdict).toBe('failed');
  });
});

describe("check finds the student's SSH from any address (CloudShell, Instance Connect, another NAT)", () => {
  const CLOUDSHELL = '198.51.100.20';
  const SCANNER = '192.0.2.99';
  const pinned = (ip: string) => {
    const ctx = late();
    return { ...ctx, target: { ...ctx.target, studentIp: ip } };
  };

  it('passes on SSH from another address than this machine, naming the address it took and why', async () => {
    await deliver(record('ACCEPT', now - 30, { src: CLOUDSHELL }));
    const r = await checkSshAccepted(late());
    expect(r.verdict).toBe('passed');
    expect(r.summary).toBe(`VPCFlowLogs holds 1 ACCEPT record(s) of SSH from ${CLOUDSHELL} to the Web Server (the address with accepted SSH).`);
  });

  it('takes the login, not a scanner: the source whose accepted SSH moved the most data, and names the others', async () => {
    await deliver(record('ACCEPT', now - 50, { src: SCANNER, bytes: 180 }), record('REJECT', now - 45, { src: SCANNER }), record('ACCEPT', now - 30, { src: CLOUDSHELL }));
    const r = await checkSshAccepted(late());
    expect(r.verdict).toBe('passed');
    expect(r.summary).toContain(`from ${CLOUDSHELL} to the Web Server (the address whose accepted SSH moved the most data; also seen: ${SCANNER} (1 ACCEPT, 1 REJECT))`);
  });

  it("prefers this machine's own public address when records from it exist", async () => {
    await deliver(record('ACCEPT', now - 50, { src: CLOUDSHELL, bytes: 90_000 }), record('ACCEPT', now - 30));
    const r = await checkSshAccepted(late());
    expect(r.summary).toContain(`from ${CLIENT_IP} to the Web Server (this machine's public address; also seen: ${CLOUDSHELL} (1 ACCEPT))`);
  });

  it('--client-ip pins the address: records from others do not count, and the hint names them', async () => {
    await deliver(record('ACCEPT', now - 30, { src: CLOUDSHELL }));
    const r = await checkSshAccepted(pinned('203.0.113.200'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('from your address 203.0.113.200');
    expect(r.hint).toContain(`SSH records to it came from ${CLOUDSHELL} (1 ACCEPT); if one of them is you (CloudShell, another network), pass it with --client-ip.`);
    expect((await checkSshAccepted(pinned(CLOUDSHELL))).summary).toContain(`from ${CLOUDSHELL} to the Web Server (your --client-ip)`);
  });

  it('judges the rejected attempt by the same address', async () => {
    await swapSecurityGroups(f.ctx('run'), 'SecurityGroupHTTPOnly');
    await deliver(record('ACCEPT', now - 60, { src: CLOUDSHELL }), record('REJECT', now - 20, { src: CLOUDSHELL }), record('REJECT', now - 10, { src: SCANNER }));
    const r = await checkSshRejected(late());
    expect(r.verdict).toBe('passed');
    expect(r.evidence[0].data).toEqual([record('REJECT', now - 20, { src: CLOUDSHELL })]);
    expect(r.summary).toContain(`from ${CLOUDSHELL} (the address with accepted SSH; also seen: ${SCANNER} (1 REJECT))`);
  });

  it('a run still counts only its own traffic (it made the connections itself)', async () => {
    await deliver(record('ACCEPT', now - 30, { src: CLOUDSHELL }));
    expect((await checkSshAccepted(late('run'))).verdict).toBe('failed');
  });
});
