import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallRecorder } from '../aws/calls';
import { createClients, destroyClients, type AwsClients } from '../aws/clients';
import type { LabContext, LabEnvironment } from '../runner/context';
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import { errorMessage, UsageError } from '../core/errors';
import { runId as newRunId } from '../core/ids';
import { redact, registerSecret } from '../core/redact';
import { toCtrf, type CtrfReport } from '../reports/ctrf';
import { writeHtmlReport } from '../reports/html';
import { toJunit } from '../reports/junit';
import { CleanupLedger, type ResourceKind } from '../runner/ledger';
import type { CreatedResource } from '../aws/created';
import { result, type RunProblem, type RunRecord, type Step, type Verdict } from '../runner/model';
import { multiplex, type Reporter } from '../runner/reporter';
import { schedule } from '../runner/scheduler';
import { withStep } from '../core/step-scope';
import { deliveryLagOf, teardown } from '../runner/teardown';
import type { Target } from '../runner/target';
import { labOf, type AnyLab } from '../runner/lab';
import { sshAccess, sshKeyFile, sshLine, type SshAccess } from './ssh-access';
import { findNameClashes } from '../runner/name-clashes';
import { literalNames, scopedNames, type RunNames } from '../runner/names';
import { VERSION } from '../core/version';
import { interruptionProblem, provisioningProblem, RunningSteps, teardownProblem } from './run-problems';

/** How a session runs. */
export interface SessionOptions {
  mode: 'run' | 'check';
  lab: AnyLab;
  target: Target;
  reporters: Reporter[];
  /** Where report.json, junit.xml, index.html and the ledger go (run); none for check unless given. */
  reportDir?: string;
  only?: string[];
  keep?: boolean;
  /**
   * `run --only … --ledger FILE`: run the stages on the lab a kept run or `env up` left standing —
   * its environment is discovered, not provisioned; what the stages create is added to that ledger,
   * and nothing is torn down (the printed `env down` removes the whole lab).
   */
  existingLedger?: string;
  strict?: boolean;
  signal?: AbortSignal;
  /** The run id (default: a new one); names tags, the bucket and the default report folder. */
  runId?: string;
  /**
   * Run with the lab's literal names instead of run-scoped ones (`run --lab-names`): exactly the
   * student's path, for a sandbox account; refused with a UsageError when one is already taken.
   */
  labNames?: boolean;
  /** Records every AWS call of the session (default: a recorder of its own); the policy test reads it. */
  recorder?: CallRecorder;
  log(line: string): void;
}

/** What a session produced. */
export interface SessionResult {
  report: CtrfReport;
  run: RunRecord;
  exitCode: 0 | 1;
  /** Resources left standing (with --keep, or what teardown could not delete). */
  leftStanding: number;
  ledgerFile?: string;
  /** AWS calls the session made, and the retries the SDK made within them. */
  apiCalls: number;
  retries: number;
  /** With --keep: the private key file (mode 0600) and where to SSH in. */
  ssh?: SshAccess;
  /** The lab environment it provisioned or discovered (undefined when that failed). */
  env?: LabEnvironment;
}

/** AccessDenied and throttling mean "cannot verify", never pass or fail (architecture §1). */
export function classifyAwsError(err: unknown): Verdict {
  const name = (err as { name?: string })?.name ?? '';
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError|Throttl|TooManyRequests|RequestLimitExceeded|ServiceUnavailable|InternalError|InternalFailure|ReadOnlyViolation/.test(name)) return 'cant-verify';
  return 'failed';
}

/** Wraps every step so the AWS calls it makes are counted against it. */
function scopedSteps(steps: Step<LabContext>[]): Step<LabContext>[] {
  return steps.map((s) => ({ ...s, solve: (ctx) => withStep(s.id, () => s.solve(ctx)), check: (ctx) => withStep(s.id, () => s.check(ctx)) }));
}

/**
 * How the SDK retries throttling, 5xx and dropped connections on each kind of target.
 * - aws: the SDK's standard mode and backoff (50 ms base, 1 s for throttling, 20 s cap) with 5
 *   attempts instead of 3: a run makes a few hundred calls over many minutes, and a throttled
 *   burst must not turn a step into cant-verify; more would only hide a real outage.
 * - emulators (embedded, endpoint, localstack): 8 attempts from a 20 ms base (capped at 400 ms):
 *   their injected faults clear at once, so long backoffs only slow a run down, and 8 attempts make
 *   a call that fails for good vanishingly rare even at 15% faults (0.15^8 ≈ 3·10⁻⁷).
 */
export function retryPolicyFor(target: Pick<Target, 'name'>): { maxAttempts: number; retryBaseDelayMs?: number } {
  return target.name === 'aws' ? { maxAttempts: 5 } : { maxAttempts: 8, retryBaseDelayMs: 20 };
}

