import type { AwsClients } from '../aws/clients';
import type { LabContext, LabEnvironment } from '../aws/context';
import type { Clock } from '../core/clock';
import type { CleanupLedger, LedgerEntry } from '../runner/ledger';
import type { Lab } from '../runner/model';
import type { Target } from '../runner/target';

/** What provisioning the environment needs, before any step runs. */
export interface EnvironmentDeps {
  clients: AwsClients;
  target: Target;
  ledger: CleanupLedger;
  runId: string;
  region: string;
  log(line: string): void;
  clock?: Clock;
  signal?: AbortSignal;
}

/** A lab as the CLI, the jest helper and the benchmarks run it. */
export interface LabScenario {
  lab: Lab<LabContext>;
  /** Creates what the lab platform pre-provisions (run, env up). */
  provision(deps: EnvironmentDeps): Promise<LabEnvironment>;
  /** Finds the environment read-only by the lab's names and tags (check). */
  discover(clients: AwsClients, region: string): Promise<LabEnvironment>;
  /** Deletes what the ledger holds, in dependency order. */
  teardown(ledger: CleanupLedger, clients: AwsClients, log: (line: string) => void): Promise<{ deleted: LedgerEntry[]; failed: Array<{ entry: LedgerEntry; reason: string }> }>;
}
