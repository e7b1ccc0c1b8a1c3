import { ApiException, V1ConfigMap } from '@kubernetes/client-node';
import { statusOf, useServerWithCoreApi } from './testing';

describe('core/v1 through CoreV1Api', () => {
  const fixture = useServerWithCoreApi();

  it('creates, reads, updates, lists and deletes a config map', async () => {
    await fixture.core.createNamespace({
      body: { metadata: { name: 'team-a' } },
    });
    const created = await fixture.core.createNamespacedConfigMap({
      namespace: 'team-a',
      body: {
        metadata: { name: 'settings', labels: { app: 'x' } },
        data: { a: '1' },
      },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.namespace).toBe('team-a');
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const firstVersion = Number(created.metadata?.resourceVersion);

    const read = await fixture.core.readNamespacedConfigMap({
      name: 'settings',
      namespace: 'team-a',
    });
    expect(read.data).toEqual({ a: '1' });

    const replaced = await fixture.core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'team-a',
      body: { ...read, data: { a: '2' } },
    });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      firstVersion,
    );
    expect(replaced.metadata?.uid).toBe(created.metadata?.uid);

    const list = await fixture.core.listNamespacedConfigMap({
      namespace: 'team-a',
    });
    expect(list.items.map(item => item.data)).toEqual([{ a: '2' }]);
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThanOrEqual(
      Number(replaced.metadata?.resourceVersion),
    );

    const status = await fixture.core.deleteNamespacedConfigMap({
      name: 'settings',
      namespace: 'team-a',
    });
    expect(status).toMatchObject({
      status: 'Success',
      details: { name: 'settings', kind: 'configmaps' },
    });
    await expect(
      fixture.core.readNamespacedConfigMap({
        name: 'settings',
        namespace: 'team-a',
      }),
    ).rejects.toThrow(ApiException);
  });

  it('answers 404 NotFound with a Status naming the resource', async () => {
    const error = await statusOf(
      fixture.core.readNamespacedPod({ name: 'nope', namespace: 'default' }),
    );
    expect(error).toEqual({
      code: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', kind: 'pods' },
        code: 404,
      },
    });
  });

  it('answers 409 AlreadyExists for a second create and Conflict for a stale update', async () => {
    const body: V1ConfigMap = { metadata: { name: 'dup' } };
    const first = await fixture.core.createNamespacedConfigMap({
      namespace: 'default',
      body,
    });
    const again = await statusOf(
      fixture.core.createNamespacedConfigMap({ namespace: 'default', body }),
    );
    expect(again).toMatchObject({
      code: 409,
      body: {
        reason: 'AlreadyExists',
        message: 'configmaps "dup" already exists',
      },
    });

    await fixture.core.replaceNamespacedConfigMap({
      name: 'dup',
      namespace: 'default',
      body: { ...first, data: { x: '1' } },
    });
    const stale = await statusOf(
      fixture.core.replaceNamespacedConfigMap({
        name: 'dup',
        namespace: 'default',
        body: { ...first, data: { x: '2' } },
      }),
    );
    expect(stale).toMatchObject({
      code: 409,
      body: {
        reason: 'Conflict',
        message:
          'Operation cannot be fulfilled on configmaps "dup": the object has been modified; please apply your changes to the latest version and try again',
      },
    });
  });

  it('answers 422 Invalid with causes for a bad name and a bad label', async () => {
    const error = await statusOf(
      fixture.core.createNamespace({
        body: { metadata: { name: 'Team_A', labels: { ok: 'not ok!' } } },
      }),
    );
    expect(error.code).toBe(422);
    expect(error.body.reason).toBe('Invalid');
    expect(error.body.message).toMatch(
      /^Namespace "Team_A" is invalid: \[metadata.name: Invalid value: "Team_A": a lowercase RFC 1123 label must consist of/,
    );
    expect(error.body.details.causes).toEqual([
      expect.objectContaining({
        reason: 'FieldValueInvalid',
        field: 'metadata.name',
      }),
      expect.objectContaining({
        reason: 'FieldValueInvalid',
        field: 'metadata.labels',
      }),
    ]);
    const service = await statusOf(
      fixture.core.createNamespacedService({
        namespace: 'default',
        body: { metadata: { name: '1abc' } },
      }),
    );
    expect(service.body.message).toContain('a DNS-1035 label must consist of');
  });

  it('refuses a namespace mismatch and a missing namespace', async () => {
    const mismatch = await statusOf(
      fixture.core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'a', namespace: 'other' } },
      }),
    );
    expect(mismatch).toMatchObject({
      code: 400,
      body: {
        reason: 'BadRequest',
        message:
          'the namespace of the provided object does not match the namespace sent on the request',
      },
    });
    const missing = await statusOf(
      fixture.core.createNamespacedConfigMap({
        namespace: 'ghost',
        body: { metadata: { name: 'a' } },
      }),
    );
    expect(missing).toMatchObject({
      code: 404,
      body: {
        reason: 'NotFound',
        message: 'namespaces "ghost" not found',
        details: { name: 'ghost', kind: 'namespaces' },
      },
    });
  });

  it('deletes what a namespace holds with it', async () => {
    await fixture.core.createNamespace({
      body: { metadata: { name: 'doomed' } },
    });
    await fixture.core.createNamespacedConfigMap({
      namespace: 'doomed',
      body: { metadata: { name: 'a' } },
    });
    await fixture.core.createNamespacedSecret({
      namespace: 'doomed',
      body: { metadata: { name: 'b' } },
    });
    await fixture.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'kept' } },
    });

    const deleted = await fixture.core.deleteNamespace({ name: 'doomed' });
    expect(deleted).toMatchObject({
      kind: 'Namespace',
      status: { phase: 'Terminating' },
    });
    expect(
      (await fixture.core.listConfigMapForAllNamespaces()).items.map(
        i => i.metadata?.name,
      ),
    ).toEqual(['kept']);
    expect((await fixture.core.listSecretForAllNamespaces()).items).toEqual([]);
    const recreate = await statusOf(
      fixture.core.createNamespacedConfigMap({
        namespace: 'doomed',
        body: { metadata: { name: 'a' } },
      }),
    );
    expect(recreate.code).toBe(404);
  });

  it('keeps the status of a kind with a status subresource out of main-resource writes', async () => {
    const created = await fixture.core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
        status: { phase: 'Running' },
      },
    });
    expect(created.status?.phase).toBe('Pending');
    expect(created.spec?.containers[0].imagePullPolicy).toBe('Always');
    const updated = await fixture.core.replaceNamespacedPodStatus({
      name: 'p',
      namespace: 'default',
      body: { ...created, status: { phase: 'Running' } },
    });
    expect(updated.status?.phase).toBe('Running');
    const relabelled = await fixture.core.replaceNamespacedPod({
      name: 'p',
      namespace: 'default',
      body: {
        ...updated,
        metadata: { ...updated.metadata, labels: { a: 'b' } },
        status: { phase: 'Failed' },
      },
    });
    expect(relabelled.status?.phase).toBe('Running');
    expect(relabelled.metadata?.labels).toEqual({ a: 'b' });
  });
});
