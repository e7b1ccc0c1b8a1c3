import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Metrics,
  topPods,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { main } from '../cli';
import { demoDataset } from '../demo/demoDataset';
import scaleUpLimitHpa from '../demo/fixtures/k8s-hpa-v2_containerresource-pods_ScaleUpLimit.json';
import walkthroughHpa from '../demo/fixtures/k8s-hpa-v2_kubernetes-website-walkthrough_php-apache.json';
import a100Node from '../demo/fixtures/k8s-node_nvidia-gpu_gfd-labels_8xA100-80GB.json';
import { FakeKubernetesServer } from '../server/FakeKubernetesServer';

const PACKAGE_ROOT = resolve(__dirname, '../..');

/** The reference app's components with their kubernetes-id and environment namespaces. */
function referenceComponents() {
  const text = readFileSync(
    resolve(PACKAGE_ROOT, '../../examples/entities.yaml'),
    'utf8',
  );
  return parseAllDocuments(text)
    .map(document => document.toJSON())
    .filter(
      entity =>
        entity?.kind === 'Component' &&
        entity.metadata.annotations?.['paved.dev/namespace-pattern'],
    )
    .map(entity => {
      const annotations = entity.metadata.annotations;
      return {
        id: annotations['backstage.io/kubernetes-id'] as string,
        namespaces: (annotations['paved.dev/environments'] as string)
          .split(',')
          .map(env =>
            (annotations['paved.dev/namespace-pattern'] as string).replace(
              '{env}',
              env.trim(),
            ),
          ),
      };
    });
}

