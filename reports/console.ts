import type { Output } from '../core/log';
import type { PollProgress } from '../core/poll';
import type { RunRecord, Step, StepRecord, Verdict } from '../runner/model';
import type { Reporter } from '../runner/reporter';
import { formatAwsEquivalent, runAwsEquivalentMs } from '../runner/aws-equivalent';

const ICON: Record<Verdict, string> = {
  passed: '✔',
  failed: '✘',
  pending: '…',
  'cant-verify': '?',
  unsupported: '○',
  skipped: '-',
};

const COLOUR: Record<Verdict, number> = { passed: 32, failed: 31, pending: 33, 'cant-verify': 35, unsupported: 36, skipped: 90 };
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

/** Options of the console reporter. */
export interface ConsoleOptions {
  /** Redrawn progress lines on a terminal; plain periodic lines otherwise (CI logs). */
  tty: boolean;
  colour: boolean;
  /** On a non-terminal, at most one progress line per step this often. */
  progressEveryMs?: number;
}

/**
 * The live console: a line per step as it starts and ends, a spinner with elapsed time against
 * the budget while a step waits, and a final table. Writes only through a redacting Output.
 */
export class ConsoleReporter implements Reporter {
  private readonly lastProgress = new Map<string, number>();
  private spin = 0;
  private live = false;
  private titles = new Map<string, string>();

  constructor(private readonly out: Output, private readonly opts: ConsoleOptions) {}

  private paint(verdict: Verdict, text: string): string {
    return this.opts.colour ? `\x1b[${COLOUR[verdict]}m${text}\x1b[0m` : text;
  }

  private clearLive(): void {
    if (this.live) this.out.write('\r\x1b[2K');
    this.live = false;
  }

  onRunBegin(run: Pick<RunRecord, 'lab' | 'labTitle' | 'target' | 'runId' | 'region' | 'endpoint'>, steps: Array<Pick<Step<unknown>, 'id' | 'title'>>): void {
    for (const s of steps) this.titles.set(s.id, s.title);
    this.out.write(`labwright · ${run.labTitle} (${run.lab}) on ${run.target}${run.endpoint ? ` ${run.endpoint}` : ''} · ${run.region} · run ${run.runId}\n`);
  }

  onStepBegin(stepId: string, title: string): void {
    this.clearLive();
    this.out.write(`  ▶ ${stepId}  ${title}\n`);
  }

  onStepProgress(stepId: string, p: PollProgress): void {
    const line = `    ${SPINNER[this.spin++ % SPINNER.length]} ${stepId}: waiting ${seconds(p.elapsedMs)} of ${seconds(p.budgetMs)}${p.reason ? ` · ${p.reason}` : ''}`;
    if (this.opts.tty) {
      this.out.write(`\r\x1b[2K${line.slice(0, 160)}`);
      this.live = true;
      return;
    }
    const last = this.lastProgress.get(stepId) ?? -Infinity;
    if (p.elapsedMs - last >= (this.opts.progressEveryMs ?? 5000)) {
      this.lastProgress.set(stepId, p.elapsedMs);
      this.out.write(`${line}\n`);
    }
  }

  onStepEnd(r: StepRecord): void {
    this.clearLive();
    const v = r.result.verdict;
    const wait = r.waitedMs > 0 ? ` (waited ${seconds(r.waitedMs)})` : '';
    this.out.write(`  ${this.paint(v, `${ICON[v]} ${r.stepId}`)}  ${r.result.summary}${wait}\n`);
    if (v !== 'passed' && r.result.hint) this.out.write(`      hint: ${r.result.hint}\n`);
  }

  onRunEnd(run: RunRecord): void {
    this.clearLive();
    // What broke the run as a whole comes first: it explains every row of the table below it. Each
    // message is a whole sentence that names its kind ("The lab environment could not be provisioned: …").
    if (run.problems?.length) this.out.write('\n');
    for (const p of run.problems ?? []) this.out.write(`  ${this.paint('failed', '✘')} ${p.message}\n`);
    const width = Math.max(...run.steps.map((s) => s.stepId.length), 4);
    this.out.write(`\n  ${'step'.padEnd(width)}  verdict       time    waited  calls\n`);
    for (const s of run.steps) {
      const v = s.result.verdict;
      this.out.write(
        `  ${s.stepId.padEnd(width)}  ${this.paint(v, v.padEnd(12))}  ${seconds(s.finishedAt - s.startedAt).padStart(6)}  ${seconds(s.waitedMs).padStart(6)}  ${String(s.apiCalls).padStart(5)}\n`,
      );
    }
    const count = (v: Verdict) => run.steps.filter((s) => s.result.verdict === v).length;
    const parts = (['passed', 'failed', 'pending', 'unsupported', 'cant-verify', 'skipped'] as Verdict[]).filter((v) => count(v) > 0).map((v) => `${count(v)} ${v}`);
    // On the aws profile every delay is AWS's × F: say what the same run costs in time on AWS.
    const onAws = runAwsEquivalentMs(run);
    this.out.write(`\n  ${parts.join(', ')} in ${seconds(run.finishedAt - run.startedAt)}${onAws !== undefined ? ` (${formatAwsEquivalent(onAws)}, aws profile × ${run.timeProfile!.timeScale})` : ''}\n`);
  }

  onError(error: unknown): void {
    this.clearLive();
    this.out.write(`  ! ${(error as Error)?.message ?? String(error)}\n`);
  }
}
