// The traffic solves with a scripted SSH outcome: retries while the instance boots, a rejected
// login is final, SSH that should time out but works is an error, and groups are always swapped back.
import { solveSshAccepted, solveSshRejected, traffic } from '../../scenarios/vpc-flow-logs/blocks';
import type { Ctx as LabContext } from '../../scenarios/vpc-flow-logs/blocks';
import { systemClock } from '../../core/clock';
import type { SshResult } from '../../steps/ssh';

const outcomes: SshResult[] = [];
jest.mock('../../steps/ssh', () => ({ sshLogin: jest.fn(async () => outcomes.shift() ?? { ok: false, reason: 'refused', message: 'no more outcomes' }) }));
// Imported after the mock so the solves use it.
import { generateRejectedSsh, secondAfterDropped, TRAFFIC_STATE } from '../../steps/traffic';

const OK: SshResult = { ok: true, output: 'cloud_user', host: '127.0.0.1', port: 22, fingerprint: 'SHA256:x' };
const TIMEOUT: SshResult = { ok: false, reason: 'timeout', message: 'Timed out while waiting for handshake' };
const REFUSED: SshResult = { ok: false, reason: 'refused', message: 'connect ECONNREFUSED' };
const AUTH: SshResult = { ok: false, reason: 'auth', message: 'All configured authentication methods failed' };

function ctx() {
  const groups: string[][] = [];
  const flushes: number[] = [];
  const c = {
    env: { instanceId: 'i-1', securityGroups: { SecurityGroupHTTPOnly: 'sg-http', SecurityGroupHTTPAndSSH: 'sg-ssh' } },
    target: {
      capabilities: new Set(['instance-ssh']),
      budgetScale: 1,
      intervalsMs: [1],
      flushFlowLogs: async () => void flushes.push(1),
    },
    clients: { ec2: { send: async (cmd: { input: { Groups: string[] } }) => void groups.push(cmd.input.Groups) } },
    state: new Map(),
    clock: systemClock,
    signal: new AbortController().signal,
    log: () => undefined,
  } as unknown as LabContext;
  return { c, groups, flushes };
}

beforeEach(() => void (outcomes.length = 0));

describe('solveSshAccepted', () => {
  it('retries refused and timed-out logins while the instance boots, then flushes', async () => {
    outcomes.push(REFUSED, TIMEOUT, OK);
    const { c, flushes } = ctx();
    await solveSshAccepted(c);
    expect(outcomes).toEqual([]);
    expect(flushes).toHaveLength(1);
  });

  it('retries a rejected login: sshd answers before cloud-init has created the lab user', async () => {
    outcomes.push(AUTH, AUTH, OK);
    await solveSshAccepted(ctx().c);
    expect(outcomes).toEqual([]);
  });

  it('stops at once when the host key changed', async () => {
    const changed: SshResult = { ok: false, reason: 'auth', message: 'The host key of i-1 changed (now SHA256:b, before SHA256:a).' };
    outcomes.push(changed, OK);
    await expect(solveSshAccepted(ctx().c)).rejects.toThrow(/should have been accepted .* host key of i-1 changed/);
    expect(outcomes).toEqual([OK]);
  });

  it('gives up on a login that cloud-init never creates, within the boot budget, saying so', async () => {
    outcomes.push(...Array.from({ length: 50 }, () => AUTH));
    const { c } = ctx();
    (c.target as { budgetScale: number }).budgetScale = 0.0001;
    await expect(solveSshAccepted(c)).rejects.toThrow(/should have been accepted .* authentication methods failed/);
  });
});

describe('solveSshRejected', () => {
  it('swaps to HTTP-only and fails clearly when SSH still works', async () => {
    outcomes.push(OK);
    const { c, groups } = ctx();
    await expect(solveSshRejected(c)).rejects.toThrow(/succeeded although it has only SecurityGroupHTTPOnly/);
    expect(groups).toEqual([['sg-http']]);
  });

  it('accepts a timeout and records when it tried', async () => {
    outcomes.push(TIMEOUT);
    const { c } = ctx();
    await solveSshRejected(c);
    expect(typeof c.state.get('ssh-rejected.at')).toBe('number');
  });
});