describe('the demo dataset', () => {
  let server: FakeKubernetesServer;
  beforeAll(async () => {
    server = await FakeKubernetesServer.start({ objects: demoDataset() });
  });
  afterAll(() => server.stop());

  it('has a namespace and pods for every environment of the reference components', async () => {
    const core = server.kubeConfig().makeApiClient(CoreV1Api);
    const namespaces = (await core.listNamespace()).items.map(
      ns => ns.metadata?.name,
    );
    const components = referenceComponents();
    expect(components.map(c => c.id)).toEqual([
      'orders-api',
      'vision-inference',
      'billing-worker',
    ]);
    for (const component of components) {
      expect(namespaces).toEqual(expect.arrayContaining(component.namespaces));
      const pods = await core.listPodForAllNamespaces({
        labelSelector: `backstage.io/kubernetes-id=${component.id}`,
      });
      expect(new Set(pods.items.map(pod => pod.metadata?.namespace))).toEqual(
        new Set(component.namespaces),
      );
    }
  });

  it('reads HPAs through AutoscalingV2Api with quantities as strings and the fixtures currentMetrics', async () => {
    const autoscaling = server.kubeConfig().makeApiClient(AutoscalingV2Api);
    const all = await autoscaling.listHorizontalPodAutoscalerForAllNamespaces();
    const types = new Set(
      all.items.flatMap(hpa => hpa.spec?.metrics?.map(metric => metric.type)),
    );
    expect([...types].sort()).toEqual([
      'ContainerResource',
      'External',
      'Object',
      'Pods',
      'Resource',
    ]);

    const vision = await autoscaling.readNamespacedHorizontalPodAutoscaler({
      name: 'vision-inference',
      namespace: 'vision-inference-prod',
    });
    const [containerMetric, podsMetric] = vision.status!.currentMetrics!;
    expect(containerMetric.containerResource?.current).toEqual({
      averageUtilization: 118,
      averageValue: '1180m',
    });
    expect(podsMetric).toEqual(scaleUpLimitHpa.status.currentMetrics[1]);
    expect(typeof podsMetric.pods?.current.averageValue).toBe('string');
    expect(
      vision.status?.conditions?.map(c => [c.type, c.status, c.reason]),
    ).toEqual(
      scaleUpLimitHpa.status.conditions.map(c => [c.type, c.status, c.reason]),
    );
    expect(vision.status?.conditions?.[0].lastTransitionTime).toEqual(
      new Date('2026-11-22T11:02:30Z'),
    );

    const dev = await autoscaling.readNamespacedHorizontalPodAutoscaler({
      name: 'orders-api',
      namespace: 'orders-api-dev',
    });
    expect(dev.status?.currentMetrics).toEqual(
      walkthroughHpa.status.currentMetrics,
    );
    expect(dev.status?.currentMetrics?.[0].resource?.current.averageValue).toBe(
      '0',
    );

    const staging = await autoscaling.readNamespacedHorizontalPodAutoscaler({
      name: 'orders-api',
      namespace: 'orders-api-staging',
    });
    expect(staging.status?.currentMetrics?.[1]).toEqual({ type: '' });
  });

  it('has GPU nodes with GFD labels, whole GPUs and MIG slices, pods using them and a GPU quota', async () => {
    const core = server.kubeConfig().makeApiClient(CoreV1Api);
    const a100 = await core.readNode({ name: 'gpu-node-1' });
    expect(a100.metadata?.labels).toEqual(a100Node.metadata.labels);
    expect(a100.status?.allocatable?.['nvidia.com/gpu']).toBe('8');
    const [mig] = (
      await core.listNode({ labelSelector: 'nvidia.com/mig.strategy=mixed' })
    ).items;
    expect(mig.status?.capacity).toMatchObject({
      'nvidia.com/gpu': '6',
      'nvidia.com/mig-1g.10gb': '7',
      'nvidia.com/mig-3g.40gb': '2',
    });

    const onMigNode = await core.listPodForAllNamespaces({
      fieldSelector: 'spec.nodeName=gpu-node-2',
    });
    const limits = onMigNode.items.flatMap(pod =>
      pod.spec!.containers.map(c => c.resources?.limits ?? {}),
    );
    expect(limits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ 'nvidia.com/mig-1g.10gb': '1' }),
      ]),
    );

    const [quota] = (
      await core.listNamespacedResourceQuota({
        namespace: 'vision-inference-prod',
      })
    ).items;
    expect(quota.spec?.hard).toMatchObject({
      'requests.nvidia.com/gpu': '8',
      'requests.nvidia.com/mig-1g.10gb': '4',
    });
    expect(quota.status?.used?.['requests.nvidia.com/gpu']).toBe('4');
  });

  it('has an Argo CD Application per component environment', async () => {
    const custom = server.kubeConfig().makeApiClient(CustomObjectsApi);
    const apps = await custom.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argocd',
      plural: 'applications',
      labelSelector: 'app.kubernetes.io/instance=orders-api',
    });
    expect(
      apps.items.map((app: any) => [
        app.metadata.name,
        app.status.sync.status,
        app.status.health.status,
      ]),
    ).toEqual([
      ['orders-api-dev', 'Synced', 'Healthy'],
      ['orders-api-prod', 'OutOfSync', 'Healthy'],
      ['orders-api-staging', 'Synced', 'Progressing'],
    ]);
    const byName = await custom.getNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argocd',
      plural: 'applications',
      name: 'vision-inference-prod',
    });
    expect(byName.spec.destination.namespace).toBe('vision-inference-prod');
  });

  it('serves pod metrics the way metrics-server does, and only for reading', async () => {
    const kubeConfig = server.kubeConfig();
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const metrics = new Metrics(kubeConfig);
    const usage = await metrics.getPodMetrics('orders-api-prod');
    expect(usage.items).toHaveLength(6);
    const top = await topPods(core, metrics, 'orders-api-prod');
    expect(top).toHaveLength(6);
    expect(top[0].CPU.CurrentUsage).toBeGreaterThan(0);
    const write = await fetch(
      `${server.url}/apis/metrics.k8s.io/v1beta1/namespaces/orders-api-prod/pods`,
      {
        method: 'POST',
        body: '{}',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    expect(write.status).toBe(405);
  });
});

describe('the demo cluster CLI', () => {
  it('starts with the demo dataset and writes a kubeconfig that works', async () => {
    const kubeconfigPath = join(
      mkdtempSync(join(tmpdir(), 'fake-kube-')),
      'config',
    );
    const writes = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation(() => true);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const server = await main([
      '--kubeconfig',
      kubeconfigPath,
      '--token',
      's3cret',
    ]);
    try {
      expect(writes).toHaveBeenCalledWith(`${server!.url}\n`);
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(kubeconfigPath);
      const namespaces = await kubeConfig
        .makeApiClient(CoreV1Api)
        .listNamespace();
      expect(namespaces.items.map(ns => ns.metadata?.name)).toContain(
        'vision-inference-prod',
      );
    } finally {
      jest.restoreAllMocks();
      await server!.stop();
    }
  });

  it('runs from its bin entry without a build and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [join(PACKAGE_ROOT, 'bin/fake-kube.cjs'), '--empty'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const url = await new Promise<string>((resolveUrl, reject) => {
      let output = '';
      child.stdout.on('data', chunk => {
        output += chunk;
        if (output.includes('\n')) resolveUrl(output.split('\n')[0]);
      });
      child.on('exit', code => reject(new Error(`exited ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const version = await (await fetch(`${url}/version`)).json();
    expect(version).toMatchObject({ major: '1', minor: '34' });
    const exited = new Promise(resolveExit => child.on('exit', resolveExit));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
