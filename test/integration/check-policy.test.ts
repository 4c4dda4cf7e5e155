// `labwright policy` covers what the lab really calls: every AWS call of a full check (per step,
// as the recording middleware attributes them) and of a full run (the emulator's request log) is
// authorized by the generated policy's actions.
import { CallRecorder } from '../../aws/calls';
import { createClients, destroyClients, type AwsClients } from '../../aws/clients';
import type { Ctx as LabContext } from '../../scenarios/vpc-flow-logs/blocks';
import { labPolicy as policyOf } from '../../session/policy';
import { labFor } from '../../session/labs';
const labPolicy = (id: string, purpose: 'check' | 'run') => policyOf(labFor(id), purpose);
import { runSession } from '../../session/session';
import { resolveTarget } from '../../session/targets';
import { systemClock } from '../../core/clock';
import { poll } from '../../core/poll';
import { clearSecrets } from '../../core/redact';
import { CleanupLedger } from '../../runner/ledger';
import type { CheckResult } from '../../runner/model';
import { policyActions, uncoveredCalls } from '../../runner/policy';
import type { Target } from '../../runner/target';
import { withStep } from '../../core/step-scope';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { CHECK_ACTIONS, DISCOVERY_ACTIONS } from '../../scenarios/vpc-flow-logs/permissions';

jest.setTimeout(180_000);
afterAll(() => clearSecrets());

describe('the check policy', () => {
  let target: Target;
  let clients: AwsClients;
  let checkClients: AwsClients;
  const recorder = new CallRecorder();
  const verdicts: Record<string, string> = {};

  beforeAll(async () => {
    target = await resolveTarget({ target: 'embedded' });
    const cfg = { region: target.region, endpoint: target.endpoint, credentials: target.credentials };
    clients = createClients(cfg);
    // Checks record their calls per step. These clients are not read-only: the read-only proof is
    // check-cli.test.ts; here every call a check makes must be seen, whatever the guard allows.
    checkClients = createClients({ ...cfg, recorder });
    const log = () => undefined;
    const ledger = new CleanupLedger();
    const env = await vpcFlowLogs.environment.provision({ clients, target, ledger, runId: 'lw-policy', region: target.region, log });
    await withStep('discovery', () => vpcFlowLogs.environment.discover(checkClients, target.region));
    const state = new Map<string, unknown>();
    const base = { runId: 'lw-policy', target, env, ledger, clock: systemClock, signal: new AbortController().signal, log };
    for (const step of vpcFlowLogs.steps) {
      await step.solve({ ...base, mode: 'run', clients, state } as LabContext);
      const ctx: LabContext = { ...base, mode: 'check', clients: checkClients, state: new Map() };
      const { value } = await poll<CheckResult>(
        async () => {
          const r = await withStep(step.id, () => step.check(ctx));
          return r.verdict === 'pending' ? { done: false, reason: r.summary } : { done: true, value: r };
        },
        { description: `the check of ${step.id}`, budgetMs: 30_000, intervalsMs: [50, 100, 250] },
      );
      verdicts[step.id] = value.verdict;
    }
  });
  afterAll(async () => {
    destroyClients(clients);
    destroyClients(checkClients);
    await target?.close();
  });

  it('saw every check pass, so every path to a verdict was taken', () => {
    expect(verdicts).toEqual(Object.fromEntries(vpcFlowLogs.steps.map((s) => [s.id, 'passed'])));
  });

  it('declares, for each check, the IAM actions of every call it made', () => {
    const missing: Record<string, string[]> = {};
    for (const step of vpcFlowLogs.steps) {
      const calls = recorder.calls.filter((c) => c.stepId === step.id).map((c) => `${c.service}:${c.operation}`);
      expect([step.id, calls.length > 0]).toEqual([step.id, true]);
      const gap = uncoveredCalls(calls, CHECK_ACTIONS[step.id] ?? []);
      if (gap.length) missing[step.id] = gap;
    }
    const discovery = recorder.calls.filter((c) => c.stepId === 'discovery').map((c) => `${c.service}:${c.operation}`);
    const discoveryGap = uncoveredCalls(discovery, DISCOVERY_ACTIONS);
    if (discoveryGap.length) missing.discovery = discoveryGap;
    expect(missing).toEqual({});
  });

  it('is a policy whose actions authorize every recorded call', () => {
    const actions = policyActions(labPolicy('vpc-flow-logs', 'check'));
    expect(uncoveredCalls(recorder.actions(), actions)).toEqual([]);
  });

  it('asks for nothing that deletes, creates or changes lab resources', () => {
    const actions = policyActions(labPolicy('vpc-flow-logs', 'check'));
    // s3:PutObject is Athena writing its result file, which it does as the caller.
    expect(actions.filter((a) => /:(Create|Delete|Put|Update|Modify|Run|Terminate|Attach|Detach|Authorize|Tag|Subscribe|Unsubscribe)/.test(a))).toEqual(['s3:PutObject']);
  });
});

describe('the run policy', () => {
  it('authorizes every call of a full run (provision, solves, waits, teardown)', async () => {
    const target = await resolveTarget({ target: 'embedded' });
    try {
      const out = await runSession({ mode: 'run', lab: vpcFlowLogs, target, reporters: [], log: () => undefined });
      expect(out.exitCode).toBe(0);
      const log = (await (await fetch(`${target.endpoint}/_emulator/requests`)).json()) as Array<{ service: string; operation: string }>;
      // The log keeps the last 1000 requests: a full run must fit, or calls went unseen.
      expect(log.length).toBeLessThan(1000);
      const calls = log.map((r) => `${r.service}:${r.operation}`);
      expect(calls).toEqual(expect.arrayContaining(['ec2:RunInstances', 'ec2:TerminateInstances', 'monitoring:PutMetricAlarm']));
      expect(uncoveredCalls(calls, policyActions(labPolicy('vpc-flow-logs', 'run')))).toEqual([]);
    } finally {
      await target.close();
    }
  });
});
