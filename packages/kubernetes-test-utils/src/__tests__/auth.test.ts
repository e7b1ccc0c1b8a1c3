import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { FakeKubernetesServer } from '../server/FakeKubernetesServer';
import { statusOf } from './testing';

describe('bearer tokens and rules', () => {
  let server: FakeKubernetesServer;
  beforeAll(async () => {
    server = await FakeKubernetesServer.start({
      users: [
        { token: 'admin-token', name: 'admin' },
        {
          token: 'reader-token',
          name: 'system:serviceaccount:paved:reader',
          rules: [
            {
              verbs: ['get', 'list'],
              resources: ['pods'],
              namespaces: ['orders-api-prod'],
            },
          ],
        },
      ],
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'orders-api-prod' },
        },
      ],
    });
  });
  afterAll(() => server.stop());

  it('answers 401 without a valid token', async () => {
    const core = server.kubeConfig({ token: 'wrong' }).makeApiClient(CoreV1Api);
    // The generated client drops 401 bodies; the raw answer carries the Status.
    expect((await statusOf(core.listNamespace())).code).toBe(401);
    const response = await fetch(`${server.url}/api/v1/namespaces`, {
      headers: { Authorization: 'Bearer wrong' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    expect((await fetch(`${server.url}/version`)).status).toBe(200);
  });

  it('lets a user without rules do anything (the first user is the kubeconfig default)', async () => {
    const core = server.kubeConfig().makeApiClient(CoreV1Api);
    await expect(core.listPodForAllNamespaces()).resolves.toBeDefined();
    expect(server.accounting.log.at(-1)?.user).toBe('admin');
  });

  it('answers 403 with the API server wording outside a user rules', async () => {
    const kubeConfig = server.kubeConfig({ token: 'reader-token' });
    const core = kubeConfig.makeApiClient(CoreV1Api);
    await expect(
      core.listNamespacedPod({ namespace: 'orders-api-prod' }),
    ).resolves.toBeDefined();
    expect(await statusOf(core.listPodForAllNamespaces())).toMatchObject({
      code: 403,
      body: {
        reason: 'Forbidden',
        message:
          'pods is forbidden: User "system:serviceaccount:paved:reader" cannot list resource "pods" in API group "" at the cluster scope',
        details: { kind: 'pods' },
      },
    });
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    expect(
      (
        await statusOf(
          apps.readNamespacedDeployment({
            name: 'web',
            namespace: 'orders-api-prod',
          }),
        )
      ).body,
    ).toMatchObject({
      message:
        'deployments.apps "web" is forbidden: User "system:serviceaccount:paved:reader" cannot get resource "deployments" in API group "apps" in the namespace "orders-api-prod"',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
      code: 403,
    });
    const write = await statusOf(
      core.createNamespacedPod({
        namespace: 'orders-api-prod',
        body: { metadata: { name: 'p' }, spec: { containers: [] } },
      }),
    );
    expect(write.code).toBe(403);
  });
});
