// The runtime cards on real data: the demo cluster (packages/kubernetes-test-utils, the fake API
// server `npm start` runs) behind the runtime backend. Needs the cluster in the backend's config,
// so it runs only when asked:
//
//   PAVED_E2E_DEMO_CLUSTER=1 PAVED_E2E_EXTRA_CONFIG=scripts/e2e/app-config.demo-cluster.yaml \
//     node scripts/e2e/run.mjs runtime-demo
//
// The spec starts the demo cluster on 127.0.0.1:6444 itself. No Prometheus or Alertmanager is
// configured for it (app-config.yaml), so the Alerts card must say "not configured".
import { after, before, describe } from 'node:test';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBrowser } from '../harness.mjs';

const enabled = process.env.PAVED_E2E_DEMO_CLUSTER === '1';
const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);

async function startDemoCluster() {
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'packages/kubernetes-test-utils/bin/fake-kube.cjs'),
      '--port',
      '6444',
      '--token',
      'demo-token',
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch('http://127.0.0.1:6444/api/v1/namespaces', {
        headers: { authorization: 'Bearer demo-token' },
      });
      if (res.ok) return child;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error('the demo cluster did not start on 127.0.0.1:6444');
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

describe('runtime on the demo cluster', { skip: !enabled }, () => {
  let cluster;
  before(async () => {
    cluster = await startDemoCluster();
  });
  after(() => cluster?.kill());

  const b = useBrowser('runtime-demo');
  const card = (page, name) => page.getByRole('region', { name, exact: true });

  b.test(
    'vision-inference shows its replicas, GPU resources and the alerting state',
    async ({ page, signInAsGuest, goto, shot, assertNoCrash }) => {
      await signInAsGuest();
      await goto('/catalog/default/component/vision-inference');
      const loaded = Date.now();

      const autoscaling = card(page, 'Autoscaling');
      await autoscaling
        .getByRole('progressbar', {
          name: '4 of 2 to 10 replicas, 6 desired',
        })
        .waitFor();
      // Issue #14 wants data on the cards ≤ 1.5 s after the page loads; printed, not asserted
      // (a loaded CI machine makes timings noisy), and recorded in docs/benchmarks.md.
      console.log(
        `runtime cards showed data ${
          Date.now() - loaded
        } ms after the first page load`,
      );
      await autoscaling.getByText(/prod · vision-inference/).waitFor();

      const gpu = card(page, 'GPU');
      await gpu.getByText('Whole GPU · nvidia.com/gpu').first().waitFor();
      await gpu
        .getByText('Quota requests.nvidia.com/gpu', { exact: false })
        .first()
        .waitFor();

      await card(page, 'Alerts').getByText('Alerting not configured').waitFor();
      await assertNoCrash();
      await shot('vision-inference-cards');

      await page.reload({ waitUntil: 'load' });
      const reloaded = Date.now();
      await autoscaling.getByText(/prod · vision-inference/).waitFor();
      console.log(
        `runtime cards showed data ${Date.now() - reloaded} ms after a reload`,
      );
    },
  );

  b.test(
    'the Runtime tab has a column per environment',
    async ({ page, shot, assertNoCrash }) => {
      await page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Runtime' })
        .click();
      const matrix = page.getByRole('table', {
        name: 'Runtime state per environment',
      });
      await matrix.getByRole('columnheader', { name: /^staging/ }).waitFor();
      await matrix.getByRole('columnheader', { name: /^prod/ }).waitFor();
      await assertNoCrash();
      await shot('vision-inference-runtime-tab');
    },
  );
});