/** The SDK clients of a session on a target: recording, with the target's retry policy, read-only when asked. */
export function clientsFor(target: Target, recorder: CallRecorder, readOnly: boolean, ledger?: CleanupLedger): AwsClients {
  // Every resource a create call makes goes to the ledger before the call returns: a step cannot
  // create something teardown does not know of.
  const onCreated = ledger ? (r: CreatedResource) => ledger.add({ kind: r.kind as ResourceKind, id: r.id, region: target.region, ...(r.meta ? { meta: r.meta } : {}) }) : undefined;
  return createClients({ region: target.region, endpoint: target.endpoint, credentials: target.credentials, awsProfile: target.awsProfile, recorder, readOnly, onCreated, ...retryPolicyFor(target) });
}

/** Exit code of the contract: 0 when every step passed (unsupported allowed unless strict) and the run itself had no problem. */
export function exitCodeOf(run: RunRecord, strict = false): 0 | 1 {
  const ok = !run.problems?.length && run.steps.every((s) => s.result.verdict === 'passed' || (!strict && s.result.verdict === 'unsupported'));
  return ok ? 0 : 1;
}

/** Writes report.json, junit.xml and index.html. */
export function writeReports(report: CtrfReport, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'junit.xml'), toJunit(report));
  writeHtmlReport(report, dir);
}

/** The names a session uses: the run's own in `run` and `env up`, the lab's literal ones in `check` or when asked. */
export function namesFor(lab: AnyLab, mode: 'run' | 'check', runId: string, labNames = false): RunNames {
  return mode === 'run' && !labNames ? scopedNames(lab.names ?? {}, runId) : literalNames(lab.names);
}

/**
 * Before a run under the lab's literal names creates anything: refuses (a UsageError, exit 2),
 * naming the first, when one of them already exists in the account. Read-only.
 */
export async function assertLabNamesFree(lab: AnyLab, clients: AwsClients, target: Target): Promise<void> {
  const clashes = await findNameClashes(literalNames(lab.names), clients, target.region);
  if (!clashes.length) return;
  const more = clashes.length > 1 ? ` (and ${clashes.length - 1} more: ${clashes.slice(1).map((c) => c.what).join(', ')})` : '';
  throw new UsageError(`--lab-names: ${clashes[0].what} already exists in ${target.region}${more}; a run under the lab's own names would use or change it. Run without --lab-names (run-scoped names), or remove it first.`);
}

/** What setting up a lab's environment needs. */
export interface SetupDeps {
  clients: AwsClients;
  target: Target;
  ledger: CleanupLedger;
  runId: string;
  /** The names provisioning gives what it creates (the lab's literal names when absent). */
  names?: RunNames;
  log(line: string): void;
  signal?: AbortSignal;
  clock?: Clock;
}

/**
 * The lab's environment: provisioned (`run`, `verify-checks`, `env up`) or discovered read-only
 * (`check`); its secrets are registered for redaction before anything is printed.
 */
export async function setupEnvironment(lab: AnyLab, mode: 'run' | 'check', deps: SetupDeps): Promise<LabEnvironment> {
  const env: LabEnvironment =
    mode === 'run'
      ? await lab.environment.provision({ clients: deps.clients, target: deps.target, ledger: deps.ledger, runId: deps.runId, region: deps.target.region, names: deps.names, log: deps.log, signal: deps.signal, clock: deps.clock })
      : await lab.environment.discover(deps.clients, deps.target.region, deps.names);
  for (const secret of lab.environment.secrets?.(env) ?? []) registerSecret(secret);
  return env;
}

/**
 * Runs a lab on a target: `run` provisions the environment, solves and waits for every step, always
 * tears down (unless --keep), and writes the reports; `check` discovers the environment and checks
 * read-only. Teardown runs after success, failure, timeout and interruption alike.
 */
