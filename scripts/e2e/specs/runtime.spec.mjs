// The Paved runtime cards (@paved/plugin-paved-runtime, discovered through app.packages: all):
// entity-card:paved-runtime/{autoscaling,gpu,alerts} and entity-content:paved-runtime/runtime.
// The e2e run has no cluster (scripts/e2e/app-config.e2e.yaml), so the runtime API finds no
// environment and every card must say so (naming the annotations, linking the docs) instead of
// crashing; the harness fails the test on any browser console error. Cards with real replica,
// GPU and alert numbers need the demo cluster, Prometheus and Alertmanager, which this run does
// not start.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../harness.mjs';

const CARDS = ['Autoscaling', 'GPU', 'Alerts'];

describe('runtime', () => {
  const b = useBrowser('runtime');
  const tab = page =>
    page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Runtime' });

  b.test(
    'vision-inference shows the Autoscaling, GPU and Alerts cards (lazy) in their no-environment state',
    async ({ page, signInAsGuest, goto, shot, assertNoCrash }) => {
      const chunks = [];
      page.on('response', response => {
        if (/\/static\/.*\.chunk\.js$/.test(response.url())) {
          chunks.push(response.url());
        }
      });
      await signInAsGuest();
      await goto('/catalog/default/component/vision-inference');
      for (const card of CARDS) {
        const region = page.getByRole('region', { name: card, exact: true });
        await region.waitFor();
        await region.getByText('No environment found').waitFor();
      }
      await tab(page).waitFor();
      assert.ok(chunks.length > 0, 'the cards come from lazily loaded chunks');
      await assertNoCrash();
      await shot('vision-inference-runtime-cards');
    },
  );

  b.test('the Runtime tab renders', async ({ page, shot, assertNoCrash }) => {
    await tab(page).click();
    await page.waitForURL(/\/vision-inference\/runtime$/);
    await page
      .getByRole('region', { name: 'Runtime per environment' })
      .getByText('No environment found')
      .waitFor();
    await assertNoCrash();
    await shot('vision-inference-runtime-tab');
  });

  b.test(
    'a component without Kubernetes annotations has no runtime card or tab',
    async ({ page, goto }) => {
      await goto('/catalog/default/component/paved');
      await page.getByRole('heading', { name: 'About' }).waitFor();
      for (const card of CARDS) {
        assert.equal(
          await page.getByRole('region', { name: card, exact: true }).count(),
          0,
        );
      }
      assert.equal(await tab(page).count(), 0);
    },
  );
});
