// The generated policies are exact: every AWS call of a full run, of a full check and of a sweep on
// the emulator (as the recording middleware saw it, qualified by what decides the actions AWS asks
// of the caller on its behalf) maps to IAM actions (runner/policy.ts), and those actions are the
// policy's, no more and no fewer. Athena's result writes land only where the policy lets them.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { CallRecorder } from '../../aws/calls';
import { createClients, destroyClients } from '../../aws/clients';
import { listBuckets } from '../../aws/s3';
import { clearSecrets } from '../../core/redact';
import { iamActionsOfCalls, policyActions, type IamPolicy } from '../../runner/policy';
import type { Target } from '../../runner/target';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { CHECK_CONTINGENCIES } from '../../scenarios/vpc-flow-logs/permissions';
import { labPolicy } from '../../session/policy';
import { runSession } from '../../session/session';
import { sweepTarget } from '../../session/sweep';
import { resolveTarget } from '../../session/targets';

jest.setTimeout(240_000);
afterAll(() => clearSecrets());

const log = () => undefined;
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
/** Whether an ARN matches a policy Resource pattern (`*` any run of characters, `?` one). */
const matches = (pattern: string, arn: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(arn);
const resourcesOf = (p: IamPolicy, action: string) => p.Statement.filter((s) => s.Action.includes(action)).flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));

describe('the generated policies, against what a run, a check and a sweep call', () => {
  const runCalls = new CallRecorder();
  const checkCalls = new CallRecorder();
  const sweepCalls = new CallRecorder();
  let emulatorCalls: string[] = [];
  let resultObjects: string[] = [];
  let checkExit = -1;
  let fresh: Target;
  let kept: Target;

  beforeAll(async () => {
    // A whole run with run-scoped names, teardown included, alone on its emulator.
    fresh = await resolveTarget({ target: 'embedded' });
    const full = await runSession({ mode: 'run', lab: vpcFlowLogs, target: fresh, reporters: [], log, recorder: runCalls });
    expect(full.exitCode).toBe(0);
    const requests = (await (await fetch(`${fresh.endpoint}/_emulator/requests`)).json()) as Array<{ service: string; operation: string }>;
    expect(requests.length).toBeLessThan(1000);
    emulatorCalls = sorted(requests.map((r) => `${r.service === 'monitoring' ? 'cloudwatch' : r.service}:${r.operation}`));

    // A student's path: a run under the lab's own names, kept; `check` of it; then a sweep removes it.
    kept = await resolveTarget({ target: 'embedded' });
    const keptRun = await runSession({ mode: 'run', lab: vpcFlowLogs, target: kept, reporters: [], log, recorder: runCalls, keep: true, labNames: true });
    expect(keptRun.exitCode).toBe(0);
    const check = await runSession({ mode: 'check', lab: vpcFlowLogs, target: kept, reporters: [], log, recorder: checkCalls });
    checkExit = check.exitCode;
    const c = createClients({ region: kept.region, endpoint: kept.endpoint, credentials: kept.credentials });
    try {
      for (const bucket of await listBuckets(c.s3)) {
        const page = await c.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
        resultObjects.push(...(page.Contents ?? []).map((o) => `arn:aws:s3:::${bucket}/${o.Key}`).filter((arn) => /\.(csv|txt)(\.metadata)?$/.test(arn)));
      }
    } finally {
      destroyClients(c);
    }
    const swept = await sweepTarget([vpcFlowLogs], kept, { olderThanMs: 0, dryRun: false, log, recorder: sweepCalls, allRegions: true });
    expect(swept.flatMap((r) => [...(r.summary?.failed ?? []), ...r.skipped])).toEqual([]);
    expect(swept.flatMap((r) => r.found).length).toBeGreaterThan(10);
  });
  afterAll(async () => {
    await fresh?.close();
    await kept?.close();
  });

  it('saw every check pass, so every path of a check to its verdict was taken', () => {
    expect(checkExit).toBe(0);
  });

  it('recorded every call the emulator answered in the run (the recorder misses nothing)', () => {
    const recorded = sorted(runCalls.calls.map((c) => `${c.service}:${c.operation}`));
    expect(emulatorCalls.filter((c) => !recorded.includes(c))).toEqual([]);
  });

  it('check: the policy allows exactly the actions the calls of a full check need, plus its declared contingencies', () => {
    const needed = iamActionsOfCalls(checkCalls.qualifiedCalls());
    // A contingency that was called is justified by the calls: it must leave the list.
    expect(Object.keys(CHECK_CONTINGENCIES).filter((a) => needed.includes(a))).toEqual([]);
    expect(sorted(policyActions(labPolicy(vpcFlowLogs, 'check')))).toEqual(sorted([...needed, ...Object.keys(CHECK_CONTINGENCIES)]));
  });

  it('run: the policy allows exactly the actions of a run (literal and run-scoped names, teardown) and a sweep', () => {
    expect(sorted(policyActions(labPolicy(vpcFlowLogs, 'run')))).toEqual(iamActionsOfCalls([...runCalls.qualifiedCalls(), ...sweepCalls.qualifiedCalls()]));
  });

  it('never allows s3:PutObject on every resource: Athena results land where the policy lets them', () => {
    expect(resultObjects.length).toBeGreaterThan(0);
    for (const purpose of ['check', 'run'] as const) {
      const where = resourcesOf(labPolicy(vpcFlowLogs, purpose), 's3:PutObject');
      expect(where.length).toBeGreaterThan(0);
      expect(where).not.toContain('*');
      for (const r of where) expect(r).toMatch(/^arn:aws:s3:::[^/]+\/[^*]+\*$/);
    }
    for (const purpose of ['check', 'run'] as const) {
      const where = resourcesOf(labPolicy(vpcFlowLogs, purpose), 's3:PutObject');
      expect([purpose, resultObjects.filter((arn) => !where.some((r) => matches(r, arn)))]).toEqual([purpose, []]);
    }
    // Nothing else is writable: the flow-log files in the same bucket are outside every pattern.
    const flowLogFile = `${resultObjects[0].split('/')[0]}/AWSLogs/123456789012/vpcflowlogs/us-east-1/2025/01/01/x.log.gz`;
    expect(resourcesOf(labPolicy(vpcFlowLogs, 'run'), 's3:PutObject').some((r) => matches(r, flowLogFile))).toBe(false);
  });
});
