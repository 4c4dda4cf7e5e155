// Shared set-up for browser tests: Debian's Chromium driven by playwright-core (no browser download
// is possible here; .ci/run installs the chromium package when these tests exist).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';

/** Where Debian installs Chromium. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether the browser suite can run on this machine. */
export const hasChromium = existsSync(CHROMIUM_PATH);

/** Screenshots go here (under out/, which git ignores). */
export const SCREENSHOT_DIR = resolve(__dirname, '../../out/test-results/screenshots');

/** Launches headless Chromium with nothing that talks to the network on its own. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The path of a screenshot file, creating the folder. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, name);
}

/**
 * `describe` when Chromium is installed; otherwise `describe.skip` with a console note saying why,
 * so a missing browser is visible rather than a silent pass.
 */
export function describeWithChromium(name: string, fn: () => void): void {
  if (hasChromium) {
    describe(name, fn);
    return;
  }
  console.warn(`Skipping "${name}": ${CHROMIUM_PATH} is absent. Install it with: apt-get install -y chromium`);
  describe.skip(name, fn);
}
