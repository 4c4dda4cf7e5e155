import { Command } from 'commander';
import { CallRecorder } from '../../aws/calls';
import { createClients, destroyClients } from '../../aws/clients';
import type { LabContext } from '../../aws/context';
import { systemClock } from '../../core/clock';
import { UsageError } from '../../core/errors';
import { runId as newRunId } from '../../core/ids';
import { stdout, type Output } from '../../core/log';
import { registerSecret } from '../../core/redact';
import { CleanupLedger } from '../../runner/ledger';
import type { Lab } from '../../runner/model';
import { verifyChecks, type Mutations, type VerifyReport, type VerifyRow } from '../../runner/verify';
import { scenarioFor } from '../../scenarios';
import type { LabScenario } from '../../scenarios/types';
import { vpcFlowLogsMutations } from '../../scenarios/vpc-flow-logs/mutations';
import { resolveTarget } from '../targets';
import { addTargetOptions } from './options';
import { withSignals } from './signals';

/** The declared mutations of each lab, by lab id. */
export const LAB_MUTATIONS: Record<string, Mutations<LabContext>> = { 'vpc-flow-logs': vpcFlowLogsMutations };

/** Options of a verification on a fresh embedded emulator. */
export interface FreshVerifyOptions {
  scenario: LabScenario;
  /** The lab to verify (default: the scenario's); a test passes one with a weakened check. */
  lab?: Lab<LabContext>;
  mutations: Mutations<LabContext>;
  region?: string;
  signal?: AbortSignal;
  log?(line: string): void;
  onRow?(row: VerifyRow): void;
}

/**
 * Starts a fresh embedded emulator, provisions the lab environment in it, and runs verify-checks:
 * solves, mutations and restores use writable clients; every check gets read-only clients and no
 * state from the solves, as a student's `check` would.
 */
export async function verifyOnFreshEmulator(o: FreshVerifyOptions): Promise<VerifyReport> {
  const target = await resolveTarget({ target: 'embedded', region: o.region ?? 'us-east-1' });
  const cfg = { region: target.region, endpoint: target.endpoint, credentials: target.credentials, recorder: new CallRecorder() };
  const clients = createClients(cfg);
  const readOnly = createClients({ ...cfg, readOnly: true });
  const log = o.log ?? (() => undefined);
  const signal = o.signal ?? new AbortController().signal;
  try {
    const runId = newRunId();
    const ledger = new CleanupLedger();
    const env = await o.scenario.provision({ clients, target, ledger, runId, region: target.region, log, signal });
    registerSecret(env.sshPassword);
    registerSecret(env.sshPrivateKey);
    const state = new Map<string, unknown>();
    const base = { runId, target, env, ledger, clock: systemClock, signal, log };
    return await verifyChecks<LabContext>({
      lab: o.lab ?? o.scenario.lab,
      mutations: o.mutations,
      contextFor: (kind) => (kind === 'solve' ? { ...base, mode: 'run', clients, state } : { ...base, mode: 'check', clients: readOnly, state: new Map() }),
      budgetScale: target.budgetScale,
      intervalsMs: target.intervalsMs,
      signal,
      log,
      onRow: o.onRow,
    });
  } finally {
    destroyClients(clients);
    destroyClients(readOnly);
    await target.close();
  }
}

const mark = (ok: boolean) => (ok ? '✔' : '✘');

/** The step × (fails before, passes after, mutations caught) table, and the weak checks under it. */
export function renderVerifyReport(report: VerifyReport): string {
  const w = Math.max(4, ...report.rows.map((r) => r.stepId.length));
  const lines = [`  ${'step'.padEnd(w)}  fails before        passes after        mutations caught`];
  for (const r of report.rows) {
    const caught = r.mutations.filter((m) => m.caught && !m.error).length;
    const declared = r.mutations.length;
    const before = `${mark(r.before.verdict !== 'passed')} ${r.before.verdict}`;
    const after = `${mark(r.after.verdict === 'passed')} ${r.after.verdict}`;
    const muts = r.after.verdict === 'passed' ? `${mark(caught === declared && declared > 0)} ${caught}/${declared}` : '– (not run)';
    lines.push(`  ${r.stepId.padEnd(w)}  ${before.padEnd(18)}  ${after.padEnd(18)}  ${muts}`);
  }
  const weak = report.rows.filter((r) => r.problems.length);
  if (!weak.length) {
    lines.push('', `  All ${report.rows.length} checks of ${report.lab} are strong: each fails before its solve, passes after it and catches every declared mutation.`);
  } else {
    lines.push('', `  ${weak.length} weak check${weak.length > 1 ? 's' : ''}:`);
    for (const r of weak) {
      lines.push(`  ✘ ${r.stepId} (${r.title}):`);
      for (const p of r.problems) lines.push(`      - ${p}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `labwright verify-checks [LAB]`: proves every check fails on wrong state. */
export function registerVerifyChecks(program: Command, setExit: (code: number) => void): void {
  addTargetOptions(program.command('verify-checks').argument('[lab]', 'lab id', 'vpc-flow-logs').description('prove each check fails before its solve, passes after, and catches its mutations'))
    .option('--verbose', 'print each solve, mutation and restore as it happens')
    .action(async (labId: string, flags: Record<string, any>) => {
      const scenario = scenarioFor(labId);
      if (flags.target !== 'embedded' || flags.endpoint) {
        throw new UsageError('verify-checks breaks and repairs the lab on purpose, so it runs only on a fresh embedded emulator: leave out --target and --endpoint.');
      }
      const mutations = LAB_MUTATIONS[labId];
      if (!mutations) throw new UsageError(`Lab ${labId} declares no mutations, so its checks cannot be verified; add them next to its scenario.`);
      const out: Output = stdout;
      out.write(`labwright verify-checks · ${scenario.lab.title} (${labId}) on a fresh embedded emulator\n`);
      const report = await withSignals((signal) =>
        verifyOnFreshEmulator({
          scenario,
          mutations,
          region: flags.region,
          signal,
          log: flags.verbose ? (line) => out.write(`    · ${line}\n`) : undefined,
          onRow: (r) => out.write(`  ${mark(r.problems.length === 0)} ${r.stepId}\n`),
        }),
      );
      out.write(`\n${renderVerifyReport(report)}`);
      setExit(report.strong ? 0 : 1);
    });
}
