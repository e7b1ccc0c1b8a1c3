import {
  Entity,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { EnvironmentEntityProvider } from './EnvironmentEntityProvider';
import {
  loadForeignNamespaces,
  recordingLogger,
  RecordingConnection,
  request,
  startClusters,
  TOKEN,
} from './__testUtils__/fakeClusters';

function entitiesOf(connection: RecordingConnection): Entity[] {
  const mutation = connection.last;
  return mutation.type === 'full'
    ? mutation.entities.map(e => e.entity)
    : mutation.added.map(e => e.entity);
}

function refsOf(entities: Entity[]) {
  return entities.map(e => `${e.metadata.namespace}/${e.metadata.name}`).sort();
}

describe('EnvironmentEntityProvider', () => {
  let clusters: Awaited<ReturnType<typeof startClusters>>;

  beforeEach(async () => {
    clusters = await startClusters();
  });

  afterEach(async () => {
    await clusters.stop();
  });

  async function setUp() {
    const provisioner = clusters.provisioner();
    await provisioner.provision(
      request('orders-api', 'pr-42', 'demo', { ttl: '72h' }),
    );
    await provisioner.provision(request('billing-worker', 'staging', 'demo'));
    await provisioner.provision(request('orders-api', 'pr-42', 'edge'));
    loadForeignNamespaces(clusters.servers.demo);
    const { logger, lines } = recordingLogger();
    const provider = EnvironmentEntityProvider.create({
      provisioner,
      logger,
      componentNamespace: 'default',
    });
    const connection = new RecordingConnection();
    await provider.connect(connection);
    return { provider, provisioner, connection, lines };
  }

  it('publishes every Paved namespace of every cluster as an environment Resource, and nothing else', async () => {
    const { provider, connection } = await setUp();

    const result = await provider.refresh();

    expect(result).toEqual({
      mutation: 'full',
      entityRefs: [
        'resource:demo/billing-worker-staging',
        'resource:demo/orders-api-pr-42',
        'resource:edge/orders-api-pr-42',
      ],
      unreachable: [],
    });
    expect(connection.last.type).toBe('full');
    const entities = entitiesOf(connection);
    // scratch (no label) and helm-things (another manager) are not environments
    expect(refsOf(entities)).toEqual([
      'demo/billing-worker-staging',
      'demo/orders-api-pr-42',
      'edge/orders-api-pr-42',
    ]);
    const preview = entities.find(
      e =>
        e.metadata.namespace === 'demo' &&
        e.metadata.name === 'orders-api-pr-42',
    )!;
    expect(preview).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'orders-api-pr-42',
        namespace: 'demo',
        title: 'orders-api pr-42 (demo)',
        description:
          'Paved environment pr-42 of orders-api: namespace orders-api-pr-42 on cluster demo, expires 2026-12-05T10:00:00Z',
        labels: {
          'paved.dev/component': 'orders-api',
          'paved.dev/environment': 'pr-42',
        },
        annotations: {
          'backstage.io/managed-by-location': 'paved-environments:demo',
          'backstage.io/managed-by-origin-location': 'paved-environments:demo',
          'paved.dev/cluster': 'demo',
          'paved.dev/namespace': 'orders-api-pr-42',
          'paved.dev/argocd-application': 'orders-api-pr-42',
          'paved.dev/expires-at': '2026-12-05T10:00:00Z',
          'backstage.io/kubernetes-id': 'orders-api',
          'backstage.io/kubernetes-namespace': 'orders-api-pr-42',
        },
      },
      spec: {
        type: 'environment',
        owner: 'group:default/team-a',
        dependencyOf: ['component:default/orders-api'],
      },
    });
    expect(await resourceEntityV1alpha1Validator.check(preview)).toBe(true);
    const keys = (connection.last.type === 'full' &&
      connection.last.entities.map(e => e.locationKey)) as string[];
    expect([...new Set(keys)].sort()).toEqual([
      'paved-environments:demo',
      'paved-environments:edge',
    ]);
  });

  it('drops an environment that was torn down at the next refresh', async () => {
    const { provider, provisioner, connection } = await setUp();
    await provider.refresh();

    await provisioner.teardown(request('orders-api', 'pr-42', 'demo'));
    const result = await provider.refresh();

    expect(connection.last.type).toBe('full');
    expect(refsOf(entitiesOf(connection))).toEqual([
      'demo/billing-worker-staging',
      'edge/orders-api-pr-42',
    ]);
    expect(result.entityRefs).not.toContain('resource:demo/orders-api-pr-42');
  });

  it('keeps the environments last seen on a cluster that is down, and says so', async () => {
    const { provider, connection, lines } = await setUp();
    await provider.refresh();
    await clusters.servers.edge.stop();
    clusters.servers.demo.faults.add({
      match: { resource: 'namespaces' },
      respond: { code: 500, message: 'etcd is unhappy' },
    });

    const result = await provider.refresh();

    expect(result.unreachable).toEqual(['demo', 'edge']);
    expect(connection.last.type).toBe('full');
    expect(refsOf(entitiesOf(connection))).toEqual([
      'demo/billing-worker-staging',
      'demo/orders-api-pr-42',
      'edge/orders-api-pr-42',
    ]);
    const warnings = lines.filter(line => line.startsWith('warn:'));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /cluster edge: list Namespace: the cluster cannot be reached \(ECONNREFUSED\); keeping the 1 environments last seen on cluster edge/,
        ),
        expect.stringMatching(
          /cluster demo: list Namespace: Internal error occurred: etcd is unhappy; keeping the 2 environments last seen on cluster demo/,
        ),
      ]),
    );
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('removes nothing of a cluster that is down before it was ever read, and still adds and removes what the others show', async () => {
    const { provider, provisioner, connection } = await setUp();
    await provider.refresh();
    await provisioner.teardown(request('billing-worker', 'staging', 'demo'));
    // a restarted backend: a new provider that has not seen edge yet
    const restarted = EnvironmentEntityProvider.create({
      provisioner,
      logger: recordingLogger().logger,
      componentNamespace: 'default',
    });
    const after = new RecordingConnection();
    await restarted.connect(after);
    await clusters.servers.edge.stop();

    const first = await restarted.refresh();

    expect(first.mutation).toBe('delta');
    expect(after.last).toMatchObject({ type: 'delta', removed: [] });
    expect(refsOf(entitiesOf(after))).toEqual(['demo/orders-api-pr-42']);

    await provisioner.provision(request('billing-worker', 'dev', 'demo'));
    await provisioner.teardown(request('orders-api', 'pr-42', 'demo'));
    await restarted.refresh();

    expect(after.last.type).toBe('delta');
    expect(refsOf(entitiesOf(after))).toEqual(['demo/billing-worker-dev']);
    const removed =
      after.last.type === 'delta'
        ? after.last.removed.map(r => ('entity' in r ? r.entity : r))
        : [];
    expect(refsOf(removed as Entity[])).toEqual(['demo/orders-api-pr-42']);
    expect(connection.mutations).toHaveLength(1);
  });

  it('publishes nothing before the catalog connects', async () => {
    const { provisioner } = await setUp();
    const provider = EnvironmentEntityProvider.create({
      provisioner,
      logger: recordingLogger().logger,
      componentNamespace: 'default',
    });
    expect(await provider.refresh()).toEqual({
      mutation: 'none',
      entityRefs: [],
      unreachable: [],
    });
  });
});
