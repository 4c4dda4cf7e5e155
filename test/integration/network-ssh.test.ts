// Steps 1–6 end to end on the emulator's data plane: real SSH through the security-group front
// door, real flow records delivered to VPCFlowLogs and S3, run by the scheduler, then re-checked
// read-only in `check` mode on the discovered environment.
import { checkSshRejected, traffic } from '../../scenarios/vpc-flow-logs/blocks';
import type { Ctx as LabContext } from '../../scenarios/vpc-flow-logs/blocks';
import { discoverLabEnvironment } from '../../scenarios/vpc-flow-logs/blocks';
import { clearSecrets } from '../../core/redact';
import { schedule } from '../../runner/scheduler';
import { networkSteps } from '../../scenarios/vpc-flow-logs/network-part';
import { sshLogin } from '../../steps/ssh';
import { generateRejectedSsh, swapSecurityGroups } from '../../steps/traffic';
import { teardown } from '../../runner/teardown';
import { TEST_REGION } from '../emulator/helpers';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { parseRecord } from '../../flowlogs';

// Rejected SSH connections in VPCFlowLogs (distinct source ports: a flow spanning two capture
// windows is two records of one connection).
async function rejectedSshRecords(ctx: LabContext): Promise<number> {
  await ctx.target.flushFlowLogs?.();
  const events = (await ctx.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'VPCFlowLogs' }))).events ?? [];
  return new Set(events.map((e) => parseRecord(e.message!)).filter((r) => r.action === 'REJECT' && r.dstPort === 22).map((r) => r.srcPort)).size;
}
import { startNetworkFixture, stopNetworkFixture, type NetworkFixture } from './network-helpers';

jest.setTimeout(120_000);

let f: NetworkFixture;
beforeAll(async () => {
  f = await startNetworkFixture();
});
afterAll(async () => {
  if (f) await teardown(f.ledger, f.clients, () => undefined, { intervalsMs: [50, 100] });
  await stopNetworkFixture(f);
  clearSecrets();
});

const lab = { id: 'vpc-flow-logs', title: 'network part', steps: networkSteps };
const caps = () => f.target.capabilities;

describe('network steps on the emulator', () => {
  it("logs in with the run's key pair as the image's user", async () => {
    const r = await sshLogin(f.ctx('run'));
    expect(r).toMatchObject({ ok: true, output: 'ec2-user' });
  });

  it('run: every step solves and its check passes, with flow records as evidence', async () => {
    const state = new Map<string, unknown>();
    const records = await schedule<LabContext>(lab, {
      mode: 'run',
      contextFor: () => f.ctx('run', state),
      capabilities: caps(),
      budgetScale: f.target.budgetScale,
      intervalsMs: f.target.intervalsMs,
    });
    const verdicts = Object.fromEntries(records.map((r) => [r.stepId, `${r.result.verdict}: ${r.result.summary} ${r.result.hint ?? ''}`]));
    for (const r of records) expect(verdicts[r.stepId]).toMatch(/^passed/);
    const byId = Object.fromEntries(records.map((r) => [r.stepId, r.result]));
    const clientIp = await f.target.clientIp();
    const lines = (id: string) => byId[id].evidence.find((e) => e.kind === 'flow-records')!.data as string[];
    for (const line of lines('ssh-accepted')) expect(line.split(' ')).toEqual(expect.arrayContaining([f.env.eniId, clientIp, f.env.privateIp, '22', '6', 'ACCEPT']));
    for (const line of lines('ssh-rejected')) expect(line.split(' ').slice(-2)).toEqual(['REJECT', 'OK']);
    expect(lines('ssh-restored').length).toBeGreaterThan(0);
  });

  it('check: the same six steps pass read-only on the discovered environment', async () => {
    const env = { ...(await discoverLabEnvironment(f.readOnlyClients, TEST_REGION)) };
    const records = await schedule<LabContext>(lab, {
      mode: 'check',
      contextFor: () => ({ ...f.ctx('check', new Map()), env }),
      capabilities: caps(),
    });
    expect(records.map((r) => `${r.stepId}:${r.result.verdict}`)).toEqual(networkSteps.map((s) => `${s.id}:passed`));
  });

  it('generateRejectedSsh times out each attempt, restores the groups and leaves REJECT records', async () => {
    const ctx = f.ctx('run');
    const rejectsBefore = await rejectedSshRecords(ctx);
    const times = await generateRejectedSsh(ctx, traffic, 2);
    expect(times).toHaveLength(2);
    // Each attempt is its own connection (its own source port), so each leaves its own REJECT flow.
    expect((await rejectedSshRecords(ctx)) - rejectsBefore).toBeGreaterThanOrEqual(2);
    expect((await sshLogin(f.ctx('run'))).ok).toBe(true);
  });

  it('ssh-rejected fails in run mode when the swap did not happen, even though SSH works', async () => {
    await swapSecurityGroups(f.ctx('run'), 'SecurityGroupHTTPAndSSH');
    const r = await checkSshRejected(f.ctx('run'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(/should have only SecurityGroupHTTPOnly/);
  });
});
