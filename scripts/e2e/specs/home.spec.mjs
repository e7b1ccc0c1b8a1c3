// The app loads, the guest can sign in, and the landing page (the catalog, app-config.yaml mounts
// page:catalog at /) and the home page (/home) render.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../harness.mjs';

describe('home', () => {
  const b = useBrowser('home');

  b.test(
    'signs in as guest and shows the landing page',
    async ({ page, signInAsGuest, shot }) => {
      await signInAsGuest();
      await page.getByRole('heading', { name: 'Paved Catalog' }).waitFor();
      assert.match(await page.title(), /Paved/);
      await shot('landing-catalog');
    },
  );

  b.test(
    'the home page renders its widgets',
    async ({ page, shot, assertNoCrash }) => {
      await page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Home', exact: true })
        .last()
        .click();
      await page.waitForURL(/\/home$/);
      for (const widget of [
        'Getting Started',
        'Toolkit',
        'World Clocks',
        'Random Joke',
      ]) {
        await page.getByText(widget, { exact: true }).first().waitFor();
      }
      await page.getByText('E2E punchline').waitFor(); // the stubbed joke API answered
      await assertNoCrash();
      await shot('home-page');
    },
  );

  // app-config.yaml sets auth.providers.guest.userEntityRef; without it the guest provider signs
  // in as user:development/guest, which is not in the catalog: "Owned" is empty, ownership-based
  // permissions deny, and pages that look the user up log a 404.
  b.test(
    'the guest is the catalog user user:default/guest, member of product-team',
    async ({ page }) => {
      // The identity the app holds, as the backend issues it to the guest provider.
      const identity = await page.evaluate(async () => {
        const res = await fetch(
          '/api/auth/guest/refresh?optional&env=development',
          {
            headers: { 'x-requested-with': 'XMLHttpRequest' },
            credentials: 'include',
          },
        );
        return (await res.json()).backstageIdentity?.identity;
      });
      assert.equal(identity?.userEntityRef, 'user:default/guest');
      assert.ok(
        identity.ownershipEntityRefs.includes('group:default/product-team'),
        `ownership refs: ${identity.ownershipEntityRefs}`,
      );
    },
  );
});
