// The live page of `check --watch` in headless Chromium: it lists the lab's steps, and a step turns
// green once the student does it (here: the log group created through the SDK while the page is open).
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { Browser } from 'playwright-core';
import { createClients, destroyClients, type AwsClients } from '../../aws/clients';
import { runWatch } from '../../bin/commands/check';
import { resolveTarget } from '../../session/targets';
import { poll } from '../../core/poll';
import { clearSecrets } from '../../core/redact';
import { CleanupLedger } from '../../runner/ledger';
import type { Target } from '../../runner/target';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { startTestEmulator, type TestEmulator } from '../emulator/helpers';
import { describeWithChromium, launchChromium, screenshotPath } from './helpers';

jest.setTimeout(120_000);

describeWithChromium('check --watch live page', () => {
  let emu: TestEmulator;
  let target: Target;
  let clients: AwsClients;
  let browser: Browser;

  beforeAll(async () => {
    emu = await startTestEmulator();
    target = await resolveTarget({ endpoint: emu.endpoint });
    clients = createClients({ region: target.region, endpoint: target.endpoint, credentials: target.credentials });
    await vpcFlowLogs.environment.provision({ clients, target, ledger: new CleanupLedger(), runId: 'lw-watch', region: target.region, log: () => undefined });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (clients) destroyClients(clients);
    await emu?.stop();
    clearSecrets();
  });

  it('lists the steps and turns a step green after the student does it', async () => {
    const printed: string[] = [];
    const controller = new AbortController();
    const watching = runWatch({
      lab: vpcFlowLogs,
      target,
      only: [],
      intervalMs: 500,
      port: 0,
      out: { write: (t) => void printed.push(t) },
      colour: false,
      signal: controller.signal,
    });
    try {
      const { value: url } = await poll<string>(
        async () => {
          const m = /Live checklist: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(printed.join(''));
          return m ? { done: true, value: m[1] } : { done: false };
        },
        { description: 'the live page URL on the console', budgetMs: 30_000, intervalsMs: [20] },
      );
      const page = await browser.newPage({ viewport: { width: 900, height: 1300 } });
      await page.goto(url);

      const step = page.locator('li[data-step="log-group"]');
      await step.and(page.locator('[data-verdict="failed"]')).waitFor({ timeout: 20_000 });
      expect(await page.locator('li.step').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).toEqual(vpcFlowLogs.steps.map((s) => s.id));
      await expect(step.locator('.hint').textContent()).resolves.toMatch(/VPCFlowLogs/);

      await emu.clients.logs.send(new CreateLogGroupCommand({ logGroupName: 'VPCFlowLogs' }));
      await page.locator('li[data-step="log-group"][data-verdict="passed"]').waitFor({ timeout: 20_000 });
      const colour = await step.evaluate((e) => (globalThis as any).getComputedStyle(e).borderLeftColor);
      expect(colour).toBe('rgb(26, 127, 55)');
      expect(await step.locator('.hint').count()).toBe(0);
      await expect(page.locator('#tally').textContent()).resolves.toMatch(/^1 of 14 steps done/);
      await page.screenshot({ path: screenshotPath('watch-log-group-done.png'), fullPage: true });

      // The console printed the whole checklist once, then only the change.
      const text = printed.join('');
      expect(text.match(/labwright check · /g)).toHaveLength(1);
      expect(text).toMatch(/✔ +2\. Create the CloudWatch log group VPCFlowLogs +\[log-group\] +\(was failed\)/);
    } finally {
      controller.abort();
      await watching;
    }
    expect(printed.join('')).toMatch(/Stopped watching\.\n$/);
  });
});
