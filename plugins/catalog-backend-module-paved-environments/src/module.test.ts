import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventually } from '@paved/kubernetes-test-utils';
import request from 'supertest';
import catalogModulePavedEnvironments from '.';
import {
  request as environmentRequest,
  startClusters,
} from './__testUtils__/fakeClusters';

describe('catalogModulePavedEnvironments in a backend', () => {
  const directory = createMockDirectory();
  let clusters: Awaited<ReturnType<typeof startClusters>>;

  beforeEach(async () => {
    clusters = await startClusters();
  });

  afterEach(async () => {
    await clusters.stop();
  });

  async function startBackend() {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePavedEnvironments,
        mockServices.rootConfig.factory({
          data: {
            ...clusters.configData,
            backend: {
              baseUrl: 'http://localhost:7007',
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
            catalog: {
              rules: [{ allow: ['Component'] }],
              locations: [
                {
                  type: 'file',
                  target: directory.resolve('catalog-info.yaml'),
                },
              ],
            },
          },
        }),
      ],
    });
    return server;
  }

  it('puts the environment on the component: a Resource that is a dependency of it', async () => {
    directory.setContent({
      'catalog-info.yaml': [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata: { name: orders-api }',
        'spec: { type: service, lifecycle: production, owner: group:default/team-a }',
      ].join('\n'),
    });
    await clusters
      .provisioner()
      .provision(environmentRequest('orders-api', 'pr-42', 'demo'));
    const server = await startBackend();
    const get = (url: string) =>
      request(server)
        .get(url)
        .set('Authorization', mockCredentials.user.header());

    const environment = await eventually('the environment', async () => {
      const res = await get(
        '/api/catalog/entities/by-name/resource/demo/orders-api-pr-42',
      );
      return res.status === 200 && res.body.relations?.length
        ? res.body
        : undefined;
    });
    expect(environment.spec).toEqual({
      type: 'environment',
      owner: 'group:default/team-a',
      dependencyOf: ['component:default/orders-api'],
    });
    expect(environment.relations).toEqual(
      expect.arrayContaining([
        { type: 'dependencyOf', targetRef: 'component:default/orders-api' },
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
      ]),
    );
    const component = await eventually('the component', async () => {
      const res = await get(
        '/api/catalog/entities/by-name/component/default/orders-api',
      );
      const dependsOn = res.body?.relations?.some(
        (r: { type: string }) => r.type === 'dependsOn',
      );
      return res.status === 200 && dependsOn ? res.body : undefined;
    });
    expect(component.relations).toContainEqual({
      type: 'dependsOn',
      targetRef: 'resource:demo/orders-api-pr-42',
    });
  });

  it('sweeps an expired preview at start-up, and the catalog drops it', async () => {
    directory.setContent({
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: orders-api }\nspec: { type: service, lifecycle: production, owner: group:default/team-a }\n',
    });
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await clusters
      .provisioner(twoHoursAgo)
      .provision(
        environmentRequest('orders-api', 'pr-1', 'demo', { ttl: '1h' }),
      );
    await clusters
      .provisioner()
      .provision(environmentRequest('orders-api', 'staging', 'demo'));
    const server = await startBackend();
    const status = (url: string) =>
      request(server)
        .get(url)
        .set('Authorization', mockCredentials.user.header())
        .then(res => res.status);

    await eventually('the sweep and the refresh after it', async () => {
      const gone =
        !clusters.servers.demo.getObject(
          'v1',
          'Namespace',
          'orders-api-pr-1',
        ) &&
        (await status(
          '/api/catalog/entities/by-name/resource/demo/orders-api-pr-1',
        )) === 404 &&
        (await status(
          '/api/catalog/entities/by-name/resource/demo/orders-api-staging',
        )) === 200;
      return gone || undefined;
    });
    expect(
      clusters.servers.demo.getObject('v1', 'Namespace', 'orders-api-staging'),
    ).toBeDefined();
  });
});
