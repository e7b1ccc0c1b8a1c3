import { CacheManager } from '@backstage/backend-defaults/cache';
import KeyvRedis from '@keyv/redis';
import { mockServices } from '@backstage/backend-test-utils';
import {
  Daemon,
  FakeKubernetesServer,
  demoDataset,
} from '@paved/kubernetes-test-utils';
import { REDIS_BINARY, startRedis } from './__testUtils__/redis';
import { clusterOf } from './__testUtils__/clusters';
import { component } from './__testUtils__/fakeCatalog';
import { RuntimeService } from './RuntimeService';

// The Redis clients the cache opens must be closed before Redis stops, and the cache service
// offers no way to close them: remember each store as it is first used.
const openStores = new Set<{ disconnect(): Promise<void> }>();
const originalGet = KeyvRedis.prototype.get;
jest
  .spyOn(KeyvRedis.prototype, 'get')
  .mockImplementation(function get(this: any, ...args: any[]) {
    openStores.add(this);
    return (originalGet as any).apply(this, args);
  });

const describeWithRedis = REDIS_BINARY ? describe : describe.skip;
if (!REDIS_BINARY) {
  // CI installs it (scripts/paved.sh need_debian_packages); locally it may be missing.
  // eslint-disable-next-line no-console
  console.warn(
    'SKIPPED the shared-cache test: redis-server not found (apt-get install redis-server)',
  );
}

describeWithRedis('two backend instances on one Redis', () => {
  let redis: Daemon;
  let cluster: FakeKubernetesServer;

  beforeAll(async () => {
    redis = await startRedis();
    cluster = await FakeKubernetesServer.start({ objects: demoDataset() });
  });
  afterAll(async () => {
    await Promise.all([...openStores].map(store => store.disconnect()));
    await cluster?.stop();
    await redis?.stop();
  });

  function instance() {
    const config = mockServices.rootConfig({
      data: {
        backend: {
          cache: {
            store: 'redis',
            connection: `redis://127.0.0.1:${redis.port}`,
          },
        },
      },
    });
    const manager = CacheManager.fromConfig(config);
    return RuntimeService.create({
      config: {
        timeoutMs: 2000,
        cacheTtlSeconds: 2,
        entityCacheSeconds: 0,
        clusters: [clusterOf(cluster)],
        ignoredSettings: [],
      },
      cache: manager.forPlugin('paved-runtime'),
    });
  }

  it('make one upstream call per source per TTL between them', async () => {
    const [a, b] = [instance(), instance()];
    const entity = component('orders-api');
    const podLists = () =>
      cluster.accounting.log.filter(
        r => r.resource === 'pods' && r.query.labelSelector !== undefined,
      ).length;
    cluster.accounting.reset();

    const first = await a.get(entity);
    expect(first.environments).toHaveLength(3);
    expect(podLists()).toBe(1);
    // Concurrent readers on both instances, and a burst on one: all served from Redis.
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => a.get(entity)),
      ...Array.from({ length: 10 }, () => b.get(entity)),
    ]);
    expect(answers.every(s => s.environments.length === 3)).toBe(true);
    expect(podLists()).toBe(1);
    expect(answers[19].generatedAt).toBe(first.generatedAt);

    await new Promise(r => setTimeout(r, 2200));
    await Promise.all([b.get(entity), b.get(entity), b.get(entity)]);
    expect(podLists()).toBe(2);
    // The cluster's GPU inventory is shared the same way.
    expect(
      cluster.accounting.log.filter(
        r => r.resource === 'pods' && r.query.fieldSelector !== undefined,
      ),
    ).toHaveLength(2);
  });
});
