import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import {
  FakeKubernetesServer,
  demoDataset,
} from '@paved/kubernetes-test-utils';
import { RuntimeState } from '@paved/plugin-paved-runtime-common';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { PAVED_RUNTIME_ACTION_ID } from '@paved/plugin-paved-runtime-common';
import request from 'supertest';
import {
  CatalogCall,
  component,
  fakeCatalog,
} from './__testUtils__/fakeCatalog';
import { pavedRuntimePlugin } from './plugin';

describe('GET /api/paved-runtime/v1/entities/:kind/:namespace/:name', () => {
  let cluster: FakeKubernetesServer;
  beforeAll(async () => {
    cluster = await FakeKubernetesServer.start({
      objects: demoDataset(),
      users: [{ token: 'demo-token', name: 'backstage' }],
    });
  });
  afterAll(() => cluster.stop());

  async function start(calls: CatalogCall[] = []) {
    const { server } = await startTestBackend({
      features: [
        pavedRuntimePlugin,
        // The real registry, which serves actions over HTTP as MCP clients reach them.
        actionsRegistryServiceFactory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        fakeCatalog({
          entities: [component('orders-api'), component('secret-service')],
          readers: { 'component:default/secret-service': ['user:default/bob'] },
          calls,
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'demo',
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'demo-token',
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
            paved: { runtime: { clusters: { demo: { environment: 'dev' } } } },
          },
        }),
      ],
    });
    return server;
  }

  it('answers 401 without credentials', async () => {
    const server = await start();
    const res = await request(server).get(
      '/api/paved-runtime/v1/entities/component/default/orders-api',
    );
    expect(res.status).toBe(401);
  });

  it('answers 400 naming the malformed part', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/paved-runtime/v1/entities/component/default/not%20valid')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("name: 'not valid'");
  });

  it('reads the entity with the caller credentials: 404 for missing and unreadable', async () => {
    const calls: CatalogCall[] = [];
    const server = await start(calls);
    const alice = mockCredentials.user.header('user:default/alice');
    for (const name of ['nope', 'secret-service']) {
      const res = await request(server)
        .get(`/api/paved-runtime/v1/entities/component/default/${name}`)
        .set('Authorization', alice);
      expect(res.status).toBe(404);
    }
    expect(calls.map(c => c.principal)).toEqual([
      expect.objectContaining({ userEntityRef: 'user:default/alice' }),
      expect.objectContaining({ userEntityRef: 'user:default/alice' }),
    ]);
    const bob = await request(server)
      .get('/api/paved-runtime/v1/entities/component/default/secret-service')
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(bob.status).toBe(200);
  });

  it('remembers what a caller may read per caller, never a refusal', async () => {
    const calls: CatalogCall[] = [];
    const server = await start(calls);
    const get = (user: string) =>
      request(server)
        .get('/api/paved-runtime/v1/entities/component/default/secret-service')
        .set('Authorization', mockCredentials.user.header(user));
    expect((await get('user:default/bob')).status).toBe(200);
    expect((await get('user:default/bob')).status).toBe(200);
    expect((await get('user:default/alice')).status).toBe(404);
    expect((await get('user:default/alice')).status).toBe(404);
    expect(
      calls.map(c => (c.principal as { userEntityRef: string }).userEntityRef),
    ).toEqual(['user:default/bob', 'user:default/alice', 'user:default/alice']);
  });

  it('returns the environments of the demo cluster', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/paved-runtime/v1/entities/component/default/orders-api')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const state = res.body as RuntimeState;
    expect(state.entityRef).toBe('component:default/orders-api');
    expect(state.errors).toEqual([]);
    expect(state.environments.map(e => [e.name, e.namespace])).toEqual([
      ['dev', 'orders-api-dev'],
      ['prod', 'orders-api-prod'],
      ['staging', 'orders-api-staging'],
    ]);
    const prod = state.environments.find(e => e.name === 'prod')!;
    expect(prod.hpas[0]).toMatchObject({ atMax: true, history: [] });
    expect(prod.alerts.status).toBe('not-configured');
    expect(prod.argocd).toMatchObject({ application: 'orders-api-prod' });
  });

  it('answers gzip when accepted, with an ETag, and 304 to a matching If-None-Match', async () => {
    const server = await start();
    const path = '/api/paved-runtime/v1/entities/component/default/orders-api';
    const alice = mockCredentials.user.header('user:default/alice');
    const first = await request(server)
      .get(path)
      .set('Authorization', alice)
      .set('Accept-Encoding', 'gzip');
    expect(first.status).toBe(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers.vary).toMatch(/Accept-Encoding/);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);

    const plain = await request(server)
      .get(path)
      .set('Authorization', alice)
      .set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.etag).toBe(etag);
    expect(plain.body).toEqual(first.body);
    expect(JSON.parse(plain.text)).toEqual(first.body);

    const again = await request(server)
      .get(path)
      .set('Authorization', alice)
      .set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const other = await request(server)
      .get(path)
      .set('Authorization', alice)
      .set('If-None-Match', '"something-else"');
    expect(other.status).toBe(200);
  });

  it('checks credentials and permission before answering 304', async () => {
    const server = await start();
    const path =
      '/api/paved-runtime/v1/entities/component/default/secret-service';
    const bob = await request(server)
      .get(path)
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(bob.status).toBe(200);
    const etag = bob.headers.etag;
    const anonymous = await request(server)
      .get(path)
      .set('If-None-Match', etag);
    expect(anonymous.status).toBe(401);
    const alice = await request(server)
      .get(path)
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .set('If-None-Match', etag);
    expect(alice.status).toBe(404);
  });

  describe(`the ${PAVED_RUNTIME_ACTION_ID} action`, () => {
    const invoke = (server: any, user: string, entityRef: string) =>
      request(server)
        .post(
          `/api/paved-runtime/.backstage/actions/v1/actions/paved-runtime:${PAVED_RUNTIME_ACTION_ID}/invoke`,
        )
        .set('Authorization', mockCredentials.user.header(user))
        .send({ entityRef });

    it('answers what the HTTP API answers, for a short ref too', async () => {
      const server = await start();
      const res = await invoke(server, 'user:default/alice', 'orders-api');
      expect(res.status).toBe(200);
      const state = res.body.output as RuntimeState;
      expect(state.entityRef).toBe('component:default/orders-api');
      expect(state.environments.map(e => e.name).sort()).toEqual([
        'dev',
        'prod',
        'staging',
      ]);
      const api = await request(server)
        .get('/api/paved-runtime/v1/entities/component/default/orders-api')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/alice'),
        );
      expect(api.body).toEqual(state);
    });

    it('reads with the caller credentials and names a bad ref', async () => {
      const calls: CatalogCall[] = [];
      const server = await start(calls);
      const secret = 'component:default/secret-service';
      expect((await invoke(server, 'user:default/alice', secret)).status).toBe(
        404,
      );
      expect((await invoke(server, 'user:default/bob', secret)).status).toBe(
        200,
      );
      expect(
        calls.map(
          c => (c.principal as { userEntityRef: string }).userEntityRef,
        ),
      ).toEqual(['user:default/alice', 'user:default/bob']);
      const bad = await invoke(server, 'user:default/bob', 'component:x/');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('entityRef');
    });
  });
});
