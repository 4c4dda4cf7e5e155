import type { Clock } from '../../core/clock';
import type { ProfileName, TimeProfile } from './time-profile';

/** The AWS service ids the emulator answers, as in the credential scope of SigV4. */
export type ServiceName = 'ec2' | 's3' | 'iam' | 'sts' | 'sns' | 'logs' | 'monitoring' | 'athena' | 'cloudtrail';

/** The wire protocols in use by the AWS SDK v3 clients for those services. */
export type Protocol = 'ec2' | 'query' | 'rest-xml' | 'json1.0' | 'json1.1' | 'rpcv2-cbor';

/**
 * An AWS error as a handler throws it. The gateway renders it in the protocol's error shape.
 * `fields` carries the modeled members some errors have (Athena's AthenaErrorCode, Logs'
 * queryCompileError, S3's BucketName…); they are serialized next to code and message.
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  /** Response headers the error carries besides its body (S3's redirect names the bucket's region in `x-amz-bucket-region`). */
  headers: Record<string, string> = {};
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What every handler is given besides its input. */
export interface RequestContext {
  accountId: string;
  region: string;
  requestId: string;
  service: ServiceName;
  operation: string;
  clock: Clock;
  /** This service's state for the request's account and region (scope as the provider declares). */
  state<S>(): S;
  /** Another service's state, e.g. EC2 CreateFlowLogs reads IAM roles and S3 buckets. */
  stateOf<S>(service: ServiceName, accountId?: string, region?: string): S;
  /** The emulator's runtime: background engines (delivery, alarms) register themselves here. */
  runtime: EmulatorRuntime;
  /** Who signed the request (the account root unless an IAM user's access key was used). */
  caller?: Caller;
}

/** The principal a request acts as. */
export interface Caller {
  type: 'Root' | 'IAMUser';
  arn: string;
  /** AIDA… for a user, the account id for root. */
  principalId: string;
  userName?: string;
  accessKeyId?: string;
}

/**
 * A handler takes the operation's input shaped like the SDK v3 command input (same member names,
 * Dates for timestamps, Buffers for blobs) and returns its output shaped like the command output
 * (without $metadata). It never touches the wire.
 */
export type Handler = (input: any, ctx: RequestContext) => unknown | Promise<unknown>;

/** One service: its protocol, its state and a handler table keyed by the exact AWS operation name. */
export interface ServiceProvider<S = unknown> {
  service: ServiceName;
  /** How state is scoped: per account and region (most), per account (IAM), or one for all (S3 bucket names are global). */
  scope: 'region' | 'account' | 'global';
  /** Creates an empty state: plain JSON-able data (objects, arrays, strings, numbers, Buffers), no class instances. */
  createState(): S;
  handlers: Record<string, Handler>;
}

/** Hooks into the running emulator that services and engines share. */
export interface EmulatorRuntime {
  clock: Clock;
  /** Named engines started with the emulator (flow-log capture, delivery, alarm evaluation…). */
  engines: Map<string, unknown>;
  /** Marks state as changed so it is persisted before the response is sent. */
  markDirty(): void;
  /** The time profile the emulator runs with (set by the server; optional so fake runtimes stay small). */
  profile?: ProfileName;
  /** The profile's durations at the emulator's time scale (read them with `profileOf(runtime)`). */
  timing?: TimeProfile;
  /** The account used when a request's access key id is not a 12-digit account id. */
  defaultAccountId?: string;
  /** Any service's state for an account and region, for engines that run outside a request. */
  stateOf?<S>(service: ServiceName, accountId: string, region: string): S;
  /** Every (account, region) that has state for a service, so engines can visit them all. */
  scopesOf?(service: ServiceName): Array<{ accountId: string; region: string }>;
  /** Registers cleanup run by `stop()` (timers, servers of engines). */
  onStop?(fn: () => void | Promise<void>): void;
  /** Registers a hook run after `reset()` emptied every store (engines drop their own buffers). */
  onReset?(fn: () => void): void;
}
