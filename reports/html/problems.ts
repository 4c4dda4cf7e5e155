// What broke the run as a whole (a provisioning failure, an interruption, a teardown that left
// resources), shown as the first thing on the page: it explains every step card below it, and a
// reader who sees only the top of the report must not take a broken run for a row of skipped steps.
import type { RunProblem } from '../../runner/model';
import { esc } from './escape';

const KIND_LABEL: Record<RunProblem['kind'], string> = { provisioning: 'provisioning', interrupted: 'interrupted', teardown: 'teardown' };

function stepLinks(ids: string[]): string {
  return ids.map((id) => `<a href="#step-${esc(id)}"><code>${esc(id)}</code></a>`).join(', ');
}

function more(p: RunProblem): string {
  if (p.kind === 'interrupted' && p.steps?.length) return `<p class="problem-more">Cut short: ${stepLinks(p.steps)}.</p>`;
  if (p.kind === 'teardown' && p.left?.length) {
    return `<details class="problem-more"><summary>${p.left.length} resource${p.left.length === 1 ? '' : 's'} left standing</summary><ul>${p.left.map((r) => `<li><code>${esc(r)}</code></li>`).join('')}</ul></details>`;
  }
  return '';
}

/** The alert block of a report's run problems; empty when the run itself went through. */
export function renderProblems(problems: RunProblem[]): string {
  if (!problems.length) return '';
  const items = problems.map(
    (p) => `<div class="problem" data-kind="${esc(p.kind)}"><p><span class="glyph" aria-hidden="true">✗</span> ${esc(p.message)} <span class="tag">${esc(KIND_LABEL[p.kind] ?? p.kind)}</span></p>${more(p)}</div>`,
  );
  return `<div class="problems" role="alert" aria-label="What broke this run">${items.join('')}</div>`;
}
