// The Kubernetes tab of an annotated component renders. No clusters are configured
// (app-config.yaml: kubernetes.clusterLocatorMethods config with clusters: []), so the empty
// "No Kubernetes resources" state is the expected content.
import { describe } from 'node:test';
import { useBrowser } from '../harness.mjs';

describe('kubernetes', () => {
  const b = useBrowser('kubernetes');

  b.test(
    'orders-api shows a Kubernetes tab',
    async ({ page, signInAsGuest, goto, shot }) => {
      await signInAsGuest();
      await goto('/catalog/default/component/orders-api');
      await page
        .getByRole('heading', { name: 'orders-api', level: 2 })
        .waitFor();
      await page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Kubernetes' })
        .waitFor();
      await shot('orders-api-overview');
    },
  );

  b.test(
    'the Kubernetes tab renders its no-clusters state',
    async ({ page, shot, assertNoCrash }) => {
      await page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Kubernetes' })
        .click();
      await page.waitForURL(
        /\/catalog\/default\/component\/orders-api\/kubernetes$/,
      );
      await page.getByText('Your Clusters').waitFor();
      await page
        .getByText('No resources on any known clusters for orders-api')
        .waitFor();
      await assertNoCrash();
      await shot('kubernetes-tab');
    },
  );
});
