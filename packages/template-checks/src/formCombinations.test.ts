import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import validator from '@rjsf/validator-ajv8';
import { GPU_PRODUCTS } from '@paved/plugin-paved-common';
import { ServicePlanner } from '@paved/plugin-scaffolder-backend-module-paved';
import yaml from 'yaml';
import { PLATFORM_TEMPLATES, TEMPLATES_DIR } from './TemplateDryRunner';
import {
  ABOUT,
  combinations,
  FormData,
  PAGE_CHOICES,
  pageCombinations,
  pageTitled,
  Schema,
  servicePages,
  shown,
  withoutEnumNames,
} from './testing/serviceForm';

// Every combination of choices the service template's form offers (testing/serviceForm.ts). The
// planner must accept each one: no choice the form allows is refused after submit.

function plannerOf(customMetricsAdapter: boolean) {
  return ServicePlanner.fromConfig(
    new ConfigReader({
      paved: {
        templates: {
          ...PLATFORM_TEMPLATES,
          prometheus: { customMetricsAdapter },
        },
      },
    }),
    { localRepositoryUrl: name => `file:///srv/git/${name}.git` },
  );
}

describe.each([
  ['with', true],
  ['without', false],
])(
  'every combination the service form offers on a platform %s a custom metrics adapter',
  (_, customMetricsAdapter) => {
    let pages: Schema[];
    beforeAll(async () => {
      pages = (await servicePages(customMetricsAdapter)).map(withoutEnumNames);
    });

    it('offers each GPU product only the MIG profiles it has', () => {
      const gpu = pageTitled(pages, 'GPU');
      const offered = Object.fromEntries(
        combinations(gpu, [['gpuMode'], ['gpuProduct'], ['migProfile']])
          .filter(data => data.gpuMode === 'mig')
          .map(data => [data.gpuProduct, data.migProfile] as const)
          .reduce((byProduct, [product, profile]) => {
            const list = byProduct.get(product) ?? [];
            byProduct.set(product, [...list, profile]);
            return byProduct;
          }, new Map<unknown, unknown[]>()),
      );
      expect(offered).toEqual(
        Object.fromEntries(
          Object.entries(GPU_PRODUCTS)
            .filter(([, product]) => product.migProfiles.length > 0)
            .map(([name, product]) => [name, [...product.migProfiles]]),
        ),
      );
    });

    it('shows the MIG profile read-only until the GPU product is chosen', () => {
      const gpu = pageTitled(pages, 'GPU');
      const before = shown(gpu, { gpuMode: 'mig' }).properties.migProfile;
      expect(before).toMatchObject({ title: 'MIG profile', readOnly: true });
      expect(before.enum).toBeUndefined();
      expect(
        shown(gpu, { gpuMode: 'mig', gpuProduct: 'NVIDIA-H200' }).properties
          .migProfile,
      ).toMatchObject({ title: 'MIG profile', readOnly: false });
    });

    it('are all accepted by the planner', () => {
      const planner = plannerOf(customMetricsAdapter);
      const titles = PAGE_CHOICES.map(([title]) => title);
      const pagesOfChoices = titles.map(title =>
        pageCombinations(pages, title),
      );
      // The form accepts each answer of each page (pages are validated one by one, as the form does).
      const invalid = pagesOfChoices.flatMap((choices, i) =>
        choices.filter(data => {
          const page = pageTitled(pages, titles[i]);
          return !validator.isValid(page as any, data as any, page as any);
        }),
      );
      expect(invalid).toEqual([]);
      const everyForm = pagesOfChoices.reduce<FormData[]>(
        (forms, choices) =>
          forms.flatMap(form => choices.map(data => ({ ...form, ...data }))),
        [{}],
      );
      const refused = everyForm.flatMap(form => {
        try {
          planner.plan(planner.parse(form));
          return [];
        } catch (error) {
          return [{ form, error: String(error) }];
        }
      });
      expect(everyForm.length).toBeGreaterThan(500);
      expect(refused).toEqual([]);
    });
  },
);

describe('the service template registered from its file (a fork, without the module)', () => {
  // A catalog location reads template.yaml as written: no configuration applies to it, so it
  // offers the custom metric on every platform. Planning is where such a platform refuses it.
  it('offers the custom metric, and a platform without the adapter refuses it naming the field and the setting', async () => {
    const template = yaml.parse(
      await fs.readFile(
        path.join(TEMPLATES_DIR, 'service', 'template.yaml'),
        'utf8',
      ),
    );
    const autoscaling = pageTitled(template.spec.parameters, 'Autoscaling');
    expect(
      Object.keys(shown(autoscaling, { autoscalingEnabled: true }).properties),
    ).toEqual(
      expect.arrayContaining(['customMetricName', 'customMetricTarget']),
    );
    const planner = plannerOf(false);
    expect(() =>
      planner.plan(
        planner.parse({
          ...ABOUT,
          image: 'ghcr.io/acme/orders-api',
          port: 8080,
          environments: ['dev'],
          customMetricName: 'http_requests_per_second',
        }),
      ),
    ).toThrow(
      /^customMetricName: needs a custom metrics adapter to serve 'http_requests_per_second', which this platform does not have \(paved\.templates\.prometheus\.customMetricsAdapter is not true\)/,
    );
  });
});
