// verify-checks as a session: a fresh embedded emulator, the lab's environment provisioned by the
// same setup a run uses, then every check proven before its solve, after it and under each of the
// step's declared mutations.
import { CallRecorder } from '../aws/calls';
import { destroyClients } from '../aws/clients';
import { systemClock } from '../core/clock';
import { runId as newRunId } from '../core/ids';
import type { LabContext } from '../runner/context';
import { labOf, mutationsOf, type AnyLab } from '../runner/lab';
import { CleanupLedger } from '../runner/ledger';
import type { Lab } from '../runner/model';
import { verifyChecks, type Mutations, type VerifyReport, type VerifyRow } from '../runner/verify';
import { clientsFor, setupEnvironment } from './session';
import { resolveTarget } from './targets';

/** Options of a verification on a fresh embedded emulator. */
export interface FreshVerifyOptions {
  lab: AnyLab;
  /** The steps to verify (default: the lab's); a test passes one with a weakened check. */
  steps?: Lab<LabContext>;
  /** Default: the mutations the lab declares on its steps. */
  mutations?: Mutations<LabContext>;
  region?: string;
  /** The fresh emulator's time profile (default: LABWRIGHT_TIME_PROFILE / LABWRIGHT_TIME_SCALE, else fast). */
  time?: { profile: 'fast' | 'realtime' | 'aws'; timeScale: number };
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
  const target = await resolveTarget({ target: 'embedded', region: o.region ?? 'us-east-1', time: o.time });
  const recorder = new CallRecorder();
  const ledger = new CleanupLedger();
  const clients = clientsFor(target, recorder, false, ledger);
  const readOnly = clientsFor(target, recorder, true);
  const log = o.log ?? (() => undefined);
  const signal = o.signal ?? new AbortController().signal;
  try {
    const runId = newRunId();
    const env = await setupEnvironment(o.lab, 'run', { clients, target, ledger, runId, log, signal });
    const state = new Map<string, unknown>();
    const base = { runId, target, env, ledger, clock: systemClock, signal, log };
    return await verifyChecks<LabContext>({
      lab: o.steps ?? labOf(o.lab),
      mutations: o.mutations ?? mutationsOf(o.lab),
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
