import type { Capability } from './model';

/** Where a run happens (architecture §1). */
export type TargetName = 'embedded' | 'localstack' | 'endpoint' | 'aws';

/** An email as the emulator's outbox recorded it. */
export interface SentEmail {
  topicArn: string;
  protocol: string;
  endpoint: string;
  subject: string;
  message: string;
  timestamp: string;
}

/**
 * A target supplies how to reach AWS (or an AWS-compatible endpoint), what it can do, how long
 * its signals take, how to reach an instance's TCP port and the client's public IP.
 */
export interface Target {
  name: TargetName;
  region: string;
  endpoint?: string;
  /** Static credentials (emulator, LocalStack); the default chain is used when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The AWS shared-config profile (`--profile` on run, check, env, sweep). */
  awsProfile?: string;
  capabilities: ReadonlySet<Capability>;
  /** Why each missing capability is missing (for `unsupported` summaries). */
  capabilityGaps?: Partial<Record<Capability, string>>;
  /** Multiplies every AWS-sized wait budget (an emulator's minutes are seconds). */
  budgetScale: number;
  /**
   * A labwright emulator's time profile (`fast`, `realtime`, `aws`) and scale, from its health
   * answer. Under `aws` every delay is AWS's × `timeScale`, so wall time ÷ timeScale ≈ time on AWS.
   */
  timeProfile?: string;
  timeScale?: number;
  /** Intervals between polls of a wait. */
  intervalsMs: number[];
  /** How long an SSH connection attempt waits before it counts as timed out. */
  sshTimeoutMs: number;
  /**
   * How long an attempt that should be dropped (a security group without SSH) waits before it
   * counts as timed out; the check then proves the REJECT. Defaults to `sshTimeoutMs`.
   */
  sshRejectWaitMs?: number;
  /** Where to open a TCP connection to an instance's port. */
  instanceAddress(instance: { instanceId: string; publicIp?: string }, port: number): Promise<{ host: string; port: number }>;
  /** The client's public IP as the VPC sees it. */
  clientIp(): Promise<string>;
  /**
   * `check --client-ip`: the address the student connected from, pinned. Without it `check` takes
   * the student's address from the records themselves (they may have used CloudShell or another NAT).
   */
  studentIp?: string;
  /** Emulator targets: deliver captured traffic now rather than at the next capture window. */
  flushFlowLogs?(): Promise<void>;
  /**
   * The emulator runs in this process (the embedded target): it stamps a connection's flow record in
   * the event-loop turn in which the client sees the connection open, not at some later time of its own.
   */
  inProcess?: boolean;
  /** Emulator targets: confirm a topic's pending email subscriptions (the student clicking the link). */
  confirmSubscriptions?(topicArn: string): Promise<void>;
  /** Emulator targets: the emails sent to a topic's subscribers. */
  emails?(topicArn?: string): Promise<SentEmail[]>;
  /** Releases what the target started (the embedded emulator). */
  close(): Promise<void>;
}
