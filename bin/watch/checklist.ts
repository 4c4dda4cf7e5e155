// The student's checklist on the console: one line per step in lab order (✔ ✘ … ? ○ -), the hint
// under a step that did not pass, an ETA for a pending one; and, for --watch, only what changed.
import type { RunRecord, StepRecord, Verdict } from '../../runner/model';

const ICON: Record<Verdict, string> = { passed: '✔', failed: '✘', pending: '…', 'cant-verify': '?', unsupported: '○', skipped: '-' };
const COLOUR: Record<Verdict, number> = { passed: 32, failed: 31, pending: 33, 'cant-verify': 35, unsupported: 36, skipped: 90 };

/** How the checklist is drawn. */
export interface ChecklistStyle {
  colour: boolean;
}

/** "about 4 min" / "about 20 s" for an ETA. */
export function formatEta(ms: number): string {
  if (ms < 60_000) return `about ${Math.max(1, Math.round(ms / 1000))} s`;
  return `about ${Math.round(ms / 60_000)} min`;
}

/**
 * When discovery failed, the session marks every step failed with the same hint: the checklist says
 * it once, above the steps, instead of fourteen times.
 */
export function discoveryProblem(run: RunRecord): string | undefined {
  const hints = new Set(run.steps.map((s) => s.result.hint));
  const all = run.steps.length > 0 && run.steps.every((s) => s.result.verdict === 'failed' && s.attempts === 0 && s.result.summary.startsWith('Not checked:'));
  return all && hints.size === 1 ? [...hints][0] : undefined;
}

function paint(style: ChecklistStyle, verdict: Verdict, text: string): string {
  return style.colour ? `\x1b[${COLOUR[verdict]}m${text}\x1b[0m` : text;
}

/** The lines of one step: its mark, number, title and id, then what the student should know. */
export function stepLines(rec: StepRecord, number: number, style: ChecklistStyle, quiet = false): string[] {
  const v = rec.result.verdict;
  const eta = v === 'pending' && rec.result.etaMs !== undefined ? ` · expected in ${formatEta(rec.result.etaMs)}` : '';
  const lines = [`  ${paint(style, v, ICON[v])} ${String(number).padStart(2)}. ${rec.title}  ${paint(style, 'skipped', `[${rec.stepId}]`)}${eta}`];
  if (v === 'passed' || quiet) return lines;
  // The hint teaches; the summary says what was seen. A failed or skipped step with a hint shows
  // only the hint (a skipped step's summary is the scheduler's, not the student's, language).
  if (!(v === 'failed' || v === 'skipped') || !rec.result.hint) lines.push(`        ${rec.result.summary}`);
  if (rec.result.hint) lines.push(`        hint: ${rec.result.hint}`);
  return lines;
}

/** The whole checklist of a check pass, with a one-line tally. */
export function renderChecklist(run: RunRecord, labSteps: string[], style: ChecklistStyle): string {
  const number = (id: string) => labSteps.indexOf(id) + 1;
  const problem = discoveryProblem(run);
  const lines = [`labwright check · ${run.labTitle} (${run.lab}) on ${run.target}${run.endpoint ? ` ${run.endpoint}` : ''} · ${run.region}`, ''];
  if (problem) lines.push(`  ${paint(style, 'failed', '✘')} Your lab environment was not found, so no step could be checked:`, `        ${problem}`, '');
  for (const rec of run.steps) lines.push(...stepLines(rec, number(rec.stepId), style, Boolean(problem)));
  lines.push('', `  ${tally(run)}`);
  return `${lines.join('\n')}\n`;
}

/** "3 of 14 steps done · 1 pending · 10 to do". */
export function tally(run: RunRecord): string {
  const count = (v: Verdict) => run.steps.filter((s) => s.result.verdict === v).length;
  const parts = [`${count('passed')} of ${run.steps.length} steps done`];
  if (count('pending')) parts.push(`${count('pending')} pending`);
  const todo = count('failed') + count('skipped');
  if (todo) parts.push(`${todo} to do`);
  if (count('cant-verify')) parts.push(`${count('cant-verify')} could not be verified`);
  if (count('unsupported')) parts.push(`${count('unsupported')} not verifiable on ${run.target}`);
  return parts.join(' · ');
}

/**
 * What changed between two passes of --watch: a step whose verdict changed, or whose hint changed
 * while it still does not pass (the student fixed one thing, another is still wrong).
 */
export function renderChanges(prev: RunRecord, next: RunRecord, labSteps: string[], style: ChecklistStyle, at: Date): string {
  const before = new Map(prev.steps.map((s) => [s.stepId, s.result]));
  const time = at.toTimeString().slice(0, 8);
  const lines: string[] = [];
  for (const rec of next.steps) {
    const old = before.get(rec.stepId);
    const changed = !old || old.verdict !== rec.result.verdict || (rec.result.verdict !== 'passed' && old.hint !== rec.result.hint);
    if (!changed) continue;
    const [first, ...rest] = stepLines(rec, labSteps.indexOf(rec.stepId) + 1, style);
    lines.push(`${time}${first}${old && old.verdict !== rec.result.verdict ? `  (was ${old.verdict})` : ''}`, ...rest.map((l) => `        ${l}`));
  }
  if (lines.length) lines.push(`${time}  ${tally(next)}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
