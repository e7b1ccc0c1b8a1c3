// A newcomer creates a service from the "Service on the golden path" template
// (plugins/catalog-backend-module-paved-templates/templates/service/template.yaml) in the real scaffolder UI: Create → Choose → the form page by
// page → Review → Create, watches the task until every step is done, finds the new component in
// the catalog API (static token of the run) and opens it from the task's "Open in the catalog"
// output. The tests share one page and run in order; each later one needs the one before.
//
// The backend publishes with paved:publish:local into a fresh directory per run
// (PAVED_E2E_LOCAL_GIT_DIR, .paved/e2e/git; app-config.e2e.yaml paved.localGit.directory) and
// catalog:register reads catalog-info.yaml back from it, so the run needs no network and no token.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pollJson } from '../../lib/backend.mjs';
import { artifactsDir, baseUrl, useBrowser } from '../harness.mjs';

const TEMPLATE_TITLE = 'Service on the golden path';
const NAME = 'e2e-orders';
const DESCRIPTION = 'Orders API created by the e2e scaffold spec';
const OWNER_TITLE = 'Product team';
const OWNER_REF = 'group:default/product-team';
const ENVIRONMENTS = ['dev', 'prod']; // staging is unticked
const MIG_PROFILE = '3g.40gb';
const GPU_PRODUCT = 'NVIDIA-A100-SXM4-80GB';

// Steps that must be skipped for these answers (no Redis, no bucket, local publishing); every
// other step of the template must complete. Matched by the step names the task page shows.
const EXPECTED_SKIPPED = [
  /redis/i,
  /object bucket/i,
  /publish to github/i,
  /pull request/i,
];
// Steps that must have run for these answers.
const EXPECTED_COMPLETED = [
  /postgresql/i,
  /publish to a local git repository/i,
  /register in the catalog/i,
];

// The task page's step icons (@backstage/plugin-scaffolder-react TaskSteps/StepIcon) carry the
// status only as a Material UI v4 icon, so tell them apart by the start of their SVG path.
const STEP_ICON_PATHS = {
  completed: 'M16.59 7.58L10 14.17', // CheckCircleOutline
  failed: 'M11 15h2v2h-2z', // ErrorOutline
  skipped: 'M7 11v2h10v-2H7z', // RemoveCircleOutline
  open: 'M12 2C6.47 2 2 6.47 2 12', // PanoramaFishEye (not started)
};

/** `{ name, status }` of every step the task page shows. */
async function readSteps(page) {
  return page.locator('[data-testid="step-label"]').evaluateAll(
    (labels, iconPaths) =>
      labels.map(label => {
        const name =
          label.querySelector('.MuiStepLabel-labelContainer div')
            ?.textContent ?? label.textContent;
        const icon = label.querySelector('.MuiStepLabel-iconContainer');
        if (icon?.querySelector('[role="progressbar"]')) {
          return { name, status: 'processing' };
        }
        const d = icon?.querySelector('path')?.getAttribute('d') ?? '';
        const status =
          Object.entries(iconPaths).find(([, p]) => d.startsWith(p))?.[0] ??
          `unknown icon ${d.slice(0, 20)}`;
        return { name, status };
      }),
    STEP_ICON_PATHS,
  );
}

/**
 * The task's log, read the way the task page reads it (scaffolder API, as the signed-in guest).
 * Writes all of it to .paved/artifacts/e2e/scaffold.task.log and returns its last lines.
 */
