import fs from 'node:fs';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import git from 'isomorphic-git';
import request from 'supertest';
import yaml from 'yaml';
import pavedScaffolderFeatures from '.';

jest.setTimeout(60_000);

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'publish-local' },
  spec: {
    owner: 'user:default/guest',
    type: 'service',
    parameters: [{ properties: { name: { type: 'string' } } }],
    steps: [
      {
        id: 'write',
        action: 'catalog:write',
        input: {
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: '${{ parameters.name }}',
              description: 'Published locally',
            },
            spec: {
              type: 'service',
              lifecycle: 'experimental',
              owner: 'user:default/guest',
            },
          },
        },
      },
      {
        id: 'publish',
        action: 'paved:publish:local',
        input: { repoName: '${{ parameters.name }}' },
      },
      {
        id: 'register',
        action: 'catalog:register',
        input: { catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}' },
      },
    ],
    output: {
      catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
      commitHash: '${{ steps.publish.output.commitHash }}',
      entityRef: '${{ steps.register.output.entityRef }}',
    },
  },
};

async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) {
      return result;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

describe('pavedScaffolderFeatures', () => {
  const dir = createMockDirectory({
    content: { 'template.yaml': yaml.stringify(template) },
  });

  it('publishes from a real template run and the real catalog reads the component back', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        pavedScaffolderFeatures,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
            paved: { localGit: { directory: dir.resolve('git') } },
            catalog: {
              rules: [{ allow: ['Component', 'Location', 'Template'] }],
              locations: [
                { type: 'file', target: dir.resolve('template.yaml') },
              ],
            },
          },
        }),
      ],
    });
    const auth = mockCredentials.user.header('user:default/guest');
    const get = (path: string) =>
      request(server).get(path).set('Authorization', auth);

    await eventually('the template in the catalog', async () => {
      const res = await get(
        '/api/catalog/entities/by-name/template/default/publish-local',
      );
      return res.status === 200 ? true : undefined;
    });

    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({
        templateRef: 'template:default/publish-local',
        values: { name: 'hello-world' },
      });
    expect(created.status).toBe(201);
    const taskId = created.body.id;

    const status = await eventually('the task to finish', async () => {
      const res = await get(`/api/scaffolder/v2/tasks/${taskId}`);
      return ['completed', 'failed'].includes(res.body.status)
        ? res.body.status
        : undefined;
    });
    const events = (await get(`/api/scaffolder/v2/tasks/${taskId}/events`))
      .body;
    if (status !== 'completed') {
      const log = events.map((e: any) => e.body.message).join('\n');
      throw new Error(`The task ${status}:\n${log}`);
    }
    const { output } = events.find((e: any) => e.type === 'completion').body;

    const gitdir = dir.resolve('git/hello-world.git');
    expect(output).toEqual({
      catalogInfoUrl: `file://${gitdir}/blob/main/catalog-info.yaml`,
      commitHash: await git.resolveRef({ fs, gitdir, ref: 'main' }),
      entityRef: 'component:default/hello-world',
    });

    const entity = await eventually(
      'the component in the catalog',
      async () => {
        const res = await get(
          '/api/catalog/entities/by-name/component/default/hello-world',
        );
        return res.status === 200 ? res.body : undefined;
      },
    );
    expect(entity.metadata).toMatchObject({
      name: 'hello-world',
      description: 'Published locally',
      annotations: {
        'backstage.io/managed-by-location': `url:${output.catalogInfoUrl}`,
        'backstage.io/source-template': 'template:default/publish-local',
      },
    });
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'user:default/guest',
    });

    // The catalog refuses file: URLs outside the configured directory.
    const outside = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', auth)
      .query({ dryRun: 'true' })
      .send({ type: 'url', target: `file://${dir.resolve('template.yaml')}` });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toContain('is not allowed');
  });
});
