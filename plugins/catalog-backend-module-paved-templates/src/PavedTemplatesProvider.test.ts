import fs from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { parse } from 'yaml';
import { bundledTemplatesDirectory } from './bundledTemplates';
import {
  PavedTemplatesProvider,
  PavedTemplatesProviderOptions,
} from './PavedTemplatesProvider';

const logger = mockServices.logger.mock();

/** Connects the provider to a stand-in catalog and returns the mutation it applied. */
async function connect(
  provider: PavedTemplatesProvider,
): Promise<EntityProviderMutation> {
  const applyMutation = jest.fn();
  await provider.connect({ applyMutation, refresh: jest.fn() });
  expect(applyMutation).toHaveBeenCalledTimes(1);
  return applyMutation.mock.calls[0][0];
}

async function emittedEntities(
  options: Partial<PavedTemplatesProviderOptions> = {},
): Promise<Entity[]> {
  const mutation = await connect(
    PavedTemplatesProvider.create({
      owner: 'group:default/platform-team',
      namespace: 'default',
      templates: [
        'service',
        'environment',
        'unregister',
        'provision-environment',
      ],
      logger,
      ...options,
    }),
  );
  if (mutation.type !== 'full') {
    throw new Error(`expected a full mutation, got ${mutation.type}`);
  }
  return mutation.entities.map(({ entity }) => entity);
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(entry => entry.isFile())
    .map(entry => path.join(entry.parentPath, entry.name));
}

/** Every `kind: Template` file of the package, outside the skeletons. */
function templateFilesOnDisk(): Map<string, string> {
  const templates = new Map<string, string>();
  for (const file of listFiles(bundledTemplatesDirectory())) {
    const relative = path.relative(bundledTemplatesDirectory(), file);
    if (!file.endsWith('.yaml') || relative.includes('skeleton')) {
      continue;
    }
    const document = parse(fs.readFileSync(file, 'utf8'));
    if (document?.kind === 'Template') {
      templates.set(document.metadata.name, file);
    }
  }
  return templates;
}

const location = (entity: Entity) =>
  entity.metadata.annotations?.['backstage.io/managed-by-location'];

