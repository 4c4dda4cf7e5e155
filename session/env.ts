// `env up|down` as a session: only the lab's environment, provisioned with a ledger on disk, and
// torn down from that ledger.
import { join } from 'node:path';
import { CallRecorder } from '../aws/calls';
import { destroyClients } from '../aws/clients';
import { runId as newRunId } from '../core/ids';
import type { AnyLab } from '../runner/lab';
import type { LabEnvironment } from '../runner/context';
import { CleanupLedger } from '../runner/ledger';
import type { Target } from '../runner/target';
import { teardown, type TeardownSummary } from '../runner/teardown';
import { clientsFor, setupEnvironment } from './session';

/** Provisions the lab's environment; the ledger goes to `out/<run id>/ledger.json`. */
export async function envUp(lab: AnyLab, target: Target, log: (line: string) => void): Promise<{ runId: string; ledgerFile: string; description: string; env: LabEnvironment }> {
  const runId = newRunId();
  const ledgerFile = join('out', runId, 'ledger.json');
  const ledger = new CleanupLedger(ledgerFile);
  const clients = clientsFor(target, new CallRecorder(), false, ledger);
  try {
    const env = await setupEnvironment(lab, 'run', { clients, target, ledger, runId, log });
    return { runId, ledgerFile, description: lab.environment.describe?.(env) ?? `${lab.id} in ${env.region}`, env };
  } finally {
    destroyClients(clients);
  }
}

/** Deletes what a ledger file lists, in dependency order. */
export async function envDown(ledgerFile: string, target: Target, log: (line: string) => void): Promise<TeardownSummary> {
  const clients = clientsFor(target, new CallRecorder(), false);
  try {
    return await teardown(new CleanupLedger(ledgerFile), clients, log);
  } finally {
    destroyClients(clients);
  }
}
