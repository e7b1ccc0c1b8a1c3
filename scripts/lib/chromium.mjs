// Headless Chromium for the browser tests (scripts/e2e and packages/backend/integration): Debian's
// /usr/bin/chromium driven by playwright-core (never `npx playwright install`, which downloads a
// browser), with flags that keep it from calling home.
import { chromium } from 'playwright-core';

export const chromiumPath =
  process.env.PAVED_E2E_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Hosts a test page may reach; tests must not depend on the internet. */
export const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function launchChromium() {
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}
