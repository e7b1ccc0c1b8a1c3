import fs from 'node:fs';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { overridePackagePathResolution } from '@backstage/backend-plugin-api/testUtils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { eventually } from '@paved/kubernetes-test-utils';
import pavedScaffolderFeatures from '@paved/plugin-scaffolder-backend-module-paved';
import git from 'isomorphic-git';
import request from 'supertest';
import catalogModulePavedTemplates from '.';
import { bundledTemplatesDirectory } from './bundledTemplates';

const baseConfig = (gitDirectory: string) => ({
  backend: {
    baseUrl: 'http://localhost:7007',
    database: { client: 'better-sqlite3', connection: ':memory:' },
  },
  paved: { localGit: { directory: gitDirectory } },
  // No Template in the rules: the catalog's rules govern locations, not entity providers.
  catalog: { rules: [{ allow: ['Component', 'Location'] }] },
});

describe('catalogModulePavedTemplates in a backend', () => {
  const directory = createMockDirectory();

  /** A catalog with this module and `paved.templates.catalog` set to `catalog`. */
  const startCatalogOnly = (catalog: Record<string, string[]>) =>
    startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModulePavedTemplates,
        mockServices.rootConfig.factory({
          data: {
            ...baseConfig(directory.resolve('git')),
            paved: { templates: { catalog } },
          },
        }),
      ],
    });

  it('registers the templates, and a real task renders the service from the bundled skeletons', async () => {
    directory.clear();
    const gitDirectory = directory.resolve('git');
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModulePavedTemplates,
        scaffolderPlugin,
        pavedScaffolderFeatures,
        mockServices.rootConfig.factory({ data: baseConfig(gitDirectory) }),
      ],
    });
    const { server } = backend;
    try {
      const auth = mockCredentials.user.header('user:default/guest');
      const get = (url: string) =>
        request(server).get(url).set('Authorization', auth);

      const service = await eventually('the service template', async () => {
        const res = await get(
          '/api/catalog/entities/by-name/template/default/service',
        );
        return res.status === 200 ? res.body : undefined;
      });
      const file = `${bundledTemplatesDirectory()}/service/template.yaml`;
      expect(service.metadata.annotations).toMatchObject({
        'backstage.io/managed-by-location': `file:${file}`,
        'backstage.io/managed-by-origin-location': `file:${file}`,
      });
      expect(service.relations).toContainEqual({
        type: 'ownedBy',
        targetRef: 'group:default/platform-team',
      });
      const templates = await get('/api/catalog/entities?filter=kind=template');
      expect(
        templates.body
          .map((e: { metadata: { name: string } }) => e.metadata.name)
          .sort(),
      ).toEqual([
        'environment',
        'provision-environment',
        'service',
        'unregister',
      ]);

      const created = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', auth)
        .send({
          templateRef: 'template:default/service',
          values: {
            name: 'orders',
            description: 'The orders service',
            owner: 'group:default/team-a',
            image: 'ghcr.io/acme/orders',
            port: 8080,
            environments: ['dev', 'prod'],
            publishTarget: 'local',
          },
        });
      expect(created.status).toBe(201);
      const status = await eventually('the task to finish', async () => {
        const res = await get(`/api/scaffolder/v2/tasks/${created.body.id}`);
        return ['completed', 'failed'].includes(res.body.status)
          ? (res.body.status as string)
          : undefined;
      });
      if (status !== 'completed') {
        const events = await get(
          `/api/scaffolder/v2/tasks/${created.body.id}/events`,
        );
        const log = events.body.map((e: any) => e.body.message).join('\n');
        throw new Error(`The task ${status}:\n${log}`);
      }

      const published = await git.listFiles({
        fs,
        gitdir: `${gitDirectory}/orders.git`,
        ref: 'main',
      });
      expect(published).toEqual(
        expect.arrayContaining([
          'catalog-info.yaml',
          'charts/orders/Chart.yaml',
          'charts/orders/templates/deployment.yaml',
          'charts/orders/values-dev.yaml',
          'charts/orders/values-prod.yaml',
          'argocd/applicationset.yaml',
          'argocd/appproject.yaml',
          'terraform/modules/orders/main.tf',
          'terraform/environments/dev/main.tf',
          'terraform/environments/prod/main.tf',
          '.github/workflows/build.yaml',
          '.gitignore',
        ]),
      );
      expect(published.filter(f => f.includes('dot-'))).toEqual([]);
      await eventually('the new component in the catalog', async () => {
        const res = await get(
          '/api/catalog/entities/by-name/component/default/orders',
        );
        return res.status === 200 ? true : undefined;
      });
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start with invalid config, naming the key', async () => {
    await expect(
      startCatalogOnly({ templates: ['service', 'website'] }),
    ).rejects.toThrow(
      "paved.templates.catalog.templates[1]: 'website' is not a Paved template",
    );
  });

  it('stops the catalog on a broken template file, naming the file', async () => {
    directory.setContent({
      'broken/service/template.yaml': 'kind: Template\nmetadata: {}\n',
    });
    const override = overridePackagePathResolution({
      packageName: '@paved/plugin-catalog-backend-module-paved-templates',
      paths: { templates: directory.resolve('broken') },
    });
    try {
      await expect(
        startCatalogOnly({ templates: ['service'] }),
      ).rejects.toThrow(
        `${directory.resolve(
          'broken/service/template.yaml',
        )}: is not a catalog entity`,
      );
    } finally {
      override.restore();
    }
  });
});