async function taskLog(page, taskId, lastLines = 60) {
  const text = await page.evaluate(async id => {
    const refresh = await fetch(
      '/api/auth/guest/refresh?optional&env=development',
      {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
        credentials: 'include',
      },
    ).then(r => r.json());
    const res = await fetch(`/api/scaffolder/v2/tasks/${id}/events`, {
      headers: {
        authorization: `Bearer ${refresh.backstageIdentity.token}`,
      },
    });
    if (!res.ok) return `(no task log: HTTP ${res.status})`;
    const events = await res.json();
    return events
      .map(
        e =>
          `${e.createdAt} ${e.body?.stepId ?? '-'} ${e.type}${
            e.body?.status ? ` ${e.body.status}` : ''
          }: ${e.body?.message ?? ''}`,
      )
      .join('\n');
  }, taskId);
  const log = text.replace(/\u001b\[[0-9;]*m/g, ''); // the actions' log has ANSI colours
  const file = path.join(artifactsDir, 'scaffold.task.log');
  fs.writeFileSync(file, `${log}\n`);
  const lines = log.split('\n');
  return [
    lines.length > lastLines
      ? `(last ${lastLines} of ${lines.length} lines; all in ${file})`
      : `(also in ${file})`,
    ...lines.slice(-lastLines),
  ].join('\n');
}

describe('scaffold', () => {
  const b = useBrowser('scaffold');
  // What the tests of this spec hand on to the next ones (they share one page and one run).
  const state = {
    reviewed: false,
    taskId: undefined,
    succeeded: false,
    ingested: false,
  };

  const form = page => page.locator('article').first();
  /** The form's error messages: its own (RJSF, red helper texts) and the browser's (required). */
  const formErrors = page =>
    form(page).evaluate(f =>
      [
        ...[...f.querySelectorAll('.Mui-error, [role="alert"]')].map(
          e => e.innerText,
        ),
        ...[...f.querySelectorAll('input:invalid, textarea:invalid')].map(
          e => `${e.id || e.name}: ${e.validationMessage}`,
        ),
      ].filter(Boolean),
    );
  /**
   * Presses the form's Next (or Review) button and waits for a field of the next page; if the page
   * does not change, fails with the validation messages the form shows.
   */
  const next = async (page, nextField, button = 'Next') => {
    await page.getByRole('button', { name: button, exact: true }).click();
    try {
      await nextField.waitFor({ timeout: 15_000 });
    } catch {
      const errors = await formErrors(page);
      assert.fail(
        `"${button}" did not lead to the next page; the form shows: ${
          errors.join(' | ') || '(no error message)'
        }`,
      );
    }
  };

  b.test(
    'Create lists the templates; the newcomer chooses the service template',
    async ({ page, signInAsGuest, shot, assertNoCrash }) => {
      await signInAsGuest();
      await page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Create', exact: true })
        .click();
      await page.waitForURL(/\/create(\/templates)?$/);
      await page
        .getByRole('heading', { name: TEMPLATE_TITLE, level: 4 })
        .waitFor();
      await page
        .getByRole('heading', {
          name: 'Add an environment to a service',
          level: 4,
        })
        .waitFor();
      await assertNoCrash();
      await shot('template-list');

      await page
        .locator('.MuiCard-root')
        .filter({
          has: page.getByRole('heading', { name: TEMPLATE_TITLE, level: 4 }),
        })
        .getByRole('button', { name: 'Choose' })
        .click();
      await page.waitForURL(/\/create\/templates\/default\/service$/);
      await page
        .getByRole('heading', { name: TEMPLATE_TITLE, level: 2 })
        .waitFor();
      await page.getByRole('textbox', { name: 'Name' }).waitFor();
    },
  );

  b.test('fills the form page by page', async ({ page, shot }) => {
    // 1. About the service; first with a name that is not a DNS-1123 label, as a newcomer might
    // type it: Next must stay on the page and say what is wrong with the name.
    const name = page.getByRole('textbox', { name: 'Name' });
    await name.fill('Orders_API');
    await page.getByRole('textbox', { name: 'Description' }).fill(DESCRIPTION);
    const owner = page.getByRole('textbox', { name: 'Owner' });
    await owner.click();
    await owner.fill('Product');
    await page
      .getByRole('listbox', { name: 'Owner' })
      .getByRole('option', { name: OWNER_TITLE })
      .click();
    // The picker lists entities by title but shows the chosen one as its entity ref.
    assert.equal(await owner.inputValue(), OWNER_REF);
    // System stays empty: it is optional.
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await form(page)
      .locator('.Mui-error')
      .filter({ hasText: 'must match pattern' })
      .first()
      .waitFor();
    await shot('invalid-name');
    await name.fill(NAME);
    await shot('about-the-service');
    const image = page.getByRole('textbox', {
      name: 'Container image repository',
    });
    await next(page, image);

    // 2. Runtime: defaults, but only two of the three environments
    assert.equal(await image.inputValue(), 'ghcr.io/acme/my-service');
    assert.equal(
      await page
        .getByRole('spinbutton', { name: 'Container port' })
        .inputValue(),
      '8080',
    );
    await image.fill('ghcr.io/acme/e2e-orders');
    for (const env of ['dev', 'staging', 'prod']) {
      assert.ok(
        await page
          .getByRole('checkbox', { name: env, exact: true })
          .isChecked(),
        `environment ${env} should be ticked by default`,
      );
    }
    await page
      .getByRole('checkbox', { name: 'staging', exact: true })
      .uncheck();
    await shot('runtime');
    const autoscale = page.getByRole('checkbox', {
      name: 'Autoscale with a HorizontalPodAutoscaler',
    });
    await next(page, autoscale);

    // 3. Autoscaling: the defaults
    assert.ok(await autoscale.isChecked());
    assert.equal(
      await page
        .getByRole('spinbutton', {
          name: 'Replicas (the minimum when autoscaling)',
        })
        .inputValue(),
      '2',
    );
    assert.equal(
      await page
        .getByRole('spinbutton', { name: 'Maximum replicas' })
        .inputValue(),
      '10',
    );
    await shot('autoscaling');
    const gpuMode = page.getByRole('button', { name: /^GPU\b/ });
    await next(page, gpuMode);

    // 4. GPU: a MIG slice brings in the product; the product brings in only its MIG profiles
    const migProfile = page.getByRole('button', { name: /^MIG profile/ });
    const gpuProduct = page.getByRole('button', {
      name: /^GPU product \(node selector\)/,
    });
    assert.equal(await migProfile.count(), 0, 'MIG profile shown for No GPU');
    await gpuMode.click();
    await page.getByRole('option', { name: 'A MIG slice' }).click();
    await gpuProduct.waitFor();
    assert.equal(
      await page.getByRole('spinbutton', { name: 'GPUs per pod' }).count(),
      0,
      'GPUs per pod is for whole GPUs only',
    );
    assert.equal(
      await migProfile.count(),
      0,
      'MIG profile shown before a GPU product',
    );
    // The product is required in this mode: Next must not leave the page without it.
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    const errors = await formErrors(page);
    assert.ok(
      errors.some(e => /gpuProduct/.test(e)),
      `Next without a GPU product: ${errors.join(' | ') || 'no error'}`,
    );
    assert.ok(await gpuProduct.isVisible(), 'Next left the GPU page');
    await gpuProduct.click();
    await page.getByRole('option', { name: GPU_PRODUCT, exact: true }).click();
    await migProfile.waitFor();
    await migProfile.click();
    // Only the profiles of the chosen product are offered.
    assert.equal(
      await page.getByRole('option', { name: '1g.18gb', exact: true }).count(),
      0,
      `an H200 profile offered for ${GPU_PRODUCT}`,
    );
    await page.getByRole('option', { name: MIG_PROFILE, exact: true }).click();
    await page
      .getByRole('button', { name: `MIG profile ${MIG_PROFILE}` })
      .waitFor();
    await shot('gpu-mig');
    const postgres = page.getByRole('checkbox', {
      name: 'PostgreSQL database (RDS)',
    });
    await next(page, postgres);

    // 5. Cloud resources and alerts: PostgreSQL only
    await postgres.check();
    await shot('cloud-resources');
    const publishTarget = page.getByRole('button', {
      name: /^Where to publish/,
    });
    await next(page, publishTarget);

    // 6. Publish: the default, a local git repository
    await page
      .getByRole('button', {
        name: 'Where to publish A local git repository on the Backstage host (no token needed)',
      })
      .waitFor();
    await shot('publish');
    const create = page.getByRole('button', { name: 'Create', exact: true });
    await next(page, create, 'Review');

    // 7. Review
    const row = (label, value) =>
      form(page)
        .getByRole('row', { name: `${label} ${value}`, exact: true })
        .waitFor();
    await row('Name', NAME);
    await row('Owner', OWNER_REF);
    await row('Environments', ENVIRONMENTS.join(' '));
    await row('GPU access', 'A MIG slice');
    // The review finds titles of top-level dependencies only: the profile, which depends on the
    // product, is listed under its key.
    await form(page)
      .getByRole('row', {
        name: new RegExp(`^(MIG profile|Mig Profile) ${MIG_PROFILE}$`),
      })
      .waitFor();
    await row('PostgreSQL database (RDS)', '✅');
    await row(
      'Where to publish',
      'A local git repository on the Backstage host (no token needed)',
    );
    await shot('review');
    state.reviewed = true;
  });

  b.test(
    'Create runs the template and every step succeeds',
    async ({ page, shot, assertNoCrash }) => {
      assert.ok(
        state.reviewed,
        'the form was not filled in (see the test before)',
      );
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      await page.waitForURL(/\/create\/tasks\/[\w-]+$/);
      state.taskId = page.url().split('/').pop();
      await shot('task-started');

      // The task border turns into a full (determinate) bar when the task completes or fails.
      await page
        .locator('article [role="progressbar"][aria-valuenow="100"]')
        .waitFor({ timeout: 60_000 })
        .catch(async error => {
          throw new Error(
            `the task did not finish in 60 s; steps: ${JSON.stringify(
              await readSteps(page),
            )}\ntask log ${await taskLog(page, state.taskId)}`,
            { cause: error },
          );
        });
      const steps = await readSteps(page);
      await shot('task-finished');

      const problems = [];
      for (const { name, status } of steps) {
        const expected = EXPECTED_SKIPPED.some(re => re.test(name))
          ? 'skipped'
          : 'completed';
        if (status !== expected) {
          problems.push(`"${name}" is ${status}, expected ${expected}`);
        }
      }
      for (const re of EXPECTED_COMPLETED) {
        if (!steps.some(s => re.test(s.name))) {
          problems.push(`no step matches ${re}`);
        }
      }
      const log = await taskLog(page, state.taskId);
      if (problems.length) {
        assert.fail(
          `template run ${state.taskId}:\n  ${problems.join(
            '\n  ',
          )}\ntask log ${log}`,
        );
      }
      await assertNoCrash();

      // What paved:publish:local created in the run's throwaway directory.
      const gitDir = process.env.PAVED_E2E_LOCAL_GIT_DIR;
      if (gitDir) {
        assert.ok(
          fs.existsSync(path.join(gitDir, `${NAME}.git`, 'HEAD')),
          `no bare repository ${NAME}.git in ${gitDir}`,
        );
      }
      state.succeeded = true;
    },
  );

  // catalog:register only adds the location; the catalog ingests the component asynchronously
  // (process the location, then the component, then stitch), which takes a few seconds, longer on
  // a busy machine. The task's "Open in the catalog" link is there at once, and a click within
  // those seconds shows "Entity not found" (and a 404 console error). So wait for the entity
  // through the API first, as a newcomer who reads the task page first effectively does.
  b.test(
    'the catalog ingests the component with its paved.dev/environments annotation',
    async (_session, t) => {
      assert.ok(
        state.succeeded,
        'the template run did not succeed (see above)',
      );
      const started = Date.now();
      const entity = await pollJson(
        new URL(
          `/api/catalog/entities/by-name/component/default/${NAME}`,
          baseUrl,
        ).toString(),
        {
          token: process.env.PAVED_E2E_TOKEN,
          timeoutMs: 30_000,
          what: `the catalog to ingest component:default/${NAME}`,
          check: () => true,
        },
      );
      t.diagnostic(
        `component:default/${NAME} in the catalog ${(
          (Date.now() - started) /
          1000
        ).toFixed(1)} s after the task finished`,
      );
      assert.equal(entity.spec.owner, OWNER_REF);
      assert.equal(entity.metadata.description, DESCRIPTION);
      const environments =
        entity.metadata.annotations?.['paved.dev/environments'];
      assert.ok(
        environments,
        `no paved.dev/environments annotation; annotations: ${JSON.stringify(
          entity.metadata.annotations,
        )}`,
      );
      assert.deepEqual(environments.split(','), ENVIRONMENTS);
      state.ingested = true;
    },
  );

  b.test(
    '"Open in the catalog" shows the new component, its owner and a Kubernetes tab',
    async ({ page, shot, assertNoCrash }) => {
      assert.ok(
        state.ingested,
        'the component is not in the catalog (see above)',
      );
      await page.getByRole('link', { name: 'Open in the catalog' }).click();
      await page.waitForURL(new RegExp(`/catalog/default/component/${NAME}$`));
      await page.getByRole('heading', { name: NAME, level: 2 }).waitFor();
      const about = page
        .locator('article, .MuiCard-root')
        .filter({ has: page.getByRole('heading', { name: 'About' }) })
        .last();
      await about.getByText(DESCRIPTION).waitFor();
      await about
        .getByRole('link', { name: OWNER_TITLE, exact: true })
        .waitFor();
      const kubernetesTab = page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Kubernetes' });
      await kubernetesTab.waitFor();
      await assertNoCrash();
      await shot('component-overview');

      await kubernetesTab.click();
      await page.waitForURL(/\/kubernetes$/);
      await page
        .getByText(`No resources on any known clusters for ${NAME}`)
        .waitFor();
      await assertNoCrash();
      await shot('component-kubernetes-tab');
    },
  );
});
