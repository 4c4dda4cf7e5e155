// What broke a run as a whole, in words a CI dashboard and an author can act on: the environment
// could not be provisioned (naming the AWS call that failed), the run was interrupted (naming the
// signal and the steps it cut short), teardown left resources standing (listing them). The session
// collects these into the run record; every report puts them first (runner/model.ts RunProblem).
import type { RecordedCall } from '../aws/calls';
import { errorMessage } from '../core/errors';
import type { LedgerEntry } from '../runner/ledger';
import type { RunProblem } from '../runner/model';
import type { Reporter } from '../runner/reporter';

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** The provisioning problem for the error setup threw, naming the last AWS call of setup that failed. */
export function provisioningProblem(err: unknown, setupCalls: RecordedCall[]): RunProblem {
  const failed = [...setupCalls].reverse().find((c) => !c.ok);
  const name = (err as { name?: string })?.name;
  const call = failed
    ? `${failed.service}:${failed.operation} failed${failed.errorName ? ` with ${failed.errorName}` : ''}${(failed.attempts ?? 1) > 1 ? ` after ${failed.attempts} attempts` : ''}: `
    : name && name !== 'Error' ? `${name}: ` : '';
  return { kind: 'provisioning', message: sentence(`The lab environment could not be provisioned: ${call}${errorMessage(err)}`) };
}

/**
 * The interruption problem: the abort reason (e.g. "Interrupted by SIGINT", or the cost guard's
 * maximum run time) and where it came: while these steps ran, or during provisioning.
 */
export function interruptionProblem(reason: unknown, running: string[], duringProvisioning = false): RunProblem {
  const why = (reason === undefined ? 'The run was interrupted' : errorMessage(reason)).trim().replace(/[.]$/, '');
  const where = running.length
    ? ` while ${running.join(', ')} ${running.length === 1 ? 'was' : 'were'} running; the steps not yet started were skipped.`
    : duringProvisioning ? ' while the lab environment was being provisioned; no step was run.' : '; the steps not yet started were skipped.';
  return { kind: 'interrupted', message: `${why}${where}`, ...(running.length ? { steps: running } : {}) };
}

/** The teardown problem for what teardown could not delete, or none when it deleted everything. */
export function teardownProblem(failed: Array<{ entry: Pick<LedgerEntry, 'kind' | 'id'>; reason: string }>): RunProblem | undefined {
  if (!failed.length) return undefined;
  const left = failed.map((f) => `${f.entry.kind} ${f.entry.id}`);
  const first = failed.slice(0, 3).map((f) => `${f.entry.kind} ${f.entry.id} (${f.reason.replace(/[.]$/, '')})`).join('; ');
  const more = failed.length > 3 ? ` and ${failed.length - 3} more` : '';
  return {
    kind: 'teardown',
    message: `Teardown left ${failed.length} resource${failed.length === 1 ? '' : 's'} standing: ${first}${more}. The ledger lists them; labwright env down --ledger or labwright sweep removes them.`,
    left,
  };
}

/**
 * A reporter that knows which steps are running, so an interruption can name the steps it cut short
 * (they end as errors; the steps it kept from starting are skipped).
 */
export class RunningSteps implements Reporter {
  private readonly running = new Set<string>();
  private atAbort?: string[];

  /** Remembers the steps running when `signal` aborts. */
  watch(signal: AbortSignal): this {
    const snap = () => (this.atAbort ??= [...this.running]);
    if (signal.aborted) snap();
    else signal.addEventListener('abort', snap, { once: true });
    return this;
  }

  /** The steps that were running when the signal aborted (empty if it did not, or none ran). */
  get cutShort(): string[] {
    return this.atAbort ?? [];
  }

  onStepBegin(stepId: string): void {
    this.running.add(stepId);
  }

  onStepEnd(record: { stepId: string }): void {
    this.running.delete(record.stepId);
  }
}
