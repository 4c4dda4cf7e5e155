// The run as a timeline: one row per step, each bar from the step's start to its finish on a time
// axis shared by all rows, so steps that ran concurrently overlap visibly. The last `waitedMs` of a
// bar (the scheduler polls the check after solving) is striped: that is time spent waiting for AWS.
import type { CtrfTest } from '../ctrf';
import { esc } from './escape';
import { duration, offset } from './format';
import { verdictLook } from './verdicts';

/** A round tick interval giving about six ticks over `span` ms. */
function tickStep(span: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((s) => s * 1000);
  return steps.find((s) => span / s <= 8) ?? Math.ceil(span / 8 / 3_600_000) * 3_600_000;
}

/** The timeline section for the steps of a run between `start` and `stop` (epoch ms). */
export function renderTimeline(tests: CtrfTest[], start: number, stop: number): string {
  const first = Math.min(start, ...tests.map((t) => t.start));
  const last = Math.max(stop, ...tests.map((t) => t.stop));
  const span = Math.max(1, last - first);
  const pct = (ms: number) => `${((100 * (ms - first)) / span).toFixed(3)}%`;
  const every = tickStep(span);
  const ticks: string[] = [];
  for (let t = 0; t <= span; t += every) ticks.push(`<span class="tick" style="left:${pct(first + t)}">${esc(offset(t))}</span>`);
  const rows = tests.map((t, i) => {
    const look = verdictLook(t.extra.verdict);
    const dur = Math.max(0, t.stop - t.start);
    const wait = Math.min(dur, Math.max(0, t.extra.waitedMs));
    const tip = `${t.name}: ${look.label}, ${offset(t.start - first)} → ${offset(t.stop - first)} (${duration(dur)}, waited ${duration(wait)})`;
    // A step that did not pass is marked with its glyph next to its bar: short bars are hard to see.
    // Near the right edge the mark goes over the bar's end instead, so it never leaves the track.
    const endsLate = (t.stop - first) / span > 0.85;
    const where = endsLate ? `right:${(100 - (100 * (t.stop - first)) / span).toFixed(3)}%` : `left:${pct(t.stop)}`;
    const mark = t.extra.verdict === 'passed' ? '' : `<span class="tl-mark ${look.cls}${endsLate ? ' late' : ''}" style="${where}" title="${esc(tip)}">${look.glyph} ${esc(look.label)}</span>`;
    const waitPart = wait > 0 ? `<span class="wait" style="width:${((100 * wait) / Math.max(1, dur)).toFixed(3)}%"></span>` : '';
    return `<div class="tl-row"><a class="tl-label" href="#step-${esc(t.extra.stepId)}"><span class="n">${i + 1}</span>${esc(t.extra.stepId)}</a>
<div class="tl-track"><span class="bar ${look.cls}${dur === 0 ? ' instant' : ''}" style="left:${pct(t.start)};width:${((100 * dur) / span).toFixed(3)}%" title="${esc(tip)}">${waitPart}</span>${mark}</div></div>`;
  });
  return `<section class="timeline" aria-label="Timeline">
<h2>Timeline</h2>
<p class="legend"><span class="key solid"></span> acting and checking <span class="key striped"></span> waiting for a signal · axis: time since the run started (${esc(duration(span))} in all)</p>
<div class="tl-rows" style="--grid:${((100 * every) / span).toFixed(3)}%">${rows.join('\n')}
<div class="tl-row tl-axis"><span class="tl-label"></span><div class="tl-track">${ticks.join('')}</div></div></div>
</section>`;
}
