import { Draft07 } from 'json-schema-library';
import {
  FormData,
  PAGE_CHOICES,
  pageCombinations,
  Schema,
  servicePages,
} from './testing/serviceForm';

// The scaffolder's review step (ReviewState of @backstage/plugin-scaffolder-react 3) names each
// answer by its field's `ui:backstage.review.name` or `title`, found with json-schema-library's
// Draft07, and falls back to the key formatted ("Mig Profile") when it does not find the field.
// It finds the page with the page's top-level dependencies alone, then the field with the whole
// form state: a field defined only in a nested branch is never found. What follows is its
// findSchemaForKey and the naming of processSchema, so that every field of every combination the
// form offers is checked to be named by its title.

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function findPageForKey(key: string, pages: Schema[], formState: FormData) {
  return pages.find(page => {
    const data: FormData = {};
    for (const dependency of Object.keys(
      isObject(page.dependencies) ? page.dependencies : {},
    )) {
      if (Object.hasOwn(formState, dependency)) {
        data[dependency] = formState[dependency];
      }
    }
    return !!new Draft07(page).getSchema({ pointer: `#/${key}`, data });
  });
}

/** The name the review shows for an answer, or undefined when it shows the formatted key. */
function reviewName(key: string, pages: Schema[], formState: FormData) {
  const page = findPageForKey(key, pages, formState);
  if (!page) return undefined;
  const definition = new Draft07(page).getSchema({
    pointer: `#/${key}`,
    data: formState,
  });
  return definition?.['ui:backstage']?.review?.name ?? definition?.title;
}

/** Each page's combinations, with the first answers of the other pages. */
function everyPageState(pages: Schema[]): FormData[] {
  const perPage = PAGE_CHOICES.map(([title]) => pageCombinations(pages, title));
  const firsts = Object.assign({}, ...perPage.map(states => states[0]));
  return perPage.flatMap(states =>
    states.map(state => ({ ...firsts, ...state })),
  );
}

describe.each([
  ['with', true],
  ['without', false],
])(
  'the review step of the service form on a platform %s a custom metrics adapter',
  (_, customMetricsAdapter) => {
    it('names every answer of every combination by its field’s title', async () => {
      const pages = await servicePages(customMetricsAdapter);
      const states = everyPageState(pages);
      const unnamed = new Set<string>();
      const named = new Map<string, string>();
      for (const state of states) {
        for (const key of Object.keys(state)) {
          const name = reviewName(key, pages, state);
          if (name === undefined) unnamed.add(key);
          else named.set(key, name);
        }
      }
      expect([...unnamed]).toEqual([]);
      expect(named.get('migProfile')).toBe('MIG profile');
      // Every field the form can show was reviewed, the GPU's and the custom metric's included.
      const dependentFields = [
        'gpuCount',
        'gpuProduct',
        'migProfile',
        'gpuTolerations',
        'maxReplicas',
        'targetCpu',
        'targetMemory',
        'repoUrl',
        ...(customMetricsAdapter ? ['customMetricName'] : []),
      ];
      expect(dependentFields.filter(key => !named.has(key))).toEqual([]);
    });
  },
);
