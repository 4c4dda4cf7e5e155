import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { CtrfReport, CtrfTest } from '../../reports/ctrf';
import { renderHtml } from '../../reports/html';
import { describeWithChromium, launchChromium, screenshotPath } from './helpers';

const report: CtrfReport = JSON.parse(readFileSync(join(__dirname, '../fixtures/sample-report.json'), 'utf8'));
const tests = report.results.tests;
const byId = (id: string): CtrfTest => tests.find((t) => t.extra.stepId === id)!;
type Ev = { kind: string; data: Record<string, unknown> };
const evidenceOf = (id: string, kind: string): Ev['data'] => (byId(id).extra.evidence as Ev[]).find((e) => e.kind === kind)!.data;

/** WCAG contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describeWithChromium('HTML report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const outside: string[] = [];
  const errors: string[] = [];

  /** Writes a report's page to the temp folder and opens it. */
  async function open(r: CtrfReport, name: string): Promise<void> {
    const file = join(dir, name);
    writeFileSync(file, renderHtml(r));
    await page.goto(pathToFileURL(file).href);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-report-'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('request', (req) => {
      if (!/^(file|data|blob|about):/.test(req.url())) outside.push(req.url());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await open(report, 'index.html');
    await page.waitForSelector('.metric-chart[data-rendered="true"]', { timeout: 10_000 });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads offline: no request leaves the file, and the page logs no error', async () => {
    await page.screenshot({ path: screenshotPath('report-full.png'), fullPage: true });
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows the steps per verdict in the header', async () => {
    for (const verdict of ['passed', 'failed', 'skipped', 'pending', 'unsupported', 'cant-verify']) {
      const expected = tests.filter((t) => t.extra.verdict === verdict).length;
      await expect(page.locator(`header.run .count[data-verdict="${verdict}"] b`).textContent()).resolves.toBe(String(expected));
    }
    const notPassed = tests.filter((t) => t.extra.verdict !== 'passed').length;
    await expect(page.locator('header.run .outcome').innerText()).resolves.toContain(`${notPassed} of ${tests.length} steps did not pass`);
    await expect(page.locator('header.run [data-field="run id"] dd').innerText()).resolves.toBe(report.results.extra.runId);
  });

  it("shows each step's title and verdict badge", async () => {
    for (const t of tests) {
      const card = page.locator(`#step-${t.extra.stepId}`);
      await expect(card.locator('h3').innerText()).resolves.toBe(t.name);
      const badge = card.locator('header .badge');
      await expect(badge.getAttribute('data-verdict')).resolves.toBe(t.extra.verdict);
      expect(await badge.isVisible()).toBe(true);
      await expect(badge.innerText()).resolves.toContain(t.extra.verdict);
    }
  });

  it("shows a failed step's hint, and keeps the author detail folded until opened", async () => {
    const failed = tests.find((t) => t.extra.verdict === 'failed')!;
    const card = page.locator(`#step-${failed.extra.stepId}`);
    const hint = card.locator('.hint');
    expect(await hint.isVisible()).toBe(true);
    await expect(hint.innerText()).resolves.toContain(failed.extra.hint!);
    const detail = card.locator('details.detail pre');
    expect(await detail.isVisible()).toBe(false);
    await card.locator('details.detail summary').click();
    expect(await detail.isVisible()).toBe(true);
    await expect(detail.innerText()).resolves.toBe(failed.extra.detail!);
    await card.screenshot({ path: screenshotPath('failed-step.png') });
  });

  it('highlights REJECT flow records apart from ACCEPT ones, with the raw line on hover', async () => {
    const lines = evidenceOf('ssh-rejected', 'flow-records').lines as string[];
    const rows = page.locator('#step-ssh-rejected table.flow-records tbody tr');
    await expect(rows.count()).resolves.toBe(lines.length);
    const seen = await rows.evaluateAll((trs) => trs.map((tr) => ({
      title: tr.getAttribute('title'),
      action: tr.querySelector('.action')?.textContent,
      background: tr.ownerDocument.defaultView!.getComputedStyle(tr).backgroundColor,
    })));
    expect(seen.map((r) => r.title)).toEqual(lines);
    expect(seen.map((r) => r.action)).toEqual(lines.map((l) => l.split(' ')[12]));
    const rejectBg = new Set(seen.filter((r) => r.action === 'REJECT').map((r) => r.background));
    const acceptBg = new Set(seen.filter((r) => r.action === 'ACCEPT').map((r) => r.background));
    expect(rejectBg.size).toBe(1);
    expect(acceptBg.size).toBe(1);
    const [reject] = [...rejectBg];
    const [accept] = [...acceptBg];
    expect(reject).not.toBe(accept);
    // Reddish for REJECT, greenish for ACCEPT.
    const [rr, rg] = reject.match(/\d+/g)!.map(Number);
    const [ar, ag] = accept.match(/\d+/g)!.map(Number);
    expect(rr).toBeGreaterThan(rg);
    expect(ag).toBeGreaterThan(ar);
    await page.locator('#step-ssh-rejected .ev-flow-records').screenshot({ path: screenshotPath('flow-records.png') });
  });

  it('draws the metric on a canvas with the threshold line and marks the ALARM moment', async () => {
    const metric = evidenceOf('alarm-fires', 'metric-datapoints');
    const chart = page.locator('#step-alarm-fires .metric-chart');
    const drawn = await chart.evaluate((el) => {
      const canvas = el.querySelector('canvas')!;
      const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const near = (i: number, rgb: number[]) => Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]) < 60 && data[i + 3] > 200;
      let painted = 0;
      let blue = 0;
      const vermillionPerColumn = new Array<number>(width).fill(0);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0) painted++;
        if (near(i, [0x00, 0x72, 0xb2])) blue++;
        if (near(i, [0xd5, 0x5e, 0x00])) vermillionPerColumn[(i / 4) % width]++;
      }
      // The ALARM line is the one vertical run of vermillion; the threshold is horizontal and dashed.
      const alarmColumn = vermillionPerColumn.indexOf(Math.max(...vermillionPerColumn));
      const box = canvas.getBoundingClientRect();
      return { painted, total: width * height, blue, alarmColumnPx: box.left + (alarmColumn * box.width) / width, tallest: Math.max(...vermillionPerColumn), height, vermillion: vermillionPerColumn.reduce((a, b) => a + b, 0) };
    });
    expect(drawn.painted / drawn.total).toBeGreaterThan(0.02);
    expect(drawn.blue).toBeGreaterThan(100);
    // A vertical ALARM line spans a good part of the plot's height; the threshold adds more vermillion.
    expect(drawn.tallest).toBeGreaterThan(drawn.height * 0.4);
    expect(drawn.vermillion).toBeGreaterThan(drawn.tallest * 2);
    const marker = chart.locator('.alarm-marker');
    expect(await marker.isVisible()).toBe(true);
    await expect(marker.innerText()).resolves.toBe(`ALARM ${new Date(metric.alarmAt as number).toISOString().slice(11, 19)} UTC`);
    const box = (await marker.boundingBox())!;
    // The label sits just right of the line it names.
    expect(Math.abs(box.x - 4 - drawn.alarmColumnPx)).toBeLessThan(4);
    await expect(chart.locator('.u-legend').innerText()).resolves.toContain(`threshold ${metric.threshold}`);
    await page.locator('#step-alarm-fires .ev-metric-datapoints').screenshot({ path: screenshotPath('metric-chart.png') });
  });

  it('shows the alarm email subject and its message', async () => {
    const email = evidenceOf('alarm-fires', 'email');
    const block = page.locator('#step-alarm-fires .email');
    await expect(block.locator('.subject').innerText()).resolves.toBe(email.subject);
    await expect(block.locator('pre').innerText()).resolves.toContain('"NewStateValue": "ALARM"');
  });

  it('draws concurrent steps as overlapping bars on the shared timeline', async () => {
    const boxes = new Map<string, { x: number; width: number }>();
    for (const t of tests) boxes.set(t.extra.stepId, (await page.locator(`.tl-row:has(a[href="#step-${t.extra.stepId}"]) .bar`).boundingBox())!);
    const overlap = (a: { x: number; width: number }, b: { x: number; width: number }) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
    const span = report.results.summary.duration;
    const long = tests.filter((t) => t.duration > span * 0.01);
    for (const a of long) {
      for (const b of long) {
        if (a === b) continue;
        const together = Math.min(a.stop, b.stop) - Math.max(a.start, b.start) > span * 0.01;
        expect({ pair: [a.extra.stepId, b.extra.stepId], overlaps: overlap(boxes.get(a.extra.stepId)!, boxes.get(b.extra.stepId)!) > 1 })
          .toEqual({ pair: [a.extra.stepId, b.extra.stepId], overlaps: together });
      }
    }
    // The striped part is the waited share of the bar.
    const t = byId('ssh-rejected');
    const wait = (await page.locator('.tl-row:has(a[href="#step-ssh-rejected"]) .bar .wait').boundingBox())!;
    expect(wait.width / boxes.get('ssh-rejected')!.width).toBeCloseTo(t.extra.waitedMs / t.duration, 1);
    await page.locator('section.timeline').screenshot({ path: screenshotPath('timeline.png') });
  });

  it('gives the six verdicts six distinct badge colours, each with readable text', async () => {
    const all = JSON.parse(JSON.stringify(report)) as CtrfReport;
    const verdicts = ['passed', 'failed', 'pending', 'skipped', 'unsupported', 'cant-verify'] as const;
    verdicts.forEach((v, i) => (all.results.tests[i].extra.verdict = v));
    await open(all, 'all-verdicts.html');
    const colours = await page.locator('article.step header .badge').evaluateAll((els) => els.slice(0, 6).map((el) => ({
      verdict: el.getAttribute('data-verdict'), bg: el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor, fg: el.ownerDocument.defaultView!.getComputedStyle(el).color,
    })));
    expect(colours.map((c) => c.verdict)).toEqual([...verdicts]);
    expect(new Set(colours.map((c) => c.bg)).size).toBe(6);
    for (const c of colours) expect({ verdict: c.verdict, readable: contrast(c.bg, c.fg) >= 4.5 }).toEqual({ verdict: c.verdict, readable: true });
    await page.locator('section.timeline').screenshot({ path: screenshotPath('timeline-all-verdicts.png') });
  });
});
