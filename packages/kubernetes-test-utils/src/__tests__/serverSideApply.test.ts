import {
  AppsV1Api,
  PatchStrategy,
  V1Deployment,
  V1ResourceQuota,
} from '@kubernetes/client-node';
import { gpuQuota, statusOf, useServerWithObjectApi } from './testing';

const cloneDeployment = (deployment: V1Deployment): V1Deployment =>
  JSON.parse(JSON.stringify(deployment));

describe('server-side apply through KubernetesObjectApi', () => {
  const fixture = useServerWithObjectApi();
  const apply: typeof fixture.apply = (...args) => fixture.apply(...args);

  it('creates on first apply and records the manager in managedFields', async () => {
    const created = await apply(
      gpuQuota({
        'requests.nvidia.com/gpu': '4',
        'requests.nvidia.com/mig-1g.10gb': '2',
      }),
      'paved',
    );
    expect(created.metadata?.managedFields).toEqual([
      expect.objectContaining({
        manager: 'paved',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:paved.dev/environment': {} } },
          'f:spec': {
            'f:hard': {
              'f:requests.nvidia.com/gpu': {},
              'f:requests.nvidia.com/mig-1g.10gb': {},
            },
          },
        },
      }),
    ]);
    expect(fixture.server.accounting.log.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/resourcequotas/gpu',
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: 'paved' },
      status: 201,
      wrote: true,
    });
  });

  it('does not bump resourceVersion or count a write for an apply that changes nothing', async () => {
    const first = await apply(
      gpuQuota({ 'requests.nvidia.com/gpu': '4' }),
      'paved',
    );
    fixture.server.accounting.reset();
    const second = await apply(
      gpuQuota({ 'requests.nvidia.com/gpu': '4' }),
      'paved',
    );
    expect(second.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );
    expect(second.metadata?.managedFields).toEqual(
      first.metadata?.managedFields,
    );
    expect(fixture.server.accounting.writes).toEqual([]);
    expect(fixture.server.accounting.writeAttempts).toHaveLength(1);
    expect(() => fixture.server.assertNoWrites()).not.toThrow();

    await apply(gpuQuota({ 'requests.nvidia.com/gpu': '8' }), 'paved');
    expect(() => fixture.server.assertNoWrites()).toThrow(
      /expected no writes to the fake Kubernetes API, got 1:\nPATCH \/api\/v1\/namespaces\/default\/resourcequotas\/gpu\?fieldManager=paved → 200/,
    );
  });

  it('removes fields the manager stops applying', async () => {
    await apply(
      gpuQuota({ 'requests.nvidia.com/gpu': '4', 'limits.cpu': '10' }),
      'paved',
    );
    const next = (await apply(
      gpuQuota({ 'requests.nvidia.com/gpu': '4' }),
      'paved',
    )) as V1ResourceQuota;
    expect(next.spec?.hard).toEqual({ 'requests.nvidia.com/gpu': '4' });
  });

  it('conflicts when another manager owns a changed field, and takes it over with force', async () => {
    await apply(gpuQuota({ 'requests.nvidia.com/gpu': '4' }), 'paved');
    const conflict = await statusOf(
      apply(gpuQuota({ 'requests.nvidia.com/gpu': '2' }), 'someone-else'),
    );
    expect(conflict).toMatchObject({
      code: 409,
      body: {
        kind: 'Status',
        status: 'Failure',
        reason: 'Conflict',
        message:
          'Apply failed with 1 conflict: conflict with "paved": .spec.hard.requests.nvidia.com/gpu',
        details: {
          causes: [
            {
              reason: 'FieldManagerConflict',
              message: 'conflict with "paved"',
              field: '.spec.hard.requests.nvidia.com/gpu',
            },
          ],
        },
      },
    });
    // The same value is shared ownership, not a conflict.
    await expect(
      apply(gpuQuota({ 'requests.nvidia.com/gpu': '4' }), 'someone-else'),
    ).resolves.toBeDefined();

    const forced = await apply(
      gpuQuota({ 'requests.nvidia.com/gpu': '2' }),
      'someone-else',
      true,
    );
    expect((forced as V1ResourceQuota).spec?.hard).toEqual({
      'requests.nvidia.com/gpu': '2',
    });
    // paved keeps the label both apply with the same value; the quota moved to someone-else.
    expect(
      forced.metadata?.managedFields?.map(entry => [
        entry.manager,
        entry.fieldsV1,
      ]),
    ).toEqual([
      [
        'paved',
        { 'f:metadata': { 'f:labels': { 'f:paved.dev/environment': {} } } },
      ],
      [
        'someone-else',
        {
          'f:metadata': { 'f:labels': { 'f:paved.dev/environment': {} } },
          'f:spec': { 'f:hard': { 'f:requests.nvidia.com/gpu': {} } },
        },
      ],
    ]);
  });

  it('conflicts with an Update manager that changed the field through a typed API', async () => {
    const apps = fixture.server.kubeConfig().makeApiClient(AppsV1Api);
    const deployment: V1Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    };
    await apply(deployment, 'paved');
    const current = await apps.readNamespacedDeployment({
      name: 'web',
      namespace: 'default',
    });
    await apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: 'default',
      fieldManager: 'kubectl-edit',
      body: { ...current, spec: { ...current.spec!, replicas: 5 } },
    });
    const conflict = await statusOf(apply(deployment, 'paved'));
    expect(conflict.code).toBe(409);
    expect(conflict.body.message).toMatch(
      /^Apply failed with 1 conflict: conflict with "kubectl-edit" using apps\/v1 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: \.spec\.replicas$/,
    );
    const forced = (await apply(deployment, 'paved', true)) as V1Deployment;
    expect(forced.spec?.replicas).toBe(2);
    expect(forced.metadata?.generation).toBe(3);
  });

  it('compares defaulted objects: re-applying a Deployment is a no-op, and so is a second manager applying the same', async () => {
    const deployment: V1Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: {
            containers: [
              { name: 'api', image: 'api:1', ports: [{ containerPort: 80 }] },
            ],
          },
        },
      },
    };
    const first = (await apply(deployment, 'paved')) as V1Deployment;
    expect(first.spec?.template.spec?.containers[0]).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
    fixture.server.accounting.reset();
    const again = await apply(deployment, 'paved');
    expect(again.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );
    await expect(apply(deployment, 'argocd-controller')).resolves.toBeDefined();
    const newImage: V1Deployment = cloneDeployment(deployment);
    newImage.spec!.template.spec!.containers[0].image = 'api:2';
    const changed = await statusOf(apply(newImage, 'argocd-controller'));
    expect(changed.body.message).toMatch(
      /^Apply failed with 1 conflict: conflict with "paved": \.spec\.template\.spec\.containers$/,
    );
  });

  it('treats fields of an object created without managedFields as owned by before-first-apply', async () => {
    fixture.server.load(gpuQuota({ 'requests.nvidia.com/gpu': '1' }));
    const conflict = await statusOf(
      apply(gpuQuota({ 'requests.nvidia.com/gpu': '4' }), 'paved'),
    );
    expect(conflict.body.message).toMatch(
      /conflict with "before-first-apply" using v1/,
    );
  });

  it('requires a field manager and refuses force on other patch types', async () => {
    const missing = await statusOf(
      apply(gpuQuota({ 'requests.nvidia.com/gpu': '4' })),
    );
    expect(missing).toMatchObject({
      code: 422,
      body: {
        reason: 'Invalid',
        message:
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        details: {
          group: 'meta.k8s.io',
          kind: 'PatchOptions',
          causes: [{ reason: 'FieldValueRequired', field: 'fieldManager' }],
        },
      },
    });
    await apply(gpuQuota({ 'requests.nvidia.com/gpu': '4' }), 'paved');
    const forced = await statusOf(
      fixture.objects.patch(
        gpuQuota({}),
        undefined,
        undefined,
        'paved',
        true,
        PatchStrategy.MergePatch,
      ),
    );
    expect(forced.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
  });
});