describe('generateRejectedSsh', () => {
  it('makes each attempt time out and swaps back to HTTP-and-SSH', async () => {
    outcomes.push(TIMEOUT, TIMEOUT, TIMEOUT);
    const { c, groups, flushes } = ctx();
    const times = await generateRejectedSsh(c, traffic);
    expect(times).toHaveLength(3);
    expect(groups).toEqual([['sg-http'], ['sg-ssh']]);
    expect(flushes).toHaveLength(1);
  });

  it('swaps back even when an attempt gets through', async () => {
    outcomes.push(TIMEOUT, OK);
    const { c, groups } = ctx();
    await expect(generateRejectedSsh(c, traffic)).rejects.toThrow(/succeeded although/);
    expect(groups).toEqual([['sg-http'], ['sg-ssh']]);
  });
});

describe('the restoring SSH waits for a second no dropped attempt was stamped in', () => {
  const at = (iso: string) => Date.parse(iso);

  it("starts from the flush after the dropped attempt: the emulator may stamp its REJECT well after the client's connect", async () => {
    // The attempt's connect call was 2 s ago (its timeout since ran out); the flush returns now.
    outcomes.push({ ...TIMEOUT, startedAt: Date.now() - 2000 });
    const { c } = ctx();
    const before = Date.now();
    await solveSshRejected(c);
    const stampedBy = c.state.get(TRAFFIC_STATE.droppedStampedBy) as number;
    expect(stampedBy).toBeGreaterThanOrEqual(before);
    // The flush returned after the connect: the second to wait for follows the flush, not connect + slack.
    expect(secondAfterDropped(c.state, stampedBy)).toBe((Math.floor(stampedBy / 1000) + 1) * 1000);
  });

  it('counts the connect plus slack, and the flush, whichever is later', () => {
    const state = new Map<string, unknown>([[TRAFFIC_STATE.lastDroppedAt, at('2026-12-07T10:00:00.900Z')]]);
    expect(secondAfterDropped(state, 0)).toBe(at('2026-12-07T10:00:01.000Z'));
    // The connect at :00.900 was stamped by :01.200 (a loaded emulator): :01 may hold its REJECT.
    state.set(TRAFFIC_STATE.droppedStampedBy, at('2026-12-07T10:00:01.200Z'));
    expect(secondAfterDropped(state, 0)).toBe(at('2026-12-07T10:00:02.000Z'));
    state.set(TRAFFIC_STATE.lastDroppedAt, at('2026-12-07T10:00:02.990Z'));
    expect(secondAfterDropped(state, 0)).toBe(at('2026-12-07T10:00:04.000Z'));
  });

  it('with the emulator in this process, starts from when the client saw the dropped connection open', async () => {
    const connectedAt = Date.now() - 1500;
    outcomes.push({ ...TIMEOUT, startedAt: connectedAt - 30, connectedAt });
    const { c } = ctx();
    (c.target as { inProcess?: boolean }).inProcess = true;
    await solveSshRejected(c);
    expect(c.state.has(TRAFFIC_STATE.droppedStampedBy)).toBe(false);
    expect(c.state.get(TRAFFIC_STATE.lastDroppedAt)).toBe(connectedAt);
  });

  it('without a flush (AWS), does not claim a stamp time', async () => {
    outcomes.push(TIMEOUT);
    const { c } = ctx();
    (c.target as { flushFlowLogs?: unknown }).flushFlowLogs = undefined;
    await solveSshRejected(c);
    expect(c.state.has(TRAFFIC_STATE.droppedStampedBy)).toBe(false);
  });
});
