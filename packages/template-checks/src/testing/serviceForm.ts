import { mockServices } from '@backstage/backend-test-utils';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { PavedTemplatesProvider } from '@paved/plugin-catalog-backend-module-paved-templates';
import { getDefaultFormState, retrieveSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';

// The service template's form as users get it: the pages the templates module puts in the
// catalog, and every combination of answers worked out the way the scaffolder's form
// (react-jsonschema-form) works them out, page by page: the dependent fields and enums a choice
// brings, and the defaults the form fills in.

export type Schema = Record<string, any>;
export type FormData = Record<string, unknown>;

/** The page's schema as the form shows it for these answers. */
export function shown(page: Schema, data: FormData): Schema {
  return retrieveSchema(validator, page as any, page as any, data as any);
}

/**
 * Every answer to one field the form shows: each enum value (or both booleans), plus leaving it
 * empty when it is optional; a free field takes `sample` or empty.
 */
function answers(page: Schema, data: FormData, name: string, sample?: unknown) {
  const field = shown(page, data).properties?.[name];
  if (!field) return [undefined];
  const required: string[] = shown(page, data).required ?? [];
  const values: unknown[] =
    field.enum ?? (field.type === 'boolean' ? [true, false] : [sample]);
  return required.includes(name) ? values : [undefined, ...values];
}

/** Answers the page's `choices` one after the other, each in the schema the earlier ones gave. */
export function combinations(
  page: Schema,
  choices: Choice[],
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

/** The answers of the first page, which has no choice that changes the form. */
export const ABOUT = {
  name: 'orders-api',
  description: 'Orders',
  owner: 'group:default/product-team',
};

/** A field to answer, with the sample answer of a free field. */
type Choice = [string, unknown?];

/** The form's pages, by title, and the choices on each that change what the form offers. */
export const PAGE_CHOICES: Array<[string, Choice[]]> = [
  ['About the service', []],
  ['Runtime', [['ingressHost', 'orders.example.com']]],
  [
    'Autoscaling',
    [
      ['autoscalingEnabled'],
      ['targetMemory', 80],
      ['customMetricName', 'http_requests_per_second'],
    ],
  ],
  ['GPU', [['gpuMode'], ['gpuProduct'], ['migProfile'], ['gpuTolerations']]],
  ['Cloud resources and alert routing', [['postgres']]],
  ['Publish', [['publishTarget']]],
];

/** Every combination of answers of one page, by its title in {@link PAGE_CHOICES}. */
export function pageCombinations(pages: Schema[], title: string): FormData[] {
  const page = withoutEnumNames(pageTitled(pages, title));
  const choices = PAGE_CHOICES.find(([t]) => t === title)![1];
  const answered = combinations(
    page,
    choices,
    title === 'About the service' ? ABOUT : {},
  );
  return title === 'Publish'
    ? answered.map(data =>
        data.publishTarget === 'local'
          ? data
          : { ...data, repoUrl: 'github.com?owner=acme&repo=orders-api' },
      )
    : answered;
}

/** enumNames are labels only, which react-jsonschema-form warns are deprecated. */
export function withoutEnumNames(schema: Schema): Schema {
  return JSON.parse(
    JSON.stringify(schema, (key, value) =>
      key === 'enumNames' ? undefined : value,
    ),
  );
}

export function pageTitled(pages: Schema[], title: string): Schema {
  const found = pages.find(p => p.title === title);
  if (!found) throw new Error(`no page ${title}`);
  return found;
}

/**
 * The service form as the templates module puts it in the catalog of a platform with or without
 * a custom metrics adapter.
 */
export async function servicePages(
  customMetricsAdapter: boolean,
): Promise<Schema[]> {
  const applied: EntityProviderMutation[] = [];
  const connection = {
    applyMutation: async (mutation: EntityProviderMutation) => {
      applied.push(mutation);
    },
    refresh: async () => {},
  };
  await PavedTemplatesProvider.create({
    owner: 'group:default/platform-team',
    namespace: 'default',
    templates: ['service'],
    customMetricsAdapter,
    logger: mockServices.logger.mock(),
  }).connect(connection);
  const [mutation] = applied;
  if (mutation.type !== 'full') throw new Error('expected a full mutation');
  return mutation.entities[0].entity.spec!.parameters as Schema[];
}
