import { mockServices } from '@backstage/backend-test-utils';
import {
  FakeKubernetesServer,
  demoDataset,
  eventually,
} from '@paved/kubernetes-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { clusterOf } from './__testUtils__/clusters';
import { component } from './__testUtils__/fakeCatalog';
import { RuntimeCluster } from './config';
import { RuntimeService } from './RuntimeService';

/** An Alertmanager that answers no alerts after `latencyMs` and notes when it was asked. */
async function slowAlertmanager(latencyMs: number) {
  const receivedAt: number[] = [];
  const server = http.createServer((_req, res) => {
    receivedAt.push(Date.now());
    setTimeout(() => res.writeHead(200).end('[]'), latencyMs);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    receivedAt,
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

function serviceFor(clusters: RuntimeCluster[]) {
  return RuntimeService.create({
    config: {
      timeoutMs: 3000,
      cacheTtlSeconds: 0,
      entityCacheSeconds: 0,
      clusters,
      ignoredSettings: [],
    },
    cache: mockServices.cache.mock(),
  });
}

/**
 * Reads once to learn how many requests each server gets, then again with every server holding
 * its requests unanswered: a read in one round trip sends all of them before any answer, so the
 * held counts reach the first read's. A second round would wait for an answer that never comes.
 */
async function expectOneRoundTrip(
  read: () => Promise<unknown>,
  servers: FakeKubernetesServer[],
) {
  await read();
  const expected = servers.map(s => s.accounting.log.length);
  expect(Math.min(...expected)).toBeGreaterThan(0);
  servers.forEach(s => s.accounting.reset());
  const holds = servers.map(s => s.faults.hold());
  const reading = read();
  try {
    await eventually(
      `${expected.join(' and ')} requests held before any answer`,
      async () => holds.every((h, i) => h.arrived === expected[i]) || undefined,
      { timeoutMs: 10_000, intervalMs: 10 },
    ).catch(error => {
      throw new Error(
        `${error.message}; held ${holds.map(h => h.arrived).join(' and ')}`,
      );
    });
  } finally {
    holds.forEach(h => h.remove());
  }
  await reading;
  expect(servers.map(s => s.accounting.log.length)).toEqual(expected);
}

describe('RuntimeService reads', () => {
  const latencies = { fast: 60, slow: 150 };
  let servers: Record<keyof typeof latencies, FakeKubernetesServer>;

  beforeAll(async () => {
    servers = {
      fast: await FakeKubernetesServer.start({
        objects: demoDataset(),
        users: [{ token: 'demo-token', name: 'backstage' }],
      }),
      slow: await FakeKubernetesServer.start({
        objects: demoDataset(),
        users: [{ token: 'demo-token', name: 'backstage' }],
      }),
    };
    servers.fast.faults.latency(latencies.fast);
    // Node loads its fetch on the first call; Alertmanager's first read should not pay that here.
    await fetch(servers.fast.url).catch(() => undefined);
    servers.slow.faults.latency(latencies.slow);
  });
  afterAll(() => Promise.all(Object.values(servers).map(s => s.stop())));
  beforeEach(() => Object.values(servers).forEach(s => s.accounting.reset()));

  it('every cluster in one round trip, GPU nodes included', async () => {
    const service = serviceFor([
      clusterOf(servers.fast, 'fast'),
      clusterOf(servers.slow, 'slow'),
    ]);
    const read = () => service.get(component('vision-inference'));
    await expectOneRoundTrip(read, Object.values(servers));
    const state = await read();

    expect(state.errors).toEqual([]);
    const prod = state.environments.filter(
      e => e.namespace === 'vision-inference-prod',
    );
    expect(prod).toHaveLength(2);
    for (const env of prod) {
      expect(env.gpu.nodes.map(n => n.name).sort()).toEqual([
        'gpu-node-1',
        'gpu-node-2',
      ]);
      expect(
        env.gpu.nodes.find(n => n.name === 'gpu-node-1')!.allocated[
          'nvidia.com/gpu'
        ],
      ).toBeGreaterThan(0);
    }
  });

  it.each([
    [
      'its alert matchers',
      { 'paved.dev/alert-matchers': '{service="orders-api"}' },
    ],
    [
      'its namespace',
      { 'backstage.io/kubernetes-namespace': 'orders-api-prod' },
    ],
  ])(
    'asks Alertmanager alongside Kubernetes when the entity names %s',
    async (_, annotations) => {
      const alertmanager = await slowAlertmanager(latencies.fast);
      try {
        const service = serviceFor([
          clusterOf(servers.slow, 'slow', {
            alertmanager: { url: alertmanager.url, headers: {} },
          }),
        ]);
        // Kubernetes answers nothing until Alertmanager has been asked: asked in parallel, it is.
        const held = servers.slow.faults.hold();
        const reading = service.get(component('orders-api', annotations));
        try {
          await eventually(
            'Alertmanager asked while Kubernetes has not answered',
            async () => alertmanager.receivedAt.length === 1 || undefined,
            { timeoutMs: 10_000, intervalMs: 10 },
          );
        } finally {
          held.remove();
        }
        const state = await reading;
        expect(state.errors).toEqual([]);
        expect(state.environments[0].alerts.status).toBe('ok');
        expect(alertmanager.receivedAt).toHaveLength(1);
      } finally {
        await alertmanager.stop();
      }
    },
  );

  it('asks Alertmanager for the namespaces Kubernetes found otherwise', async () => {
    const alertmanager = await slowAlertmanager(0);
    try {
      const service = serviceFor([
        clusterOf(servers.fast, 'fast', {
          alertmanager: { url: alertmanager.url, headers: {} },
        }),
      ]);
      await service.get(component('orders-api'));
      const lastAnswer = Math.max(
        ...servers.fast.accounting.log.map(r => r.answeredAt!),
      );
      expect(alertmanager.receivedAt[0]).toBeGreaterThanOrEqual(
        Math.floor(lastAnswer),
      );
    } finally {
      await alertmanager.stop();
    }
  });
});
