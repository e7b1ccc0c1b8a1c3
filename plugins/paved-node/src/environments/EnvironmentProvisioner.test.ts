import { FakeKubernetesServer } from '@paved/kubernetes-test-utils';
import { EnvironmentProvisioner } from './EnvironmentProvisioner';
import { REQUEST, startFakeCluster, TOKEN } from './__testUtils__/fakeCluster';

describe('EnvironmentProvisioner against the fake cluster', () => {
  let server: FakeKubernetesServer;
  let provisioner: EnvironmentProvisioner;
  const progress: string[] = [];
  const log = (line: string) => progress.push(line);

  beforeEach(async () => {
    ({ server, provisioner } = await startFakeCluster());
    progress.length = 0;
  });
  afterEach(() => server.stop());

  it('creates everything on a first run, then converges with zero writes', async () => {
    const first = await provisioner.provision(REQUEST, { progress: log });
    expect(first.plan.map(p => `${p.action} ${p.object}`)).toEqual([
      'create Namespace orders-api-pr-42',
      'create ResourceQuota orders-api-pr-42/environment-quota',
      'create LimitRange orders-api-pr-42/container-defaults',
      'create NetworkPolicy orders-api-pr-42/default-deny',
      'create NetworkPolicy orders-api-pr-42/allow-from-ingress',
      'create NetworkPolicy orders-api-pr-42/allow-from-monitoring',
      'create NetworkPolicy orders-api-pr-42/allow-dns-egress',
      'create RoleBinding orders-api-pr-42/owner-edit',
      'create Application argocd/orders-api-pr-42',
    ]);
    expect(first.applied).toHaveLength(9);
    expect(first).toMatchObject({
      namespace: 'orders-api-pr-42',
      application: 'orders-api-pr-42',
      expiresAt: '2026-12-05T10:00:00Z',
    });
    const ns = server.getObject('v1', 'Namespace', 'orders-api-pr-42')!;
    expect(ns.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'paved',
      'paved.dev/component': 'orders-api',
      'paved.dev/environment': 'pr-42',
      'paved.dev/owner': 'team-a',
      'backstage.io/kubernetes-id': 'orders-api',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    expect(ns.metadata?.managedFields?.map(f => f.manager)).toEqual(['paved']);
    const app = server.getObject(
      'argoproj.io/v1alpha1',
      'Application',
      'orders-api-pr-42',
      'argocd',
    )!;
    expect(app.spec).toMatchObject({
      source: {
        repoURL: REQUEST.repoUrl,
        path: 'charts/orders-api',
        helm: { valueFiles: ['values.yaml', 'values-dev.yaml'] },
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'orders-api-pr-42',
      },
    });
    const policy = server.getObject(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      'allow-from-ingress',
      'orders-api-pr-42',
    )!;
    expect(JSON.stringify(policy.spec)).toContain('"from"');

    server.accounting.reset();
    const second = await provisioner.provision(REQUEST);
    server.assertNoWrites();
    expect(second.applied).toEqual([]);
    expect(new Set(second.plan.map(p => p.action))).toEqual(
      new Set(['unchanged']),
    );
  });

  it('changes only what a changed input changes, with the diff in the plan', async () => {
    await provisioner.provision(REQUEST);
    server.accounting.reset();
    const result = await provisioner.provision({
      ...REQUEST,
      quota: { cpu: '8' },
      gpu: { 'nvidia.com/gpu': 2 },
    });
    const update = result.plan.filter(p => p.action !== 'unchanged');
    expect(update).toEqual([
      expect.objectContaining({
        action: 'update',
        object: 'ResourceQuota orders-api-pr-42/environment-quota',
        diff: [
          { path: 'spec.hard.requests.cpu', from: '4', to: '8' },
          { path: 'spec.hard.requests.nvidia.com/gpu', to: '2' },
        ],
      }),
    ]);
    expect(server.accounting.writes.map(w => [w.verb, w.resource])).toEqual([
      ['patch', 'resourcequotas'],
    ]);
    expect(result.gpu).toEqual([
      {
        resource: 'nvidia.com/gpu',
        requested: 2,
        allocatable: 14,
        reservedByOthers: 8,
        free: 6,
      },
    ]);
  });

  it('plans a dry run without writing', async () => {
    const result = await provisioner.provision(REQUEST, { dryRun: true });
    server.assertNoWrites();
    expect(result.dryRun).toBe(true);
    expect(result.applied).toEqual([]);
    expect(result.plan.every(p => p.action === 'create')).toBe(true);
    expect(server.getObject('v1', 'Namespace', 'orders-api-pr-42')).toBe(
      undefined,
    );
  });

  it('converges two concurrent runs without an error or a duplicate', async () => {
    const [a, b] = await Promise.all([
      provisioner.provision(REQUEST),
      provisioner.provision(REQUEST),
    ]);
    expect(a.namespace).toBe(b.namespace);
    expect(
      server.listObjects(
        'networking.k8s.io/v1',
        'NetworkPolicy',
        'orders-api-pr-42',
      ),
    ).toHaveLength(4);
    server.accounting.reset();
    await provisioner.provision(REQUEST);
    server.assertNoWrites();
  });

  it('leaves an Application owned by the service’s ApplicationSet alone', async () => {
    server.load({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'orders-api-staging',
        namespace: 'argocd',
        ownerReferences: [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'ApplicationSet',
            name: 'orders-api',
            uid: 'b1',
          },
        ],
      },
      spec: { project: 'orders-api' },
    });
    const result = await provisioner.provision({
      ...REQUEST,
      environment: 'staging',
      ttl: undefined,
    });
    expect(result.plan.find(p => p.kind === 'Application')).toEqual(
      expect.objectContaining({
        action: 'left alone',
        reason: expect.stringContaining(
          'ApplicationSet orders-api of the service',
        ),
      }),
    );
    expect(result.applied).not.toContain(
      'Application argocd/orders-api-staging',
    );
  });

  it('tears down only Paved-labelled objects of that environment', async () => {
    await provisioner.provision(REQUEST);
    await provisioner.provision({ ...REQUEST, environment: 'pr-43' });
    server.accounting.reset();
    const plan = await provisioner.teardown(REQUEST, { dryRun: true });
    server.assertNoWrites();
    expect(plan.plan.map(p => `${p.action} ${p.object}`)).toEqual([
      'delete Application argocd/orders-api-pr-42',
      'delete Namespace orders-api-pr-42',
    ]);
    server.accounting.reset();
    const done = await provisioner.teardown(REQUEST);
    expect(done.deleted).toHaveLength(2);
    expect(server.getObject('v1', 'Namespace', 'orders-api-pr-42')).toBe(
      undefined,
    );
    expect(
      server.getObject('v1', 'Namespace', 'orders-api-pr-43'),
    ).toBeDefined();
    // The demo's own orders-api-dev namespace carries no Paved labels.
    const other = await provisioner.teardown({
      ...REQUEST,
      environment: 'dev',
    });
    expect(other.plan).toEqual([
      expect.objectContaining({
        action: 'left alone',
        object: 'Namespace orders-api-dev',
      }),
    ]);
    expect(server.getObject('v1', 'Namespace', 'orders-api-dev')).toBeDefined();
  });

  it('refuses GPUs the cluster cannot cover, naming the numbers, before any write', async () => {
    await expect(
      provisioner.provision({ ...REQUEST, gpu: { 'nvidia.com/gpu': 7 } }),
    ).rejects.toThrow(
      "gpu: cluster demo cannot cover the request: 7 nvidia.com/gpu asked, 14 allocatable on 4 schedulable nodes, 8 reserved by other namespaces' quotas, 6 free",
    );
    server.assertNoWrites();
  });

  it.each([
    [{ component: 'Orders_API' }, 'component:'],
    [{ environment: 'qa' }, "environment: 'qa' is not an environment"],
    [
      { cluster: 'elsewhere' },
      "cluster: 'elsewhere' is not a configured cluster; the clusters are demo",
    ],
    [{ owner: 'user:default/alice' }, 'owner:'],
    [{ owner: undefined }, 'owner: is required'],
    [{ repoUrl: 'not a url' }, 'repoUrl:'],
    [{ ttl: 'forever' }, "ttl: 'forever' must be a duration"],
    [{ ttl: '1000d' }, 'ttl:'],
    [
      { quota: { cpu: 'four' } },
      "quota.cpu: 'four' is not a Kubernetes quantity",
    ],
    [{ quota: { memory: '8GB' } }, 'quota.memory:'],
    [
      { gpu: { 'nvidia.com/gpu': 1.5 } },
      'gpu: nvidia.com/gpu must be a whole number',
    ],
    [{ gpu: { 'amd.com/gpu': 1 } }, "gpu: 'amd.com/gpu' is not a GPU resource"],
    [{ component: 'a'.repeat(60) }, 'longer than 63 characters'],
  ])(
    'refuses %j with an InputError naming the field, writing nothing',
    async (change, message) => {
      const error = await provisioner
        .provision({ ...REQUEST, ...change } as typeof REQUEST)
        .catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(message);
      expect(server.accounting.log).toEqual([]);
    },
  );

  it('reports a hanging cluster as a timeout and a stopped one as unreachable', async () => {
    server.faults.hang();
    const hung = await provisioner.provision(REQUEST).catch(e => e);
    expect(hung.name).toBe('ServiceUnavailableError');
    expect(hung.message).toMatch(
      /^cluster demo: read Namespace orders-api-pr-42: the cluster did not answer within 2000 ms/,
    );
    server.faults.clear();
    await server.stop();
    const down = await provisioner.provision(REQUEST).catch(e => e);
    expect(down.name).toBe('ServiceUnavailableError');
    expect(down.message).toContain(
      'the cluster cannot be reached (ECONNREFUSED)',
    );
  });

  it('reports a forbidden write with the API server’s words', async () => {
    server.faults.fail(
      403,
      { resource: 'rolebindings' },
      'rolebindings.rbac.authorization.k8s.io is forbidden',
    );
    const error = await provisioner.provision(REQUEST).catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain(
      'rolebindings.rbac.authorization.k8s.io is forbidden',
    );
  });

  it('never shows the token in plans, progress, results or errors', async () => {
    const outputs: unknown[] = [];
    outputs.push(await provisioner.provision(REQUEST, { progress: log }));
    outputs.push(
      await provisioner.provision(
        { ...REQUEST, quota: { cpu: '2' } },
        { progress: log },
      ),
    );
    outputs.push(await provisioner.teardown(REQUEST, { progress: log }));
    outputs.push(await provisioner.list());
    server.faults.fail(500, undefined, `echo ${TOKEN}`);
    outputs.push(
      await provisioner
        .provision(REQUEST)
        .catch(e => `${e.name}: ${e.message} ${e.stack}`),
    );
    server.faults.clear();
    server.faults.hang();
    outputs.push(
      await provisioner
        .provision(REQUEST)
        .catch(e => `${e.message} ${e.stack}`),
    );
    const text = JSON.stringify([outputs, progress]);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(TOKEN);
  });

  it('lists the Paved environments of the cluster', async () => {
    await provisioner.provision(REQUEST);
    expect(await provisioner.list()).toEqual([
      expect.objectContaining({
        cluster: 'demo',
        namespace: 'orders-api-pr-42',
        component: 'orders-api',
        environment: 'pr-42',
        owner: 'group:default/team-a',
        application: 'orders-api-pr-42',
        expiresAt: '2026-12-05T10:00:00Z',
      }),
    ]);
  });
});
