import type { AwsClients } from '../aws/clients';
import type { Clock } from '../core/clock';
import type { CleanupLedger } from './ledger';
import type { RunNames } from './names';
import type { Target } from './target';

/**
 * What every lab environment has: the account and region it lives in. A lab's environment template
 * (its `environment.provision`) returns a richer record of the named resources it made, and its
 * steps see that record, typed, as `ctx.env`.
 */
export interface LabEnvironment {
  accountId: string;
  region: string;
}

/** Values steps hand to later steps within one run (a created topic's ARN, a query id…). */
export type RunState = Map<string, unknown>;

/** What every step's solve and check receive; `E` is the lab's environment record. */
export interface LabContext<E extends LabEnvironment = LabEnvironment> {
  runId: string;
  mode: 'run' | 'check';
  target: Target;
  /** Recording clients; read-only ones in `check` mode. */
  clients: AwsClients;
  env: E;
  /**
   * The names this run gives what it creates (runner/names.ts): the lab's names with the run's
   * suffix in `run`, the literal names in `check`; absent means literal.
   */
  names?: RunNames;
  ledger: CleanupLedger;
  state: RunState;
  clock: Clock;
  signal: AbortSignal;
  /** One imperative line for the console ("Creating flow log for vpc-… to s3://…"). */
  log(line: string): void;
}
