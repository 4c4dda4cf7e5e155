import type { AwsClients } from '../aws/clients';
import type { Clock } from '../core/clock';
import type { CleanupLedger } from './ledger';
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
  ledger: CleanupLedger;
  state: RunState;
  clock: Clock;
  signal: AbortSignal;
  /** One imperative line for the console ("Creating flow log for vpc-… to s3://…"). */
  log(line: string): void;
}
