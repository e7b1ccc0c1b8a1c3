import {
  AppsV1Api,
  AutoscalingV2Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  NetworkingV1Api,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  V1Deployment,
} from '@kubernetes/client-node';
import { FakeKubernetesServer } from '../server/FakeKubernetesServer';
import { statusOf, teamEditBinding } from './testing';

const deployment: V1Deployment = {
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            env: [{ name: 'A', value: '1' }],
          },
          { name: 'sidecar', image: 'envoy:1.31' },
        ],
      },
    },
  },
};

describe('typed APIs of other groups, and custom resources', () => {
  let server: FakeKubernetesServer;
  beforeEach(async () => {
    server = await FakeKubernetesServer.start();
  });
  afterEach(() => server.stop());

  it('apps/v1: defaults, generation, strategic merge by container name, JSON patch', async () => {
    const apps = server.kubeConfig().makeApiClient(AppsV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment,
    });
    expect(created.spec?.replicas).toBe(1);
    expect(created.spec?.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
    expect(created.metadata?.generation).toBe(1);

    const patched = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'default',
        body: {
          spec: {
            template: {
              spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] },
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const containers = patched.spec?.template.spec?.containers ?? [];
    expect(containers.map(c => [c.name, c.image])).toEqual([
      ['web', 'nginx:1.28'],
      ['sidecar', 'envoy:1.31'],
    ]);
    expect(containers[0].env).toEqual([{ name: 'A', value: '1' }]);
    expect(patched.metadata?.generation).toBe(2);

    const scaled = await apps.patchNamespacedDeployment({
      name: 'web',
      namespace: 'default',
      body: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
    });
    expect(scaled.spec?.replicas).toBe(3);
    const failedTest = await statusOf(
      apps.patchNamespacedDeployment({
        name: 'web',
        namespace: 'default',
        body: [{ op: 'test', path: '/spec/replicas', value: 9 }],
      }),
    );
    expect(failedTest.code).toBe(422);
    expect(server.accounting.counts().writes).toEqual({
      'create deployments.apps': 1,
      'patch deployments.apps': 2,
    });
  });

  it('autoscaling/v2: an HPA keeps its metrics, quantities as strings', async () => {
    const autoscaling = server.kubeConfig().makeApiClient(AutoscalingV2Api);
    await autoscaling.createNamespacedHorizontalPodAutoscaler({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
          },
          maxReplicas: 5,
          metrics: [
            {
              type: 'Pods',
              pods: {
                metric: { name: 'rps' },
                target: { type: 'AverageValue', averageValue: '50k' },
              },
            },
          ],
        },
      },
    });
    const read = await autoscaling.readNamespacedHorizontalPodAutoscaler({
      name: 'web',
      namespace: 'default',
    });
    expect(read.spec?.minReplicas).toBe(1);
    expect(read.spec?.metrics?.[0].pods?.target.averageValue).toBe('50k');
    expect(read.status).toBeUndefined();
  });

  it('networking/v1 and rbac/v1: defaults and RBAC name rules', async () => {
    const networking = server.kubeConfig().makeApiClient(NetworkingV1Api);
    const policy = await networking.createNamespacedNetworkPolicy({
      namespace: 'default',
      body: {
        metadata: { name: 'deny-all' },
        spec: { podSelector: {}, egress: [] },
      },
    });
    expect(policy.spec?.policyTypes).toEqual(['Ingress', 'Egress']);

    const rbac = server.kubeConfig().makeApiClient(RbacAuthorizationV1Api);
    const binding = await rbac.createNamespacedRoleBinding({
      namespace: 'default',
      body: teamEditBinding('team:product-team:edit'),
    });
    expect(binding.metadata?.name).toBe('team:product-team:edit');
    const slash = await statusOf(
      rbac.createClusterRole({
        body: { metadata: { name: 'a/b' }, rules: [] },
      }),
    );
    expect(slash.body.message).toBe(
      'ClusterRole.rbac.authorization.k8s.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain \'/\'',
    );
  });

  it('custom resources through CustomObjectsApi: Argo CD Applications', async () => {
    const custom = server.kubeConfig().makeApiClient(CustomObjectsApi);
    await custom.createNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'applications',
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: 'orders-api-dev',
          labels: { 'backstage.io/kubernetes-id': 'orders-api' },
        },
        spec: {
          project: 'default',
          destination: { namespace: 'orders-api-dev' },
        },
        status: { sync: { status: 'Synced' } },
      },
    });
    const list = await custom.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'applications',
      labelSelector: 'backstage.io/kubernetes-id=orders-api',
    });
    // Custom resources keep apiVersion/kind in list items (built-in kinds do not); no status subresource.
    expect(list.items).toEqual([
      expect.objectContaining({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        status: { sync: { status: 'Synced' } },
      }),
    ]);
    const merged = await custom.patchNamespacedCustomObject(
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'default',
        plural: 'applications',
        name: 'orders-api-dev',
        body: { spec: { project: 'orders-api' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.spec).toEqual({
      project: 'orders-api',
      destination: { namespace: 'orders-api-dev' },
    });
    const strategic = await statusOf(
      custom.patchNamespacedCustomObject(
        {
          group: 'argoproj.io',
          version: 'v1alpha1',
          namespace: 'default',
          plural: 'applications',
          name: 'orders-api-dev',
          body: { spec: {} },
        },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(strategic.code).toBe(415);
    const deleted = await custom.deleteNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'applications',
      name: 'orders-api-dev',
    });
    expect(deleted).toMatchObject({
      kind: 'Application',
      metadata: { name: 'orders-api-dev' },
    });
  });

  it('serves the kinds of a CustomResourceDefinition once it is created, and drops them with it', async () => {
    const objects = KubernetesObjectApi.makeApiClient(server.kubeConfig());
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: { status: {} },
          },
        ],
      },
    };
    await objects.create(crd);
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'default' },
      spec: { size: 1 },
    };
    await objects.create(widget);
    const applied = await objects.patch(
      { ...widget, spec: { size: 2 } },
      undefined,
      undefined,
      'paved',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect(applied).toMatchObject({ spec: { size: 2 } });
    expect(
      (await objects.list('example.com/v1', 'Widget', 'default')).items,
    ).toHaveLength(1);
    await objects.delete(crd);
    expect(
      server.listObjects('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
    ).toEqual([]);
    expect(() => server.listObjects('example.com/v1', 'Widget')).toThrow(
      'no kind Widget in example.com/v1 is served',
    );
  });
});
