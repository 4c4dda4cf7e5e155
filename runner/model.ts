/** The verdict of a check (architecture §1). */
export type Verdict = 'passed' | 'failed' | 'pending' | 'cant-verify' | 'unsupported' | 'skipped';

/** What a target can do; steps declare the ones their checks need. */
export type Capability =
  | 'flow-log-delivery'
  | 'flow-log-delivery-s3'
  | 'metric-filter-eval'
  | 'alarm-eval'
  | 'sns-delivery'
  | 'logs-insights'
  | 'athena'
  | 'instance-ssh'
  /** A trail records every API call and delivers it to S3 and CloudWatch Logs. */
  | 'cloudtrail-delivery'
  /** Requests signed with an IAM user's keys are authorized against its identity policies. */
  | 'iam-enforcement';

/**
 * The data of each evidence kind, as reporters render it (the HTML report charts datapoints and
 * highlights ACCEPT/REJECT). Other shapes are allowed and shown as JSON.
 * - `flow-records`: `{ lines: string[]; logGroup?; logStream?; key? }`
 * - `metric-datapoints`: `{ namespace; metricName; threshold?; alarmAt?: number (ms); points: Array<{ timestamp: number (ms); value: number }> }`
 * - `alarm-history`: `{ items: Array<{ timestamp: number (ms); type: string; summary: string }> }`
 * - `alarm-state`: `{ alarmName; state; reason? }`
 * - `email`: `{ subject; message; endpoint?; timestamp? }`
 * - `insights-rows` and `athena-rows`: `{ columns: string[]; rows: string[][] }`
 * - `resource`: `{ [field]: string }` — ids and settings of the verified resource
 * - `text`: `string`
 */
export type EvidenceData = unknown;

/** One piece of proof attached to the step it proves. */
export interface Evidence {
  kind: 'flow-records' | 'metric-datapoints' | 'alarm-history' | 'alarm-state' | 'email' | 'insights-rows' | 'athena-rows' | 'resource' | 'text';
  title: string;
  data: unknown;
}

/** What a check returns. `hint` is for the student, `detail` for the author. */
export interface CheckResult {
  verdict: Verdict;
  summary: string;
  hint?: string;
  detail?: string;
  evidence: Evidence[];
  /** For `pending`: when the awaited signal is expected, in milliseconds from now. */
  etaMs?: number;
}

/** A step of a lab: what the student does (solve) and how it is verified (check). */
export interface Step<C> {
  id: string;
  title: string;
  /** Step ids that must have passed before this one starts. */
  needs?: string[];
  /** Capabilities the check relies on; a target lacking one makes the step `unsupported`. */
  capabilities?: Capability[];
  /** How long a run waits for the check to stop being `pending` after solve (before target scaling). */
  waitBudgetMs?: number;
  /** Does what the student does. */
  solve(ctx: C): Promise<void>;
  /**
   * Produces the step's evidence again while its check stays `pending` in a run (another login,
   * the query re-run): on AWS the first attempt may fall before capture starts or before delivery.
   * Called at most every `reproduceEveryMs` (AWS-sized, scaled by the target); its errors are ignored
   * (the check judges).
   */
  reproduce?(ctx: C): Promise<void>;
  /** How often `reproduce` runs while the check is pending (default: a minute, scaled). */
  reproduceEveryMs?: number;
  /** Read-only verification. */
  check(ctx: C): Promise<CheckResult>;
}

/** A lab: ordered steps. */
export interface Lab<C> {
  id: string;
  title: string;
  steps: Step<C>[];
}

/** The record of one step in a run: what reporters read. */
export interface StepRecord {
  stepId: string;
  title: string;
  result: CheckResult;
  startedAt: number;
  finishedAt: number;
  waitedMs: number;
  attempts: number;
  apiCalls: number;
}

/** The record of a run: the JSON report is rendered from it, and HTML and JUnit from that. */
export interface RunRecord {
  lab: string;
  labTitle: string;
  target: string;
  runId: string;
  region: string;
  endpoint?: string;
  capabilities: Capability[];
  startedAt: number;
  finishedAt: number;
  steps: StepRecord[];
  /** What went wrong with the run itself rather than with a step; absent or empty when nothing did. */
  problems?: RunProblem[];
  /** The emulator's time profile and scale (absent on a real account): under `aws`, wall time ÷ timeScale ≈ AWS time. */
  timeProfile?: { name: string; timeScale: number };
}

/**
 * Something that broke the run as a whole: the environment could not be provisioned, the run was
 * interrupted (Ctrl-C, SIGTERM, the cost guard), or teardown left resources standing. Reports put
 * it first and CI sees it as an error, never as skipped tests.
 */
export interface RunProblem {
  kind: 'provisioning' | 'interrupted' | 'teardown';
  /** One or two whole sentences naming the cause, e.g. which AWS call failed and how. */
  message: string;
  /** interrupted: the steps that were running when it came (they end as errors, not skipped). */
  steps?: string[];
  /** teardown: what was left standing, as "kind id". */
  left?: string[];
}

/** Builds a CheckResult with no evidence. */
export function result(verdict: Verdict, summary: string, extra: Partial<CheckResult> = {}): CheckResult {
  return { verdict, summary, evidence: [], ...extra };
}
