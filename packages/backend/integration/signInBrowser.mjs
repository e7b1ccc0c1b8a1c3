// Browser steps of sign-in.test.mjs: the app's sign-in page and the issuer's login popup
// (oidcIssuer.mjs, oidc-provider's development login and consent forms).
import fs from 'node:fs';
import path from 'node:path';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { LOOPBACK_HOSTS } from '../../../scripts/lib/chromium.mjs';

/**
 * Opens the app in a fresh browser context (no IdP or Backstage session) and waits for the
 * sign-in page. `appToken` resolves with the Backstage token the app sends with its own catalog
 * requests once someone has signed in. Console messages go to `<artifactsDir>/<name>.console.log`.
 */
export async function openApp({ browser, baseUrl, artifactsDir, name }) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
  });
  await context.route(
    url => !LOOPBACK_HOSTS.has(url.hostname),
    route => route.abort('failed'),
  );
  const consoleLog = path.join(artifactsDir, `${name}.console.log`);
  context.on('console', m =>
    fs.appendFileSync(
      consoleLog,
      `[${m.type()}] ${m.page()?.url()}: ${m.text()}\n`,
    ),
  );
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const appToken = new Promise(resolve =>
    page.on('request', request => {
      const auth = request.headers().authorization;
      if (
        request.url().includes('/api/catalog/') &&
        auth?.startsWith('Bearer ')
      ) {
        resolve(auth.slice('Bearer '.length));
      }
    }),
  );
  await page.goto(baseUrl);
  await page.getByText('Single sign-on').waitFor();
  const shot = step =>
    page.screenshot({ path: path.join(artifactsDir, `${name}--${step}.png`) });
  return { context, page, appToken, shot };
}

/**
 * Clicks single sign-on and completes the issuer's login and consent forms in the popup, which
 * closes when the backend has answered. On failure the error adds what the popup showed and
 * `diagnose()`.
 */
export async function signInAtIssuer(page, login, diagnose = () => '') {
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupOpened;
  const closed = popup.waitForEvent('close');
  try {
    await popup.locator('input[name=login]').fill(login);
    await popup.locator('input[name=password]').fill('any password');
    await popup.getByRole('button', { name: 'Sign-in' }).click();
    await popup.getByRole('button', { name: 'Continue' }).click();
    await closed;
  } catch (error) {
    const shown = popup.isClosed()
      ? '(closed)'
      : await popup.locator('body').innerText();
    const details = [
      `signing in as ${login} at the issuer did not finish: ${error.message}`,
      `popup: ${shown.slice(0, 500)}`,
      diagnose(),
    ];
    throw new Error(details.join('\n'));
  }
}
