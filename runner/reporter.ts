import type { PollProgress } from '../core/poll';
import type { RunRecord, Step, StepRecord } from './model';

/** Reporters are optional hooks; they read the run record and never change a verdict. */
export interface Reporter {
  onRunBegin?(run: Pick<RunRecord, 'lab' | 'labTitle' | 'target' | 'runId' | 'region' | 'endpoint' | 'startedAt'>, steps: Array<Pick<Step<unknown>, 'id' | 'title'>>): void;
  onStepBegin?(stepId: string, title: string): void;
  onStepProgress?(stepId: string, progress: PollProgress): void;
  onStepEnd?(record: StepRecord): void;
  onRunEnd?(run: RunRecord): void | Promise<void>;
}

/** Fans out to several reporters; a reporter that throws is reported once and never breaks the run. */
export function multiplex(reporters: Reporter[], onReporterError: (name: string, err: unknown) => void = () => {}): Required<Reporter> {
  const call = async (hook: keyof Reporter, ...args: unknown[]) => {
    for (const r of reporters) {
      const fn = r[hook] as ((...a: unknown[]) => unknown) | undefined;
      if (!fn) continue;
      try {
        await fn.apply(r, args);
      } catch (err) {
        onReporterError(r.constructor?.name ?? 'reporter', err);
      }
    }
  };
  const sync = (hook: keyof Reporter, ...args: unknown[]) => void call(hook, ...args);
  return {
    onRunBegin: (run, steps) => sync('onRunBegin', run, steps),
    onStepBegin: (id, title) => sync('onStepBegin', id, title),
    onStepProgress: (id, p) => sync('onStepProgress', id, p),
    onStepEnd: (rec) => sync('onStepEnd', rec),
    onRunEnd: (run) => call('onRunEnd', run),
  };
}
