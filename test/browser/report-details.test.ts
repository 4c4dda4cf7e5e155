// Issue 16, report details, in Chromium: the metric chart's time axis has distinct labels however
// short the chart (a fast-profile run spans about a minute), every column of the flow-record table
// fits (none clipped), and a broken run says why before anything else on the page.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { CtrfReport } from '../../reports/ctrf';
import { renderHtml } from '../../reports/html';
import { describeWithChromium, launchChromium, screenshotPath } from './helpers';

const sample: CtrfReport = JSON.parse(readFileSync(join(__dirname, '../fixtures/sample-report.json'), 'utf8'));
type Ev = { kind: string; data: Record<string, unknown> };

/** The sample report with the alarm's metric evidence replaced by `data`. */
function withMetric(data: Record<string, unknown>): CtrfReport {
  const r = JSON.parse(JSON.stringify(sample)) as CtrfReport;
  const test = r.results.tests.find((t) => t.extra.stepId === 'alarm-fires')!;
  (test.extra.evidence as Ev[]).find((e) => e.kind === 'metric-datapoints')!.data = data;
  return r;
}

describeWithChromium('HTML report details in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;

  async function open(r: CtrfReport, name: string): Promise<void> {
    const file = join(dir, name);
    writeFileSync(file, renderHtml(r));
    await page.goto(pathToFileURL(file).href);
  }

  /** The x-axis labels of the alarm's chart, as drawn. */
  async function xTicks(): Promise<string[]> {
    const chart = page.locator('#step-alarm-fires .metric-chart[data-rendered="true"]');
    await chart.waitFor();
    return ((await chart.getAttribute('data-x-ticks')) ?? '').split(' ').filter(Boolean);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-report-details-'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('labels a one-minute chart (a fast run) with distinct times to the second', async () => {
    // As an embedded run records it: one datapoint for the minute, the alarm 2.4 s later.
    const minute = Date.UTC(2026, 11, 6, 23, 19, 0);
    await open(withMetric({ namespace: 'vpcflowlogs', metricName: 'SSH Rejects', threshold: 1, alarmAt: minute + 2462, points: [{ timestamp: minute, value: 5 }] }), 'short.html');
    const ticks = await xTicks();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks).size).toBe(ticks.length);
    for (const t of ticks) expect(t).toMatch(/^23:(18|19|20):\d\d$/);
    const points = await page.locator('#step-alarm-fires details.points tbody tr').count();
    expect(points).toBe(1);
    await page.locator('#step-alarm-fires .ev-metric-datapoints').screenshot({ path: screenshotPath('metric-chart-one-minute.png') });
  });

  it('labels a quarter-hour chart in whole minutes, each once', async () => {
    const ticks = await (async () => {
      await open(sample, 'sample.html');
      return xTicks();
    })();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks).size).toBe(ticks.length);
    for (const t of ticks) expect(t).toMatch(/^\d\d:\d\d$/);
  });

  it('fits every column of the flow-record tables, with the account shown once above them', async () => {
    await open(sample, 'sample.html');
    const wraps = await page.locator('.ev-flow-records .table-wrap').evaluateAll((els) => els.map((el) => ({ scroll: el.scrollWidth, client: el.clientWidth })));
    expect(wraps.length).toBeGreaterThan(0);
    for (const w of wraps) expect(w.scroll).toBeLessThanOrEqual(w.client);
    const block = page.locator('#step-ssh-rejected .ev-flow-records');
    await expect(block.locator('.same').innerText()).resolves.toBe('On every record: account-id 123456789012 · version 2 · log-status OK');
    // Every header cell lies inside the visible part of its table.
    const clipped = await block.locator('table.flow-records').evaluate((table) => {
      const wrap = table.parentElement!.getBoundingClientRect();
      return [...table.querySelectorAll('th')].filter((th) => th.getBoundingClientRect().right > wrap.right + 0.5).map((th) => th.textContent);
    });
    expect(clipped).toEqual([]);
    await block.screenshot({ path: screenshotPath('flow-records-fit.png') });
  });

  it('says first, above everything, why a broken run broke', async () => {
    const broken = JSON.parse(JSON.stringify(sample)) as CtrfReport;
    const message = 'The lab environment could not be provisioned: ec2:RunInstances failed with InternalError after 8 attempts: We encountered an internal error. Please try again.';
    broken.results.extra.problems = [{ kind: 'provisioning', message }];
    await open(broken, 'broken.html');
    const first = (await page.locator('body').innerText()).trim().split('\n')[0];
    expect(first).toBe(`✗ ${message} provisioning`);
    const alert = page.locator('header.run [role="alert"]');
    expect(await alert.isVisible()).toBe(true);
    const box = (await alert.boundingBox())!;
    expect(box.y).toBeLessThan(120);
    await page.locator('header.run').screenshot({ path: screenshotPath('header-broken-run.png') });
  });
});
