import {
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { FakeKubernetesServer } from '../server/FakeKubernetesServer';

const labels = {
  'app.kubernetes.io/part-of': 'orders-api',
  'paved.dev/environment': 'qa',
};
const namespace = 'orders-api-qa';

/** What an environment-provisioning action applies, in order. */
const environment: KubernetesObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels },
  },
  {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute', namespace, labels },
    spec: {
      hard: {
        'requests.cpu': '8',
        'requests.nvidia.com/gpu': '2',
        'requests.nvidia.com/mig-1g.10gb': '4',
      },
    },
  } as KubernetesObject,
  {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'defaults', namespace, labels },
    spec: {
      limits: [
        { type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' } },
      ],
    },
  } as KubernetesObject,
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace, labels },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  } as KubernetesObject,
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'product-team-edit', namespace, labels },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'edit',
    },
    subjects: [
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'product-team',
      },
    ],
  } as KubernetesObject,
  {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'orders-api-qa', namespace: 'argocd', labels },
    spec: {
      project: 'orders-api',
      destination: { server: 'https://kubernetes.default.svc', namespace },
    },
  } as KubernetesObject,
];

describe('an idempotent environment provisioning, as the scaffolder actions will do it', () => {
  let server: FakeKubernetesServer;
  let objects: KubernetesObjectApi;
  const applyAll = async () => {
    for (const object of environment) {
      await objects.patch(
        object,
        undefined,
        undefined,
        'paved',
        true,
        PatchStrategy.ServerSideApply,
      );
    }
  };
  beforeAll(async () => {
    server = await FakeKubernetesServer.start({
      objects: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: argocd}',
    });
    objects = KubernetesObjectApi.makeApiClient(server.kubeConfig());
  });
  afterAll(() => server.stop());

  it('creates everything once, changes nothing the second time, and tears down by labels', async () => {
    await applyAll();
    expect(
      server.accounting.writes.map(write => [write.resource, write.status]),
    ).toEqual([
      ['namespaces', 201],
      ['resourcequotas', 201],
      ['limitranges', 201],
      ['networkpolicies', 201],
      ['rolebindings', 201],
      ['applications', 201],
    ]);

    server.accounting.reset();
    await applyAll();
    server.assertNoWrites();
    expect(server.accounting.writeAttempts).toHaveLength(6);

    const core = server.kubeConfig().makeApiClient(CoreV1Api);
    const custom = server.kubeConfig().makeApiClient(CustomObjectsApi);
    const selector =
      'paved.dev/environment=qa,app.kubernetes.io/part-of=orders-api';
    await custom.deleteCollectionNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argocd',
      plural: 'applications',
      labelSelector: selector,
    });
    // Namespaces have no deletecollection (405): list and delete each, as kubectl does.
    const collection = await fetch(
      `${server.url}/api/v1/namespaces?labelSelector=${encodeURIComponent(
        selector,
      )}`,
      {
        method: 'DELETE',
      },
    );
    expect(collection.status).toBe(405);
    for (const ns of (await core.listNamespace({ labelSelector: selector }))
      .items) {
      await core.deleteNamespace({ name: ns.metadata!.name! });
    }
    expect(
      (await core.listNamespace({ labelSelector: selector })).items,
    ).toEqual([]);
    expect(server.listObjects('v1', 'ResourceQuota')).toEqual([]);
    expect(server.listObjects('argoproj.io/v1alpha1', 'Application')).toEqual(
      [],
    );
    expect(server.getObject('v1', 'Namespace', 'argocd')).toBeDefined();
  });

  it('answers 405 and 404 Status objects for what the API does not serve', async () => {
    const put = await fetch(
      `${server.url}/api/v1/namespaces/default/configmaps`,
      { method: 'PUT', body: '{}' },
    );
    expect(put.status).toBe(405);
    expect(await put.json()).toMatchObject({
      kind: 'Status',
      reason: 'MethodNotAllowed',
      code: 405,
    });
    const unknown = await fetch(`${server.url}/apis/example.com/v1/widgets`);
    expect(await unknown.json()).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
      code: 404,
    });
  });
});
