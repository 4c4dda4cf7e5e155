// One step of the run as a card: verdict badge, summary, the student's hint, the author's detail
// (collapsed: it is exact and long), the numbers of the wait, and the evidence.
import type { CtrfTest } from '../ctrf';
import { esc } from './escape';
import { renderEvidence } from './evidence';
import { duration } from './format';
import { verdictLook } from './verdicts';

/** A verdict badge: glyph and label, coloured by verdict. */
export function badge(verdict: string): string {
  const look = verdictLook(verdict);
  return `<span class="badge ${look.cls}" data-verdict="${esc(verdict)}"><span aria-hidden="true">${look.glyph}</span> ${esc(look.label)}</span>`;
}

/** The card of the step at `index`; `maxCalls` scales the bar of AWS calls across the run. */
export function renderStepCard(test: CtrfTest, index: number, maxCalls: number): string {
  const x = test.extra;
  const look = verdictLook(x.verdict);
  const calls = Number(x.apiCalls) || 0;
  const callsBar = `<span class="calls-bar" title="${esc(calls)} AWS API calls"><span style="width:${maxCalls ? ((100 * calls) / maxCalls).toFixed(1) : 0}%"></span></span>`;
  const evidence = Array.isArray(x.evidence) ? x.evidence : [];
  return `<article class="step ${look.cls}" id="step-${esc(x.stepId)}" data-step-id="${esc(x.stepId)}">
<header><span class="n">${index + 1}</span><h3>${esc(test.name)}</h3>${badge(x.verdict)}</header>
<p class="step-id"><code>${esc(x.stepId)}</code></p>
<p class="summary">${esc(x.summary)}</p>
${x.hint ? `<div class="hint"><strong>Hint</strong> <span>${esc(x.hint)}</span></div>` : ''}
${x.detail ? `<details class="detail"><summary>Author detail</summary><pre>${esc(x.detail)}</pre></details>` : ''}
<dl class="stats">
<div><dt>duration</dt><dd>${esc(duration(test.duration))}</dd></div>
<div><dt>waited</dt><dd title="${esc(x.waitedMs)} ms">${esc(duration(x.waitedMs))}</dd></div>
<div><dt>attempts</dt><dd>${esc(x.attempts)}</dd></div>
<div><dt>AWS calls</dt><dd><span class="calls">${esc(calls)}</span> ${callsBar}</dd></div>
</dl>
${evidence.length ? `<div class="evidence-list">${evidence.map((e, j) => renderEvidence(e, `${index}.${j}`, x.verdict === 'passed')).join('\n')}</div>` : ''}
</article>`;
}
