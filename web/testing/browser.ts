/**
 * A real headless Chromium for the web app's tests (puppeteer-core drives the system browser;
 * nothing is downloaded). Under CI=true or REQUIRE_BROWSER=1 a missing browser fails the run;
 * elsewhere the browser suites are skipped with a note, like the Cassandra ones.
 */
import fs from 'node:fs';
// puppeteer-core 24: its CommonJS build is what jest loads on Node 20 (25 is ESM only).
import puppeteer, { type Browser } from 'puppeteer-core';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((p): p is string => Boolean(p));

/** The browser binary, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p) => fs.existsSync(p));
}

/** Whether a missing browser must fail the run instead of skipping. */
export const browserRequired = (): boolean =>
  process.env.CI === 'true' || process.env.REQUIRE_BROWSER === '1';

/** `describe`, or `describe.skip` with a note when no browser is installed (never under CI). */
export function describeInBrowser(title: string, body: () => void): void {
  const found = chromiumPath();
  if (!found && browserRequired()) {
    throw new Error(
      `a Chromium is required (CI=true or REQUIRE_BROWSER=1) but none is installed: ` +
        `apt-get install chromium, or set CHROMIUM_PATH`,
    );
  }
  if (!found) {
    process.stdout.write(
      `\nNote: no Chromium; "${title}" is skipped (apt-get install chromium).\n`,
    );
  }
  (found ? describe : describe.skip)(title, body);
}

/** Launches headless Chromium (no sandbox: CI runs as root). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium installed');
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}
