import { ConfigReader } from '@backstage/config';
import { getDefaultFormState, retrieveSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { GPU_PRODUCTS } from '@paved/plugin-paved-common';
import { ServicePlanner } from '@paved/plugin-scaffolder-backend-module-paved';
import { mockServices } from '@backstage/backend-test-utils';
import { PavedTemplatesProvider } from '@paved/plugin-catalog-backend-module-paved-templates';
import { PLATFORM_TEMPLATES } from './TemplateDryRunner';

// Every combination of choices the service template's form offers, worked out the way the
// scaffolder's form (react-jsonschema-form) works them out, page by page: the dependent fields
// and enums a choice brings, and the defaults the form fills in. The planner must accept each
// one: no choice the form allows is refused after submit.

type Schema = Record<string, any>;
type FormData = Record<string, unknown>;

/** The page's schema as the form shows it for these answers. */
function shown(page: Schema, data: FormData): Schema {
  return retrieveSchema(validator, page as any, page as any, data as any);
}

/**
 * Every answer to one field the form shows: each enum value (or both booleans), plus leaving it
 * empty when it is optional; free text takes `sample` or empty.
 */
function answers(page: Schema, data: FormData, name: string, sample?: string) {
  const field = shown(page, data).properties?.[name];
  if (!field) return [undefined];
  const required: string[] = shown(page, data).required ?? [];
  const values: unknown[] =
    field.enum ?? (field.type === 'boolean' ? [true, false] : [sample]);
  return required.includes(name) ? values : [undefined, ...values];
}

/** Answers the page's `choices` one after the other, each in the schema the earlier ones gave. */
function combinations(
  page: Schema,
  choices: Array<[string, string?]>,
  data: FormData = {},
): FormData[] {
  if (choices.length === 0) {
    return [getDefaultFormState(validator, page as any, data as any) as any];
  }
  const [[name, sample], ...rest] = choices;
  return answers(page, data, name, sample).flatMap(value =>
    combinations(
      page,
      rest,
      value === undefined ? data : { ...data, [name]: value },
    ),
  );
}

const ABOUT = {
  name: 'orders-api',
  description: 'Orders',
  owner: 'group:default/product-team',
};

/**
 * The service form as the templates module puts it in the catalog of a platform with or without
 * a custom metrics adapter; enumNames (labels only, which react-jsonschema-form warns are
 * deprecated) left out.
 */
async function servicePages(customMetricsAdapter: boolean): Promise<Schema[]> {
  const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
  await PavedTemplatesProvider.create({
    owner: 'group:default/platform-team',
    namespace: 'default',
    templates: ['service'],
    customMetricsAdapter,
    logger: mockServices.logger.mock(),
  }).connect(connection);
  const [{ entity }] = connection.applyMutation.mock.calls[0][0].entities;
  return JSON.parse(
    JSON.stringify(entity.spec.parameters, (key, value) =>
      key === 'enumNames' ? undefined : value,
    ),
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
      pages = await servicePages(customMetricsAdapter);
    });
    const page = (title: string) => {
      const found = pages.find(p => p.title === title);
      if (!found) throw new Error(`no page ${title}`);
      return found;
    };

    it('offers each GPU product only the MIG profiles it has', () => {
      const gpu = page('GPU');
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

    it('are all accepted by the planner', () => {
      const planner = ServicePlanner.fromConfig(
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
      const titles = [
        'About the service',
        'Runtime',
        'Autoscaling',
        'GPU',
        'Cloud resources and alert routing',
        'Publish',
      ];
      const pagesOfChoices = [
        combinations(page(titles[0]), [], ABOUT),
        combinations(page(titles[1]), [['ingressHost', 'orders.example.com']]),
        combinations(page(titles[2]), [
          ['autoscalingEnabled'],
          ['targetMemory'],
          ['customMetricName', 'http_requests_per_second'],
        ]),
        combinations(page(titles[3]), [
          ['gpuMode'],
          ['gpuProduct'],
          ['migProfile'],
          ['gpuTolerations'],
        ]),
        combinations(page(titles[4]), [['postgres']]),
        combinations(page(titles[5]), [['publishTarget']]).map(data =>
          data.publishTarget === 'local'
            ? data
            : { ...data, repoUrl: 'github.com?owner=acme&repo=orders-api' },
        ),
      ];
      // The form accepts each answer of each page (pages are validated one by one, as the form does).
      const invalid = pagesOfChoices.flatMap((choices, i) =>
        choices.filter(
          data =>
            !validator.isValid(
              page(titles[i]) as any,
              data as any,
              page(titles[i]) as any,
            ),
        ),
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
