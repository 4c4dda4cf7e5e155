// Flow-log record lines as a table. The lines come from checks in the default (v2) format; a line
// that does not have its 14 fields is shown raw rather than guessed at. The split is done here and
// not with flowlogs/parseRecord because reports/ may import only core/ and runner/ (architecture §2),
// and the report must render whatever text a check attached, even lines parseRecord would reject.
import { esc } from './escape';
import { clockTime } from './format';

const FIELDS = ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status'];
const ACTION = FIELDS.indexOf('action');
// Shown in reading order (verdict first, then who talked to whom), so the action never scrolls out
// of sight on a laptop; the raw line in AWS's order is on every row's hover.
const SHOWN = ['action', 'srcaddr', 'srcport', 'dstaddr', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'interface-id', 'log-status', 'account-id', 'version'].map((f) => FIELDS.indexOf(f));
// Fields that are nearly always the same on every record of one log stream: when they are, they are
// said once above the table instead of taking a column each, so every column fits a laptop's width.
const FOLDABLE = ['account-id', 'version', 'log-status'];
const NUMERIC = new Set(['srcport', 'dstport', 'packets', 'bytes', 'start', 'end']);
const PROTOCOLS: Record<string, string> = { '1': 'ICMP', '6': 'TCP', '17': 'UDP', '58': 'ICMPv6' };

function cell(field: string, value: string): string {
  if ((field === 'start' || field === 'end') && /^\d+$/.test(value)) {
    return `<td class="num" title="${esc(value)}">${esc(clockTime(Number(value) * 1000))}</td>`;
  }
  if (field === 'protocol' && PROTOCOLS[value]) return `<td title="IANA protocol ${esc(value)}">${esc(value)} <span class="muted">${PROTOCOLS[value]}</span></td>`;
  if (field === 'action') return `<td><span class="action">${esc(value)}</span></td>`;
  const numeric = /^\d+$/.test(value) && field !== 'account-id';
  return `<td${numeric ? ' class="num"' : ''}>${esc(value)}</td>`;
}

/** A table of flow records: one row per line, ACCEPT rows marked `accept`, REJECT rows `reject`, the raw line on hover. */
export function flowTable(data: { lines?: unknown; logGroup?: unknown; logStream?: unknown; key?: unknown }): string {
  const lines = Array.isArray(data.lines) ? data.lines.map(String) : [];
  const source = [data.logGroup && `log group ${data.logGroup}`, data.logStream && `stream ${data.logStream}`, data.key && `s3 key ${data.key}`].filter(Boolean).join(' · ');
  const split = lines.map((line) => line.trim().split(/\s+/));
  const parsed = split.filter((p) => p.length === FIELDS.length);
  const folded = FOLDABLE.filter((f) => parsed.length > 0 && parsed.every((p) => p[FIELDS.indexOf(f)] === parsed[0][FIELDS.indexOf(f)]));
  const shown = SHOWN.filter((i) => !folded.includes(FIELDS[i]));
  const rows = lines.map((line, n) => {
    const parts = split[n];
    if (parts.length !== FIELDS.length) {
      return `<tr class="unparsed" title="${esc(line)}"><td colspan="${shown.length}"><code>${esc(line)}</code></td></tr>`;
    }
    const action = parts[ACTION];
    const cls = action === 'ACCEPT' ? 'accept' : action === 'REJECT' ? 'reject' : 'other';
    return `<tr class="${cls}" title="${esc(line)}">${shown.map((i) => cell(FIELDS[i], parts[i])).join('')}</tr>`;
  });
  const count = (a: string) => split.filter((p) => p[ACTION] === a).length;
  const same = folded.map((f) => `<span class="same-field">${esc(f)} <code>${esc(parsed[0][FIELDS.indexOf(f)])}</code></span>`).join(' · ');
  return `${source ? `<p class="source">${esc(source)}</p>` : ''}
${same ? `<p class="source same">On every record: ${same}</p>` : ''}
<div class="table-wrap"><table class="flow-records">
<thead><tr>${shown.map((i) => `<th${NUMERIC.has(FIELDS[i]) ? ' class="num"' : ''}>${esc(FIELDS[i])}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n') || `<tr><td colspan="${shown.length}" class="muted">No records.</td></tr>`}</tbody>
</table></div>
<p class="caption">${lines.length} record${lines.length === 1 ? '' : 's'}: ${count('ACCEPT')} ACCEPT, ${count('REJECT')} REJECT. Hover a row for the raw line; start and end are UTC.</p>`;
}
