import type { Clock } from '../core/clock';
import type { CleanupLedger } from '../runner/ledger';
import type { Target } from '../runner/target';
import type { AwsClients } from './clients';

/**
 * The lab environment's resources (what the lab platform pre-provisions), by id. `run` provisions
 * it; `check` discovers it by the lab's names and tags.
 */
export interface LabEnvironment {
  accountId: string;
  region: string;
  vpcId: string;
  subnetId: string;
  internetGatewayId?: string;
  routeTableId?: string;
  sgHttpAndSshId: string;
  sgHttpOnlyId: string;
  instanceId: string;
  eniId: string;
  publicIp?: string;
  privateIp: string;
  bucket: string;
  roleArn: string;
  keyPairName?: string;
  /** The SSH login the lab hands the student. Secrets: registered for redaction when set. */
  sshUser: string;
  sshPassword?: string;
  sshPrivateKey?: string;
}

/** Values steps hand to later steps within one run (a created topic's ARN, a query id…). */
export type RunState = Map<string, unknown>;

/** What every step's solve and check receive. */
export interface LabContext {
  runId: string;
  mode: 'run' | 'check';
  target: Target;
  /** Recording clients; read-only ones in `check` mode. */
  clients: AwsClients;
  env: LabEnvironment;
  ledger: CleanupLedger;
  state: RunState;
  clock: Clock;
  signal: AbortSignal;
  /** One imperative line for the console ("Creating flow log for vpc-… to s3://…"). */
  log(line: string): void;
}