export async function runSession(opts: SessionOptions): Promise<SessionResult> {
  const { lab, target, mode } = opts;
  // `--only … --ledger FILE`: the stages run on a lab a kept run (or env up) left, as that run: under
  // its names and its run-id tag, so what they create is that run's to tear down.
  const existing = mode === 'run' && Boolean(opts.existingLedger);
  const ledgerFile = opts.existingLedger ?? (opts.reportDir ? join(opts.reportDir, 'ledger.json') : undefined);
  const kept = existing ? new CleanupLedger(ledgerFile) : undefined;
  const id = kept?.runId ?? opts.runId ?? newRunId();
  const recorder = opts.recorder ?? new CallRecorder();
  const ledger = kept ?? new CleanupLedger(mode === 'run' ? ledgerFile : undefined, id);
  const clients = clientsFor(target, recorder, mode === 'check', mode === 'run' ? ledger : undefined);
  const names = namesFor(lab, mode, id, opts.labNames);
  if (mode === 'run' && opts.labNames) {
    try {
      await assertLabNamesFree(lab, clients, target);
    } catch (err) {
      destroyClients(clients);
      throw err;
    }
  }
  const signal = opts.signal ?? new AbortController().signal;
  // --- run problems (issue 16): what broke the run as a whole goes into run.problems.
  const problems: RunProblem[] = [];
  const running = new RunningSteps().watch(signal);
  const reporter = multiplex([running, ...opts.reporters], (name, err) => opts.log(`reporter ${name} failed: ${errorMessage(err)}`));
  const startedAt = systemClock.now();
  const base = {
    lab: lab.id,
    labTitle: lab.title,
    target: target.name,
    runId: id,
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    capabilities: [...target.capabilities],
    startedAt,
    ...(target.timeProfile ? { timeProfile: { name: target.timeProfile, timeScale: target.timeScale ?? 1 } } : {}),
  };
  const allSteps: Step<LabContext>[] = labOf(lab).steps;
  const steps = opts.only?.length ? allSteps.filter((s) => opts.only!.includes(s.id)) : allSteps;
  reporter.onRunBegin(base, steps);

  let env: LabEnvironment | undefined;
  let setupError: string | undefined;
  // In check mode, finding the environment may be refused (AccessDenied): then nothing can be verified, not failed.
  let setupVerdict: Verdict = 'failed';
  try {
    env = await withStep('setup', () => setupEnvironment(lab, existing ? 'check' : mode, { clients, target, ledger, runId: id, names, log: opts.log, signal }));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    setupError = errorMessage(err);
    setupVerdict = classifyAwsError(err);
    if (mode === 'run' && !signal.aborted) problems.push(provisioningProblem(err, recorder.calls.filter((c) => c.stepId === 'setup')));
  }

  let records;
  if (env && !signal.aborted) {
    const state = new Map<string, unknown>();
    records = await schedule<LabContext>(
      { id: lab.id, title: lab.title, steps: scopedSteps(allSteps) },
      {
        mode,
        contextFor: (_step, stepSignal) => ({ runId: id, mode, target, clients, env: env!, names, ledger, state, clock: systemClock, signal: stepSignal, log: opts.log }),
        capabilities: target.capabilities,
        whyMissing: target.capabilityGaps,
        budgetScale: target.budgetScale,
        intervalsMs: target.intervalsMs,
        only: opts.only,
        classifyError: classifyAwsError,
        apiCallsFor: (stepId) => recorder.countFor(stepId),
        reporter,
        signal,
      },
    );
  } else {
    const why = setupError
      ? mode === 'run'
        ? signal.aborted ? 'Skipped: the run was interrupted.' : 'Skipped: the lab environment could not be provisioned.'
        : `Not checked: ${setupError}`
      : 'Skipped: the run was interrupted.';
    const now = systemClock.now();
    records = steps.map((s) => ({ stepId: s.id, title: s.title, result: result(mode === 'check' && setupError ? setupVerdict : 'skipped', why, mode === 'check' ? { hint: setupError } : {}), startedAt: now, finishedAt: now, waitedMs: 0, attempts: 0, apiCalls: 0 }));
    for (const r of records) reporter.onStepEnd(r);
  }

  if (mode === 'run' && signal.aborted) problems.push(interruptionProblem(signal.reason, running.cutShort, !env));

  let leftStanding = 0;
  let ssh: SessionResult['ssh'];
  if (mode === 'run') {
    if (opts.keep || existing) {
      leftStanding = ledger.size;
      const login = env && lab.environment.login?.(env);
      if (login && opts.reportDir) ssh = await sshAccess(login, target, sshKeyFile(opts.reportDir)).catch((err) => (opts.log(`Could not write the SSH key: ${errorMessage(err)}`), undefined));
    } else {
      const summary = await withStep('teardown', () => teardown(ledger, clients, opts.log, { ...deliveryLagOf(target), intervalsMs: target.intervalsMs }));
      leftStanding = summary.failed.length;
      for (const e of summary.notOurs) opts.log(`Left ${e.kind} ${e.id} as it is: it is not this run's`);
      for (const f of summary.failed) opts.log(`Could not delete ${f.entry.kind} ${f.entry.id}: ${f.reason}`);
      const left = teardownProblem(summary.failed);
      if (left) problems.push(left);
    }
  }
  destroyClients(clients);

  const run: RunRecord = { ...base, steps: records, finishedAt: systemClock.now(), ...(problems.length ? { problems } : {}) };
  await reporter.onRunEnd(run);
  const report = toCtrf(run, VERSION);
  if (opts.reportDir) writeReports(report, opts.reportDir);
  return { report, run, exitCode: exitCodeOf(run, opts.strict), leftStanding, ledgerFile, apiCalls: recorder.calls.length, retries: recorder.retries(), env, ...(ssh ? { ssh } : {}) };
}

/** Redacts and prints a message about a kept lab, how to log in to it and how to remove it. */
export function keptMessage(target: Target, ledgerFile: string | undefined, count: number, ssh?: SshAccess): string {
  const where = target.endpoint ? ` --endpoint ${target.endpoint}` : target.name === 'aws' ? ' --target aws' : '';
  const login = ssh ? sshLine(ssh) : '';
  return redact(`The lab is still standing (--keep): ${count} resources. Remove them with: labwright env down${where}${ledgerFile ? ` --ledger ${ledgerFile}` : ''}\n${login}`);
}
