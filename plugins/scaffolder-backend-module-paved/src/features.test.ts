import fs from 'node:fs';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { eventually } from '@paved/kubernetes-test-utils';
import git from 'isomorphic-git';
import request from 'supertest';
import yaml from 'yaml';
import pavedScaffolderFeatures, {
  LocalGitDirectory,
  localGitDirectoryServiceRef,
} from '.';

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
        // An executable and a symbolic link, which must survive publish → checkout → branch.
        id: 'skeleton',
        action: 'fetch:plain',
        input: { url: './skeleton' },
      },
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

/** Checks the component out from its catalog entry, changes it and proposes the change. */
const proposeTemplate = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'propose-local' },
  spec: {
    owner: 'user:default/guest',
    type: 'service',
    parameters: [{ properties: { component: { type: 'string' } } }],
    steps: [
      {
        id: 'entity',
        action: 'catalog:fetch',
        input: { entityRef: '${{ parameters.component }}' },
      },
      {
        id: 'checkout',
        action: 'fetch:plain',
        input: {
          // The same expression as the Paved environment template (templates/service/environment.yaml).
          url: "${{ (steps.entity.output.entity.metadata.annotations['backstage.io/source-location'] or (steps.entity.output.entity.metadata.annotations['backstage.io/managed-by-location'] | replace(r/[^\\/]*$/, ''))) | replace(r/^url:/, '') }}",
        },
      },
      {
        id: 'change',
        action: 'catalog:write',
        input: {
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'hello-world', description: 'Changed' },
            spec: {
              type: 'service',
              lifecycle: 'experimental',
              owner: 'user:default/guest',
            },
          },
        },
      },
      {
        id: 'propose',
        action: 'paved:publish:local:branch',
        input: {
          entityRef: '${{ parameters.component }}',
          branchName: 'change-description',
          commitMessage: 'Change the description',
        },
      },
    ],
    output: {
      branchUrl: '${{ steps.propose.output.branchUrl }}',
      commitHash: '${{ steps.propose.output.commitHash }}',
      compareSummary: '${{ steps.propose.output.compareSummary }}',
    },
  },
};

describe('pavedScaffolderFeatures', () => {
  const dir = createMockDirectory({
    content: {
      'template.yaml': yaml.stringify(template),
      'propose.yaml': yaml.stringify(proposeTemplate),
      'skeleton/bin/run.sh': '#!/bin/sh\necho hello\n',
      'skeleton/bin/latest': ({ symlink }) => symlink('run.sh'),
    },
  });
  beforeAll(() => fs.chmodSync(dir.resolve('skeleton/bin/run.sh'), 0o755));

  it('publishes from a real template run, the real catalog reads it back and a change is proposed on a branch', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        pavedScaffolderFeatures,
        // Config names no directory: the actions and the catalog's reader find the repositories
        // only if both use the one injected directory.
        createServiceFactory({
          service: localGitDirectoryServiceRef,
          deps: {},
          factory: () =>
            LocalGitDirectory.create({ directory: dir.resolve('git') }),
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
            catalog: {
              rules: [{ allow: ['Component', 'Location', 'Template'] }],
              locations: [
                { type: 'file', target: dir.resolve('template.yaml') },
                { type: 'file', target: dir.resolve('propose.yaml') },
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

    const run = async (
      templateRef: string,
      values: Record<string, unknown>,
    ) => {
      const created = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', auth)
        .send({ templateRef, values });
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
      return events.find((e: any) => e.type === 'completion').body.output;
    };

    const output = await run('template:default/publish-local', {
      name: 'hello-world',
    });

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

    // There is no SCM integration for file: URLs, so the catalog derives no source-location;
    // templates that check a component out fall back to the folder of its managed-by-location.
    expect(entity.metadata.annotations).not.toHaveProperty(
      'backstage.io/source-location',
    );

    // Check the component out through its catalog entry, change it and propose the change.
    await eventually('the second template in the catalog', async () => {
      const res = await get(
        '/api/catalog/entities/by-name/template/default/propose-local',
      );
      return res.status === 200 ? true : undefined;
    });
    const proposed = await run('template:default/propose-local', {
      component: 'component:default/hello-world',
    });
    expect(proposed).toEqual({
      branchUrl: `file://${gitdir}/tree/change-description/`,
      commitHash: await git.resolveRef({
        fs,
        gitdir,
        ref: 'change-description',
      }),
      compareSummary: expect.objectContaining({
        baseBranch: 'main',
        baseCommit: output.commitHash,
        files: [{ status: 'modified', path: 'catalog-info.yaml' }],
      }),
    });
    const { commit } = await git.readCommit({
      fs,
      gitdir,
      oid: proposed.commitHash,
    });
    expect(commit.parent).toEqual([output.commitHash]);
    const { tree: bin } = await git.readTree({
      fs,
      gitdir,
      oid: proposed.commitHash,
      filepath: 'bin',
    });
    expect(bin.map(e => [e.path, e.mode])).toEqual([
      ['latest', '120000'],
      ['run.sh', '100755'],
    ]);
    expect(await git.resolveRef({ fs, gitdir, ref: 'main' })).toBe(
      output.commitHash,
    );

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
