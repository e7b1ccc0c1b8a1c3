import { ExpiredEnvironmentSweep } from './ExpiredEnvironmentSweep';
import {
  recordingLogger,
  request,
  startClusters,
  TOKEN,
} from './__testUtils__/fakeClusters';

const LATER = new Date('2026-12-04T10:00:00Z');

describe('ExpiredEnvironmentSweep', () => {
  let clusters: Awaited<ReturnType<typeof startClusters>>;

  beforeEach(async () => {
    clusters = await startClusters();
  });

  afterEach(async () => {
    await clusters.stop();
  });

  /** On demo: pr-1 expires in 1h, pr-2 in 7d, staging never, and a prod with an expiry. */
  async function setUp(options: { dryRun?: boolean } = {}) {
    const provisioner = clusters.provisioner();
    await provisioner.provision(
      request('orders-api', 'pr-1', 'demo', { ttl: '1h' }),
    );
    await provisioner.provision(
      request('orders-api', 'pr-2', 'demo', { ttl: '7d' }),
    );
    await provisioner.provision(request('orders-api', 'staging', 'demo'));
    await provisioner.provision(
      request('orders-api', 'prod', 'demo', { ttl: '1h' }),
    );
    await provisioner.provision(
      request('billing-worker', 'pr-9', 'edge', { ttl: '30m' }),
    );
    const { logger, lines } = recordingLogger();
    const sweep = ExpiredEnvironmentSweep.create({
      provisioner: clusters.provisioner(LATER),
      logger,
      now: () => LATER,
      dryRun: options.dryRun,
    });
    return { sweep, lines };
  }

  const namespaces = (cluster: 'demo' | 'edge') =>
    clusters.servers[cluster]
      .listObjects('v1', 'Namespace')
      .map(ns => ns.metadata?.name ?? '')
      .filter(name => /-(pr-|staging|prod)/.test(name))
      .sort();

  const applications = (cluster: 'demo' | 'edge') =>
    clusters.servers[cluster]
      .listObjects('argoproj.io/v1alpha1', 'Application', 'argocd')
      .map(app => app.metadata?.name ?? '')
      .sort();

  it('tears down expired previews with their objects, keeps unexpired ones and production, and logs what it removed', async () => {
    const { sweep, lines } = await setUp();

    const result = await sweep.sweep();

    expect(result.removed).toEqual([
      {
        cluster: 'demo',
        namespace: 'orders-api-pr-1',
        expiresAt: '2026-12-02T11:00:00Z',
        deleted: [
          'Application argocd/orders-api-pr-1',
          'Namespace orders-api-pr-1',
        ],
      },
      {
        cluster: 'edge',
        namespace: 'billing-worker-pr-9',
        expiresAt: '2026-12-02T10:30:00Z',
        deleted: [
          'Application argocd/billing-worker-pr-9',
          'Namespace billing-worker-pr-9',
        ],
      },
    ]);
    expect(namespaces('demo')).toEqual([
      'orders-api-pr-2',
      'orders-api-prod',
      'orders-api-staging',
    ]);
    expect(applications('demo')).toEqual([
      'orders-api-pr-2',
      'orders-api-prod',
      'orders-api-staging',
    ]);
    expect(namespaces('edge')).toEqual([]);
    expect(
      clusters.servers.demo.listObjects(
        'v1',
        'ResourceQuota',
        'orders-api-pr-1',
      ),
    ).toEqual([]);
    expect(result.skipped).toEqual([
      {
        cluster: 'demo',
        namespace: 'orders-api-prod',
        reason: 'production is never swept',
      },
    ]);
    expect(result.errors).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'info: Paved expiry sweep: removed orders-api-pr-1 on cluster demo (expired 2026-12-02T11:00:00Z): Application argocd/orders-api-pr-1, Namespace orders-api-pr-1',
        'warn: Paved expiry sweep: orders-api-prod on cluster demo has expired but is kept: production is never swept',
      ]),
    );
  });

  it('is idempotent: a second sweep removes and writes nothing', async () => {
    const { sweep } = await setUp();
    await sweep.sweep();
    clusters.servers.demo.accounting.reset();
    clusters.servers.edge.accounting.reset();

    const again = await sweep.sweep();

    expect(again.removed).toEqual([]);
    expect(again.errors).toEqual([]);
    clusters.servers.demo.assertNoWrites();
    clusters.servers.edge.assertNoWrites();
  });

  it('a dry run only says what it would remove', async () => {
    const { sweep, lines } = await setUp({ dryRun: true });
    clusters.servers.demo.accounting.reset();

    const result = await sweep.sweep();

    expect(result.removed.map(r => r.namespace)).toEqual([
      'orders-api-pr-1',
      'billing-worker-pr-9',
    ]);
    clusters.servers.demo.assertNoWrites();
    expect(namespaces('demo')).toContain('orders-api-pr-1');
    expect(lines).toContain(
      'info: Paved expiry sweep: would remove orders-api-pr-1 on cluster demo (expired 2026-12-02T11:00:00Z): Application argocd/orders-api-pr-1, Namespace orders-api-pr-1',
    );
  });

  it('logs an error for a cluster that is down and still sweeps the others', async () => {
    const { sweep, lines } = await setUp();
    await clusters.servers.edge.stop();

    const result = await sweep.sweep();

    expect(result.removed.map(r => r.namespace)).toEqual(['orders-api-pr-1']);
    expect(result.errors).toEqual([
      {
        cluster: 'edge',
        message: expect.stringContaining(
          'cluster edge: list Namespace: the cluster cannot be reached (ECONNREFUSED)',
        ),
      },
    ]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^error: Paved expiry sweep: cluster edge skipped: cluster edge: list Namespace: the cluster cannot be reached/,
      ),
    );
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('logs an error for a teardown that fails and goes on', async () => {
    const { sweep, lines } = await setUp();
    clusters.servers.demo.faults.add({
      match: { method: 'DELETE', resource: 'namespaces' },
      respond: { code: 500, message: 'namespace controller is stuck' },
    });

    const result = await sweep.sweep();

    expect(result.removed.map(r => r.namespace)).toEqual([
      'billing-worker-pr-9',
    ]);
    expect(result.errors).toEqual([
      {
        cluster: 'demo',
        namespace: 'orders-api-pr-1',
        message: expect.stringContaining('namespace controller is stuck'),
      },
    ]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^error: Paved expiry sweep: orders-api-pr-1 on cluster demo not removed: .*namespace controller is stuck/,
      ),
    );
  });
});
