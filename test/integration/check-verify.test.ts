// verify-checks on fresh embedded emulators: the whole lab's checks are strong (through the CLI),
// and a lab whose check was deliberately weakened is caught, naming the check and the mutation.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Ctx as LabContext } from '../../scenarios/vpc-flow-logs/blocks';
import { renderVerifyReport } from '../../bin/commands/verify-checks';
import { verifyOnFreshEmulator } from '../../session/verify';
import { clearSecrets } from '../../core/redact';
import { result, type Step } from '../../runner/model';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { vpcFlowLogsMutations } from '../../scenarios/vpc-flow-logs/mutations';
import { runInProcess } from '../cli-in-process';

jest.setTimeout(240_000);
afterAll(() => clearSecrets());

/**
 * The real flow-log check, blind to the traffic type: its EC2 client reports every flow log as
 * capturing ALL traffic — the kind of slip a check author makes by forgetting one comparison.
 */
function ignoringTrafficType(step: Step<LabContext>): Step<LabContext> {
  return {
    ...step,
    check: (ctx) => {
      const real = ctx.clients.ec2;
      const blind = {
        send: async (cmd: any) => {
          const out: any = await real.send(cmd);
          for (const f of out?.FlowLogs ?? []) f.TrafficType = 'ALL';
          return out;
        },
      } as unknown as EC2Client;
      return step.check({ ...ctx, clients: { ...ctx.clients, ec2: blind } });
    },
  };
}

describe('verify-checks', () => {
  it('names a check that ignores the traffic type, and one that always passes', async () => {
    const [s3, logGroup, cw] = vpcFlowLogs.steps;
    const weakened = { ...vpcFlowLogs, steps: [ignoringTrafficType(s3), { ...logGroup, check: async () => result('passed', 'Looks good.') }, cw] };
    const report = await verifyOnFreshEmulator({ lab: vpcFlowLogs, steps: weakened, mutations: vpcFlowLogsMutations });
    expect(report.strong).toBe(false);
    const byId = Object.fromEntries(report.rows.map((r) => [r.stepId, r]));
    expect(byId['flow-log-s3'].problems).toEqual(['it still passes with the mutation "the S3 flow log captures ACCEPT traffic only"']);
    expect(byId['log-group'].problems).toEqual([
      'it passes before its solve ("Looks good.")',
      'it still passes with the mutation "the log group VPCFlowLogs is deleted"',
      'it still passes with the mutation "the log group is named VPCFlowLog (typo)"',
    ]);
    // The strong check next to them is judged strong: the weakness is pinned on the right step.
    expect(byId['flow-log-cloudwatch'].problems).toEqual([]);
    const table = renderVerifyReport(report);
    expect(table).toMatch(/flow-log-s3 +✔ failed +✔ passed +✘ 3\/4/);
    expect(table).toContain('✘ flow-log-s3 (Create a VPC flow log to S3):\n      - it still passes with the mutation "the S3 flow log captures ACCEPT traffic only"');
  });

  it('finds every check of the lab strong, and exits 0', async () => {
    const r = await runInProcess('verify-checks');
    // On failure jest prints the whole table with the weak checks and what each missed.
    expect(r.stdout).not.toMatch(/weak check/);
    for (const id of vpcFlowLogs.steps.map((s) => s.id)) expect(r.stdout).toMatch(new RegExp(`\\n  ${id} +✔ \\w+ +✔ passed +✔ \\d+/\\d+\\n`));
    expect(r.stdout).toContain('All 14 checks of vpc-flow-logs are strong');
    expect(r.code).toBe(0);
  });

  it('refuses any target but a fresh embedded emulator', async () => {
    const r = await runInProcess('verify-checks', '--endpoint', 'http://127.0.0.1:1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('runs only on a fresh embedded emulator');
  });
});
