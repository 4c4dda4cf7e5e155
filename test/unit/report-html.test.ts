import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearSecrets, registerSecret } from '../../core/redact';
import type { CtrfReport, CtrfTest } from '../../reports/ctrf';
import { renderHtml, writeHtmlReport } from '../../reports/html';

const FIXTURE = join(__dirname, '../fixtures/sample-report.json');
const load = (): CtrfReport => JSON.parse(readFileSync(FIXTURE, 'utf8'));

/** The text of the embedded report element, as a browser would read it. */
function embeddedJson(html: string): string {
  const m = /<script type="application\/json" id="labwright-report">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('The page has no embedded report JSON.');
  return m[1];
}

const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const step = (r: CtrfReport, id: string): CtrfTest => r.results.tests.find((t) => t.extra.stepId === id)!;

describe('renderHtml', () => {
  it('embeds the report JSON so that parsing it back gives the same report', () => {
    const report = load();
    const html = renderHtml(report);
    expect(JSON.parse(embeddedJson(html))).toEqual(report);
  });

  it('shows every step with its title, id and verdict badge, in lab order', () => {
    const report = load();
    const html = renderHtml(report);
    let last = -1;
    for (const t of report.results.tests) {
      const at = html.indexOf(`id="step-${t.extra.stepId}"`);
      expect(at).toBeGreaterThan(last);
      last = at;
      const card = html.slice(at, html.indexOf('</article>', at));
      expect(card).toContain(`<h3>${escaped(t.name)}</h3>`);
      expect(card).toContain(`data-verdict="${t.extra.verdict}"`);
      expect(card).toContain(escaped(t.extra.summary));
      if (t.extra.hint) expect(card).toContain(escaped(t.extra.hint));
      if (t.extra.detail) expect(card).toMatch(/<details class="detail"><summary>Author detail<\/summary>/);
    }
  });

  it('counts the steps per verdict in the header', () => {
    const report = load();
    const html = renderHtml(report);
    const header = html.slice(0, html.indexOf('</header>'));
    for (const verdict of ['passed', 'failed', 'skipped', 'pending']) {
      const n = report.results.tests.filter((t) => t.extra.verdict === verdict).length;
      expect(header).toMatch(new RegExp(`data-verdict="${verdict}"><span class="dot"[^>]*>[^<]*</span><b>${n}</b>`));
    }
    expect(header).toContain(`${report.results.summary.failed + report.results.summary.skipped} of ${report.results.tests.length} steps did not pass`);
  });

  it('shows the run header: lab, target, run id, region, endpoint, capabilities and times', () => {
    const report = load();
    const header = renderHtml(report).split('</header>')[0];
    const x = report.results.extra;
    for (const value of [x.lab, x.target, x.runId, x.region, x.endpoint!, ...x.capabilities]) expect(header).toContain(value);
    expect(header).toContain('2025-11-28 10:00:00 UTC');
    expect(header).toContain('2025-11-28 10:20:30 UTC');
  });

  it('escapes hostile text everywhere it is shown, and the JSON still round-trips', () => {
    const report = load();
    const evil = `</script><img src=x onerror="alert(1)"> it's "quoted" & <!-- done`;
    const t = step(report, 'athena-partition');
    t.name = evil;
    t.extra.summary = evil;
    t.extra.hint = evil;
    t.extra.detail = evil;
    t.extra.evidence = [
      { kind: 'text', title: evil, data: evil },
      { kind: 'resource', title: 'r', data: { [evil]: evil } },
      { kind: 'athena-rows', title: 'a', data: { columns: [evil], rows: [[evil]] } },
      { kind: 'email', title: 'e', data: { subject: evil, message: evil, endpoint: evil } },
      { kind: 'alarm-history', title: 'h', data: { items: [{ timestamp: 1, type: evil, summary: evil }] } },
      { kind: 'flow-records', title: 'f', data: { lines: [evil, `2 1 eni-1 <b>x</b> 10.0.0.1 1 22 6 1 40 1 2 REJECT OK`], logGroup: evil } },
      { kind: 'mystery', title: evil, data: { note: evil } },
    ];
    report.results.extra.runId = evil;
    const html = renderHtml(report);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toContain('<!-- done');
    // Only the page's own three scripts close: the embedded JSON, uPlot and the page script.
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    expect(html).toContain(escaped(evil));
    expect(JSON.parse(embeddedJson(html))).toEqual(report);
  });

  it('never shows a secret, even in a report that was not redacted', () => {
    const report = load();
    registerSecret('hunter2-lab-password');
    try {
      step(report, 'ssh-accepted').extra.detail = 'ssh login with password hunter2-lab-password';
      step(report, 'ssh-accepted').extra.evidence.push({ kind: 'text', title: 'key', data: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----' });
      const html = renderHtml(report);
      expect(html).not.toContain('hunter2-lab-password');
      expect(html).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
      expect(html).toContain('ssh login with password ***');
    } finally {
      clearSecrets();
    }
  });

  it('escapes U+2028 and U+2029 in the embedded JSON and keeps their value', () => {
    const report = load();
    step(report, 'log-group').extra.summary = 'line\u2028separator\u2029paragraph';
    const json = embeddedJson(renderHtml(report));
    expect(json).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(json).results.tests[1].extra.summary).toBe('line\u2028separator\u2029paragraph');
  });

  it('refers to nothing outside the file and inlines the chart library', () => {
    const html = renderHtml(load());
    for (const external of ['src="http', "src='http", 'href="http', "href='http", '@import', 'url(http', 'url("http', '<link', '<iframe']) {
      expect(html).not.toContain(external);
    }
    expect(html).toContain('var uPlot=');
    expect(html).toContain('.uplot');
  });

  it('stays a reasonable size', () => {
    const report = load();
    const html = renderHtml(report);
    // uPlot (~51 KB) + styles and script (~15 KB) + about twice the JSON (embedded and rendered).
    expect(Buffer.byteLength(html)).toBeLessThan(100_000 + 3 * JSON.stringify(report).length);
  });

  it('marks ACCEPT and REJECT flow-record rows and keeps the raw line on hover', () => {
    const report = load();
    const html = renderHtml(report);
    const lines = step(report, 'ssh-rejected').extra.evidence.flatMap((e) => (e as { data: { lines: string[] } }).data.lines);
    const card = html.slice(html.indexOf('id="step-ssh-rejected"'), html.indexOf('id="step-ssh-restored"'));
    const rows = [...card.matchAll(/<tr class="(accept|reject)" title="([^"]*)">/g)];
    expect(rows.map((r) => [r[1], r[2]])).toEqual(lines.map((l) => [l.split(' ')[12].toLowerCase(), l]));
    expect(card).toContain('<td class="num">22</td>');
  });

  it('shows a line that is not a default-format record raw instead of splitting it', () => {
    const report = load();
    step(report, 'ssh-accepted').extra.evidence = [{ kind: 'flow-records', title: 'custom', data: { lines: ['5 eni-1 10.0.0.1 ACCEPT'] } }];
    const html = renderHtml(report);
    expect(html).toContain('<tr class="unparsed" title="5 eni-1 10.0.0.1 ACCEPT">');
  });

  it('prepares a chart for metric datapoints with the threshold and the ALARM time, plus a datapoint table', () => {
    const report = load();
    const html = renderHtml(report);
    const t = step(report, 'alarm-fires');
    const i = report.results.tests.indexOf(t);
    const j = t.extra.evidence.findIndex((e) => (e as { kind: string }).kind === 'metric-datapoints');
    const data = (t.extra.evidence[j] as { data: { points: unknown[]; alarmAt: number; threshold: number } }).data;
    expect(html).toContain(`<div class="metric-chart" data-evidence="${i}.${j}"`);
    expect(html).toContain(`threshold ${data.threshold}`);
    expect(html).toContain(`ALARM at ${new Date(data.alarmAt).toISOString().slice(11, 19)} UTC`);
    expect(html).toContain(`<summary>${data.points.length} datapoints</summary>`);
  });

  it('pretty-prints the email message and lists alarm history', () => {
    const report = load();
    const html = renderHtml(report);
    const email = step(report, 'alarm-fires').extra.evidence.find((e) => (e as { kind: string }).kind === 'email') as { data: { subject: string; message: string } };
    expect(html).toContain(`<p class="subject">${escaped(email.data.subject)}</p>`);
    expect(html).toContain(escaped(JSON.stringify(JSON.parse(email.data.message), null, 2)));
    expect(html).toMatch(/<ol class="history">[\s\S]*Alarm updated from INSUFFICIENT_DATA to ALARM/);
  });

  it('shows evidence of an unknown kind, or with the wrong shape, as pretty JSON', () => {
    const report = load();
    step(report, 'log-group').extra.evidence = [
      { kind: 'trace', title: 'Trace', data: { spans: 3 } },
      { kind: 'metric-datapoints', title: 'Broken', data: { points: 'none' } },
    ];
    const html = renderHtml(report);
    expect(html).toContain(escaped(JSON.stringify({ spans: 3 }, null, 2)));
    expect(html).toContain(escaped(JSON.stringify({ points: 'none' }, null, 2)));
  });

  it('links the steps that did not pass from the header', () => {
    const report = load();
    const header = renderHtml(report).split('</header>')[0];
    const links = [...header.matchAll(/<ul class="attention"[\s\S]*?<\/ul>/g)].join('').match(/href="#step-[^"]+"/g);
    expect(links).toEqual(report.results.tests.filter((t) => t.extra.verdict !== 'passed').map((t) => `href="#step-${t.extra.stepId}"`));
  });

  it("folds a passed step's resource settings and keeps a failed step's evidence open", () => {
    const report = load();
    const html = renderHtml(report);
    const card = (id: string) => html.slice(html.indexOf(`id="step-${id}"`), html.indexOf('</article>', html.indexOf(`id="step-${id}"`)));
    expect(card('log-group')).toContain('<details class="evidence ev-resource"><summary>');
    expect(card('ssh-rejected')).toContain('<details class="evidence ev-flow-records" open>');
    expect(card('athena-partition')).toContain('<details class="evidence ev-athena-rows" open>');
    step(report, 'log-group').extra.verdict = 'failed';
    expect(renderHtml(report)).toContain('<details class="evidence ev-resource" open>');
  });

  it('renders a run with no steps, and a step whose evidence is missing', () => {
    const empty = load();
    empty.results.tests = [];
    empty.results.extra.capabilities = [];
    const html = renderHtml(empty);
    expect(html).toContain('No steps were run');
    expect(JSON.parse(embeddedJson(html))).toEqual(empty);
    const odd = load();
    (odd.results.tests[0].extra as { evidence: unknown }).evidence = undefined;
    expect(renderHtml(odd)).toContain(`id="step-${odd.results.tests[0].extra.stepId}"`);
  });

  it('gives each of the six verdicts its own badge', () => {
    const report = load();
    const verdicts = ['passed', 'failed', 'pending', 'skipped', 'unsupported', 'cant-verify'] as const;
    verdicts.forEach((v, i) => (report.results.tests[i].extra.verdict = v));
    const html = renderHtml(report);
    for (const v of verdicts) expect(html).toContain(`<span class="badge v-${v}" data-verdict="${v}">`);
    expect(html).toContain(escaped("can't verify"));
  });
});

describe('writeHtmlReport', () => {
  it('writes index.html into the report folder, creating it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-html-'));
    try {
      const report = load();
      const file = writeHtmlReport(report, join(dir, 'run-1'));
      expect(file).toBe(join(dir, 'run-1', 'index.html'));
      expect(readFileSync(file, 'utf8')).toBe(renderHtml(report));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
