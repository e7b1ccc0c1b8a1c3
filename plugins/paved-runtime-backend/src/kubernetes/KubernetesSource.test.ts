import { mockServices } from '@backstage/backend-test-utils';
import {
  FakeKubernetesServer,
  demoDataset,
} from '@paved/kubernetes-test-utils';
import { clusterOf } from '../__testUtils__/clusters';
import { SourceCache } from '../SourceCache';
import { KubernetesSource } from './KubernetesSource';

describe('KubernetesSource', () => {
  let server: FakeKubernetesServer;
  const source = KubernetesSource.create({
    timeoutMs: 1500,
    cache: SourceCache.create({
      cache: mockServices.cache.mock(),
      ttlSeconds: 0,
    }),
  });
  const orders = { labelSelector: 'backstage.io/kubernetes-id=orders-api' };
  const vision = {
    labelSelector: 'backstage.io/kubernetes-id=vision-inference',
  };

  beforeAll(async () => {
    server = await FakeKubernetesServer.start({
      objects: demoDataset(),
      users: [{ token: 'demo-token', name: 'backstage' }],
    });
  });
  afterAll(() => server.stop());
  afterEach(() => server.faults.clear());

  it('keeps its connections to a cluster open between reads', async () => {
    const cluster = clusterOf(server);
    await source.read(cluster, orders);
    const afterFirst = server.connectionsAccepted;
    await source.read(cluster, orders);
    await source.read(cluster, orders);
    // The client alone would open one connection per list, seven a read.
    expect(server.connectionsAccepted - afterFirst).toBeLessThan(7);
  });

  it('reads HPAs of every metric type, indexing currentMetrics by spec position', async () => {
    const snapshot = await source.read(clusterOf(server), orders);
    expect(snapshot.errors).toEqual([]);
    const byNs = Object.fromEntries(
      snapshot.environments.map(e => [e.namespace, e]),
    );
    const staging = byNs['orders-api-staging'].hpas[0];
    // The Object metric failed: the controller left {type: ""} in its place.
    expect(staging.metrics.map(m => [m.type, m.current === null])).toEqual([
      ['Resource', false],
      ['Object', true],
    ]);
    expect(staging.conditions.map(c => c.reason)).toContain('TooFewReplicas');
    const prod = byNs['orders-api-prod'].hpas[0];
    expect(prod.atMax).toBe(true);
    expect(prod.currentReplicas).toBe(prod.maxReplicas);
    expect(prod.metrics.map(m => m.type)).toEqual([
      'Resource',
      'Resource',
      'Pods',
    ]);
    expect(typeof prod.metrics[0].current?.averageUtilization).toBe('number');
    expect(byNs['orders-api-dev'].argocd).toMatchObject({
      application: 'orders-api-dev',
    });
    expect(byNs['orders-api-prod'].name).toBe('prod');
  });

  it('reads KEDA External metrics, ContainerResource and behavior', async () => {
    const billing = await source.read(clusterOf(server), {
      labelSelector: 'backstage.io/kubernetes-id=billing-worker',
    });
    const types = billing.environments.flatMap(e =>
      e.hpas.flatMap(h => h.metrics.map(m => m.type)),
    );
    expect(types).toContain('External');
    const visionState = await source.read(clusterOf(server), vision);
    const hpa = visionState.environments.find(
      e => e.namespace === 'vision-inference-prod',
    )!.hpas[0];
    expect(hpa.metrics.map(m => m.type)).toEqual(
      expect.arrayContaining(['ContainerResource', 'Pods']),
    );
  });

  it('reads GPU workloads, nodes with GFD labels and quotas', async () => {
    const snapshot = await source.read(clusterOf(server), vision);
    const prod = snapshot.environments.find(
      e => e.namespace === 'vision-inference-prod',
    )!;
    const resources = prod.gpu.workloads.map(w => [w.kind, w.name, w.resource]);
    expect(resources).toEqual(
      expect.arrayContaining([
        ['Deployment', 'vision-inference', 'nvidia.com/gpu'],
        ['Deployment', 'vision-inference', 'nvidia.com/mig-1g.10gb'],
      ]),
    );
    const a100 = prod.gpu.nodes.find(n => n.name === 'gpu-node-1')!;
    expect(a100).toMatchObject({
      product: 'NVIDIA-A100-SXM4-80GB',
      memoryBytes: 81920 * 1024 * 1024,
      capacity: { 'nvidia.com/gpu': 8 },
      sharing: { strategy: 'none', timeSlicingReplicas: 1 },
    });
    expect(a100.allocated['nvidia.com/gpu']).toBeGreaterThan(0);
    const h100 = prod.gpu.nodes.find(n => n.name === 'gpu-node-2')!;
    expect(h100.sharing.migStrategy).toBe('mixed');
    expect(h100.capacity['nvidia.com/mig-1g.10gb']).toBe(7);
    expect(prod.gpu.quota?.hard['requests.nvidia.com/gpu']).toBe('8');
    expect(prod.gpu.quota?.used['requests.nvidia.com/gpu']).toBe('4');
  });

  it('keeps to backstage.io/kubernetes-namespace', async () => {
    const snapshot = await source.read(clusterOf(server), {
      ...orders,
      namespace: 'orders-api-prod',
    });
    expect(snapshot.environments.map(e => e.namespace)).toEqual([
      'orders-api-prod',
    ]);
  });

  it.each([
    ['hang', () => server.faults.hang(), 'timeout'],
    ['500', () => server.faults.fail(500), 'bad-response'],
    ['malformed JSON', () => server.faults.malformed(), 'bad-response'],
    ['401', () => server.faults.fail(401), 'unauthorized'],
  ])(
    'turns a cluster that answers %s into one error per source',
    async (_, inject, kind) => {
      inject();
      const started = Date.now();
      const snapshot = await source.read(clusterOf(server), orders);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(snapshot.environments).toEqual([]);
      // Argo CD's Applications are their own source, failing the same way.
      expect(snapshot.errors).toEqual([
        {
          source: 'kubernetes',
          cluster: 'demo',
          kind,
          message: expect.stringContaining('list pods'),
        },
        {
          source: 'argocd',
          cluster: 'demo',
          kind,
          message: expect.stringContaining('list argoproj.io applications'),
        },
      ]);
      expect(JSON.stringify(snapshot.errors)).not.toMatch(
        /demo-token|at .*\.ts/,
      );
    },
  );

  it('reports a wrong token as unauthorized and a stopped cluster as unreachable', async () => {
    const wrong = clusterOf(server);
    wrong.kubeConfig = server.kubeConfig({ token: 'wrong' });
    expect((await source.read(wrong, orders)).errors[0].kind).toBe(
      'unauthorized',
    );
    const down = await FakeKubernetesServer.start();
    await down.stop();
    expect((await source.read(clusterOf(down), orders)).errors[0].kind).toBe(
      'unreachable',
    );
  });

  it('keeps what it read when only the Argo CD applications fail', async () => {
    server.faults.fail(500, { group: 'argoproj.io' });
    const snapshot = await source.read(clusterOf(server), orders);
    expect(snapshot.environments).toHaveLength(3);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ source: 'argocd', kind: 'bad-response' }),
    ]);
  });

  it('reads huge lists', async () => {
    const huge = await FakeKubernetesServer.start({
      objects: [
        ...demoDataset(),
        ...Array.from({ length: 3000 }, (_, i) => ({
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: `node-${i}` },
          status: { capacity: { 'nvidia.com/gpu': '8' } },
        })),
      ],
    });
    try {
      const snapshot = await source.read(clusterOf(huge), vision);
      expect(snapshot.errors).toEqual([]);
      expect(snapshot.environments.length).toBe(2);
    } finally {
      await huge.stop();
    }
  });
});
