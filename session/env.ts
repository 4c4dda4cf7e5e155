// `env up|down` as a session: only the lab's environment, provisioned under the run's own names
// with a ledger on disk, and torn down from that ledger in the regions it records.
import { join } from 'node:path';
import { CallRecorder } from '../aws/calls';
import { destroyClients, type AwsClients } from '../aws/clients';
import { runId as newRunId } from '../core/ids';
import type { AnyLab } from '../runner/lab';
import type { LabEnvironment } from '../runner/context';
import { CleanupLedger } from '../runner/ledger';
import type { Target } from '../runner/target';
import { deliveryLagOf, teardown, type TeardownSummary } from '../runner/teardown';
import { assertLabNamesFree, clientsFor, namesFor, setupEnvironment } from './session';

/**
 * Provisions the lab's environment under the run's names (the lab's own with `labNames`, after
 * making sure none is taken); the ledger goes to `out/<run id>/ledger.json`.
 */
export async function envUp(lab: AnyLab, target: Target, log: (line: string) => void, opts: { labNames?: boolean } = {}): Promise<{ runId: string; ledgerFile: string; description: string; env: LabEnvironment }> {
  const runId = newRunId();
  const ledgerFile = join('out', runId, 'ledger.json');
  const ledger = new CleanupLedger(ledgerFile, runId);
  const clients = clientsFor(target, new CallRecorder(), false, ledger);
  try {
    if (opts.labNames) await assertLabNamesFree(lab, clients, target);
    const env = await setupEnvironment(lab, 'run', { clients, target, ledger, runId, names: namesFor(lab, 'run', runId, opts.labNames), log });
    return { runId, ledgerFile, description: lab.environment.describe?.(env) ?? `${lab.id} in ${env.region}`, env };
  } finally {
    destroyClients(clients);
  }
}

/**
 * Deletes what a ledger file lists, in dependency order, each resource in the region the ledger
 * recorded for it (whatever --region says), and only while it still carries the run's tag.
 */
export async function envDown(ledgerFile: string, target: Target, log: (line: string) => void): Promise<TeardownSummary> {
  const ledger = new CleanupLedger(ledgerFile);
  const byRegion = new Map<string, AwsClients>();
  const clientsIn = (region: string): AwsClients => {
    let c = byRegion.get(region);
    if (!c) byRegion.set(region, (c = clientsFor({ ...target, region }, new CallRecorder(), false)));
    return c;
  };
  try {
    return await teardown(ledger, clientsIn, log, { ...deliveryLagOf(target), intervalsMs: target.intervalsMs });
  } finally {
    for (const c of byRegion.values()) destroyClients(c);
  }
}