describe('PavedTemplatesProvider', () => {
  it('emits exactly the templates of the package, located at their files', async () => {
    const onDisk = templateFilesOnDisk();
    expect([...onDisk.keys()].sort()).toEqual([
      'environment',
      'provision-environment',
      'service',
      'unregister',
    ]);

    const entities = await emittedEntities({ customMetricsAdapter: true });
    expect(entities.map(e => e.metadata.name).sort()).toEqual(
      [...onDisk.keys()].sort(),
    );
    for (const entity of entities) {
      const file = onDisk.get(entity.metadata.name)!;
      expect(path.isAbsolute(file)).toBe(true);
      expect(entity.metadata.annotations).toMatchObject({
        'backstage.io/managed-by-location': `file:${file}`,
        'backstage.io/managed-by-origin-location': `file:${file}`,
      });
      // The rest is the file as written.
      const written = parse(fs.readFileSync(file, 'utf8'));
      expect(entity.spec).toEqual({
        ...written.spec,
        owner: 'group:default/platform-team',
      });
      expect(entity.metadata.title).toBe(written.metadata.title);
    }
  });

  it('offers a custom HPA metric in the service form only on a platform with the adapter', async () => {
    const autoscalingFields = async (customMetricsAdapter: boolean) => {
      const [service] = await emittedEntities({
        templates: ['service'],
        customMetricsAdapter,
      });
      const page = (service.spec!.parameters as any[]).find(
        p => p.title === 'Autoscaling',
      );
      return page.dependencies.autoscalingEnabled.oneOf.flatMap((b: any) =>
        Object.keys(b.properties),
      );
    };
    expect(await autoscalingFields(true)).toEqual(
      expect.arrayContaining(['customMetricName', 'customMetricTarget']),
    );
    const without = await autoscalingFields(false);
    expect(without).toContain('targetCpu');
    expect(without).not.toContain('customMetricName');
    expect(without).not.toContain('customMetricTarget');
  });

  it('locates the service template where the scaffolder finds its skeletons', async () => {
    const [service] = await emittedEntities({ templates: ['service'] });
    // The scaffolder fetches `./skeleton` of a file: location from the file's folder on disk.
    const folder = path.dirname(location(service)!.replace(/^file:/, ''));
    const skeletonUrls = (service.spec!.steps as Array<{ input?: any }>)
      .map(step => step.input?.url)
      .filter((url): url is string => typeof url === 'string');
    expect(skeletonUrls).toContain('./skeleton');
    for (const url of skeletonUrls) {
      expect(fs.statSync(path.resolve(folder, url)).isDirectory()).toBe(true);
    }
  });

  it('applies one full mutation keyed by each file', async () => {
    const mutation = await connect(
      PavedTemplatesProvider.fromConfig(new ConfigReader({}), { logger }),
    );
    expect(mutation.type).toBe('full');
    const entities = mutation.type === 'full' ? mutation.entities : [];
    expect(entities).toHaveLength(4);
    for (const { entity, locationKey } of entities) {
      expect(locationKey).toBe(location(entity));
    }
  });

  it('replaces the owner and the namespace, and serves only the chosen templates', async () => {
    const entities = await emittedEntities({
      owner: 'group:tools/sre',
      namespace: 'tools',
      templates: ['environment', 'unregister'],
    });
    expect(
      entities.map(e => [e.metadata.namespace, e.metadata.name, e.spec?.owner]),
    ).toEqual([
      ['tools', 'environment', 'group:tools/sre'],
      ['tools', 'unregister', 'group:tools/sre'],
    ]);
  });

  it('takes owner, namespace and templates from paved.templates.catalog', async () => {
    const provider = PavedTemplatesProvider.fromConfig(
      new ConfigReader({
        paved: {
          templates: { catalog: { owner: 'sre', templates: ['service'] } },
        },
      }),
      { logger },
    );
    const mutation = await connect(provider);
    expect(mutation).toMatchObject({
      type: 'full',
      entities: [
        {
          entity: {
            metadata: { name: 'service', namespace: 'default' },
            spec: { owner: 'group:default/sre' },
          },
        },
      ],
    });
  });

  describe('with a broken template file', () => {
    const directory = createMockDirectory();
    const file = () => directory.resolve('service/template.yaml');
    const serviceFrom = () =>
      emittedEntities({ directory: directory.path, templates: ['service'] });

    it.each([
      ['not YAML', 'kind: [Template', /is not valid YAML/],
      ['two documents', 'kind: Template\n---\nkind: Template\n', /exactly one/],
      ['empty', '', /exactly one/],
      ['not an entity', 'kind: Template\nmetadata: {}\n', /not a catalog/],
      [
        'another entity',
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: service }\nspec: {}\n',
        /must be the Template service, not the Component service/,
      ],
      [
        'without spec',
        'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: { name: service }\n',
        /spec is missing/,
      ],
    ])('%s: fails naming the file', async (_, content, problem) => {
      directory.setContent({ 'service/template.yaml': content });
      const failure = serviceFrom();
      await expect(failure).rejects.toThrow(problem);
      await expect(serviceFrom()).rejects.toThrow(`${file()}: `);
      await expect(failure).rejects.toThrow(file());
    });

    it('missing: fails naming the file', async () => {
      directory.setContent({});
      await expect(serviceFrom()).rejects.toThrow(
        `Cannot read the Paved template ${file()}`,
      );
    });
  });
});

// npm and Yarn leave these out of every package (Yarn's pack: .github, .gitignore, .npmignore,
// .git, .hg, node_modules, .DS_Store, .#*; npm also .npmrc and lock files), so a skeleton file
// under one of these names would be missing from the installed package.
const DROPPED_BY_PACK = [
  /^\.github$/,
  /^\.gitignore$/,
  /^\.npmignore$/,
  /^\.npmrc$/,
  /^\.git$/,
  /^\.hg$/,
  /^\.svn$/,
  /^CVS$/,
  /^node_modules$/,
  /^\.DS_Store$/,
  /^\.#/,
  /^package-lock\.json$/,
  /^npm-shrinkwrap\.json$/,
  /\.orig$/,
];

describe('the templates folder', () => {
  it('has no file that npm or Yarn leave out of the package', () => {
    const dropped = listFiles(bundledTemplatesDirectory())
      .map(file => path.relative(bundledTemplatesDirectory(), file))
      .filter(file =>
        file
          .split(path.sep)
          .some(segment => DROPPED_BY_PACK.some(re => re.test(segment))),
      );
    expect(dropped).toEqual([]);
  });
});
