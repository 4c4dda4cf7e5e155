// Evidence, rendered per kind (the shapes are documented in runner/model.ts). A piece whose data
// does not have its kind's shape is shown as pretty JSON rather than dropped: evidence is proof, and
// proof must stay visible even when a check attached something unexpected.
import { esc } from './escape';
import { clockTime, dateTime } from './format';
import { flowTable } from './flow-table';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function prettyJson(value: unknown): string {
  return `<pre class="json">${esc(JSON.stringify(value, null, 2) ?? String(value))}</pre>`;
}

function keyValue(entries: Array<[string, unknown]>): string {
  const rows = entries.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</td></tr>`);
  return `<table class="kv">${rows.join('')}</table>`;
}

function rowsTable(data: Obj): string | undefined {
  const { columns, rows } = data;
  if (!Array.isArray(columns) || !Array.isArray(rows) || !rows.every(Array.isArray)) return undefined;
  const body = (rows as unknown[][]).map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table class="rows">
<thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>
<tbody>${body || `<tr><td colspan="${columns.length || 1}" class="muted">No rows.</td></tr>`}</tbody>
</table></div><p class="caption">${rows.length} row${rows.length === 1 ? '' : 's'}</p>`;
}

function metric(data: Obj, ref: string): string | undefined {
  if (!Array.isArray(data.points) || !data.points.every((p) => isObj(p) && isNum(p.timestamp) && isNum(p.value))) return undefined;
  const points = data.points as Array<{ timestamp: number; value: number }>;
  const facts = [
    `${esc(data.namespace)} / ${esc(data.metricName)}`,
    isNum(data.threshold) ? `threshold ${esc(data.threshold)}` : '',
    isNum(data.alarmAt) ? `<span class="alarm-at">ALARM at ${esc(clockTime(data.alarmAt))} UTC</span>` : '',
  ].filter(Boolean).join(' · ');
  const table = points.map((p) => `<tr><td>${esc(dateTime(p.timestamp))}</td><td class="num">${esc(p.value)}</td></tr>`).join('');
  return `<p class="source">${facts}</p>
<div class="metric-chart" data-evidence="${esc(ref)}" role="img" aria-label="${esc(`Chart of ${data.metricName ?? 'the metric'}`)}"><noscript>The chart needs JavaScript; the datapoints are listed below.</noscript></div>
<details class="points"><summary>${points.length} datapoint${points.length === 1 ? '' : 's'}</summary>
<table class="rows"><thead><tr><th>time</th><th>value</th></tr></thead><tbody>${table}</tbody></table></details>`;
}

function alarmHistory(data: Obj): string | undefined {
  if (!Array.isArray(data.items) || !data.items.every(isObj)) return undefined;
  const items = (data.items as Obj[]).map((i) => {
    const toAlarm = /to ALARM\b/.test(String(i.summary));
    return `<li${toAlarm ? ' class="to-alarm"' : ''}><time>${esc(isNum(i.timestamp) ? dateTime(i.timestamp) : i.timestamp)}</time> <span class="tag">${esc(i.type)}</span> ${esc(i.summary)}</li>`;
  });
  return `<ol class="history">${items.join('\n')}</ol>`;
}

function alarmState(data: Obj): string | undefined {
  if (typeof data.state !== 'string') return undefined;
  return `<p><span class="state state-${esc(data.state.toLowerCase())}">${esc(data.state)}</span> <strong>${esc(data.alarmName)}</strong></p>${data.reason ? `<p class="reason">${esc(data.reason)}</p>` : ''}`;
}

function email(data: Obj): string | undefined {
  if (typeof data.subject !== 'string' && typeof data.message !== 'string') return undefined;
  let message = String(data.message ?? '');
  try {
    message = JSON.stringify(JSON.parse(message), null, 2);
  } catch {
    // Not JSON (a plain-text notification): shown as sent.
  }
  const meta = [data.endpoint ? `to ${data.endpoint}` : '', isNum(data.timestamp) ? dateTime(data.timestamp) : ''].filter(Boolean).join(' · ');
  return `<div class="email"><p class="subject">${esc(data.subject ?? '(no subject)')}</p>${meta ? `<p class="source">${esc(meta)}</p>` : ''}<pre class="json">${esc(message)}</pre></div>`;
}

function body(kind: string, data: unknown, ref: string): string | undefined {
  if (kind === 'text' && typeof data === 'string') return `<pre class="text">${esc(data)}</pre>`;
  // A bare list of record lines is the same evidence as `{ lines }`.
  if (kind === 'flow-records' && Array.isArray(data) && data.every((l) => typeof l === 'string')) return flowTable({ lines: data });
  if (!isObj(data)) return undefined;
  switch (kind) {
    case 'flow-records':
      return Array.isArray(data.lines) ? flowTable(data) : undefined;
    case 'metric-datapoints':
      return metric(data, ref);
    case 'alarm-history':
      return alarmHistory(data);
    case 'alarm-state':
      return alarmState(data);
    case 'email':
      return email(data);
    case 'insights-rows':
    case 'athena-rows':
      return rowsTable(data);
    case 'resource':
      return keyValue(Object.entries(data));
    default:
      return undefined;
  }
}

// Settings of a resource that checked out are routine; they start folded so the page stays short.
const ROUTINE = new Set(['resource', 'text']);

/**
 * One piece of evidence as a titled, foldable block; `ref` ("step.evidence" indexes) lets the page
 * script find its data. `passed` folds routine kinds (resource settings, text) of a passed step.
 */
export function renderEvidence(evidence: unknown, ref: string, passed = false): string {
  const e = isObj(evidence) ? evidence : { kind: 'unknown', title: 'Evidence', data: evidence };
  const kind = String(e.kind ?? 'unknown');
  const html = body(kind, e.data, ref) ?? prettyJson(e.data);
  const open = passed && ROUTINE.has(kind) ? '' : ' open';
  return `<details class="evidence ev-${esc(kind)}"${open}><summary><h4>${esc(e.title ?? kind)} <span class="kind">${esc(kind)}</span></h4></summary>${html}</details>`;
}
