// The catalog lists the example components of examples/entities.yaml.
import { describe } from 'node:test';
import { useBrowser } from '../harness.mjs';

const EXAMPLE_COMPONENTS = ['orders-api', 'vision-inference', 'billing-worker'];

describe('catalog', () => {
  const b = useBrowser('catalog');

  b.test(
    'lists the three example components',
    async ({ page, signInAsGuest, goto, shot, assertNoCrash }) => {
      await signInAsGuest();
      await goto('/?filters[kind]=component&filters[user]=all');
      await page
        .getByRole('heading', { name: /All Components \(\d+\)/ })
        .first()
        .waitFor();
      for (const name of EXAMPLE_COMPONENTS) {
        await page.getByRole('link', { name, exact: true }).waitFor();
      }
      await assertNoCrash();
      await shot('component-list');
    },
  );

  b.test('narrows the list with the search box', async ({ page, shot }) => {
    await page.getByPlaceholder('Search').fill('orders');
    await page
      .getByRole('link', { name: 'billing-worker', exact: true })
      .waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'orders-api', exact: true }).waitFor();
    await shot('filtered-orders');
  });
});
