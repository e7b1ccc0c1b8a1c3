// Roadie's Argo CD frontend plugin (@roadiehq/backstage-plugin-argo-cd, new frontend system
// extensions entity-card:argocd/overviewCard, entity-card:argocd/historyCard and
// entity-content:argocd/ArgoCdPage, discovered through app.packages: all) on annotated components.
// No Argo CD instance is configured (app-config.yaml argocd.appLocatorMethods instances: []), so
// the overview card is expected to show an empty table, and the history card and the ArgoCD tab
// render nothing; what must not happen is a crash.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../harness.mjs';

describe('argocd', () => {
  const b = useBrowser('argocd');
  const overviewCard = page =>
    page.getByRole('heading', { name: 'ArgoCD overview' });

  b.test(
    'orders-api (argocd/app-selector) shows the Argo CD overview card',
    async ({ page, signInAsGuest, goto, shot, assertNoCrash }) => {
      await signInAsGuest();
      await goto('/catalog/default/component/orders-api');
      await overviewCard(page).waitFor();
      await overviewCard(page).scrollIntoViewIfNeeded();
      await page.getByText('No records to display').waitFor();
      await assertNoCrash();
      await shot('orders-api-argocd-card');
    },
  );

  b.test(
    'vision-inference (argocd/app-name) shows the Argo CD overview card',
    async ({ page, goto, shot, assertNoCrash }) => {
      await goto('/catalog/default/component/vision-inference');
      await overviewCard(page).waitFor();
      await page.getByText('No records to display').waitFor();
      await assertNoCrash();
      await shot('vision-inference-argocd-card');
    },
  );

  b.test(
    'the ArgoCD tab renders without a crash',
    async ({ page, shot, assertNoCrash }) => {
      await page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'ArgoCD' })
        .click();
      await page.waitForURL(/\/vision-inference\/argocd$/);
      await page.waitForLoadState('networkidle');
      await assertNoCrash();
      await shot('vision-inference-argocd-tab');
    },
  );

  b.test(
    'a component without Argo CD annotations shows no Argo CD card or tab',
    async ({ page, goto, shot }) => {
      await goto('/catalog/default/component/paved');
      await page.getByRole('heading', { name: 'paved', level: 2 }).waitFor();
      await page.getByRole('heading', { name: 'About' }).waitFor();
      await shot('paved-overview');
      assert.equal(
        await page
          .getByText('The annotation argocd/app-name is missing')
          .count(),
        0,
      );
      assert.equal(
        await page
          .getByRole('navigation', { name: 'Content navigation' })
          .getByRole('link', { name: 'ArgoCD' })
          .count(),
        0,
      );
    },
  );
});
