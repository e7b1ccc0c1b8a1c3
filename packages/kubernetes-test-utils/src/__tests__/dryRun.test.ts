import { PatchStrategy, V1ResourceQuota } from '@kubernetes/client-node';
import { gpuQuota, statusOf, useServerWithObjectApi } from './testing';

describe('?dryRun=All', () => {
  const fixture = useServerWithObjectApi();
  const apply: typeof fixture.apply = (...args) => fixture.apply(...args);

  it('validates and answers a dry run without storing it or counting a write', async () => {
    const dry = await apply(
      gpuQuota({ 'requests.nvidia.com/gpu': '4' }),
      'paved',
      undefined,
      'All',
    );
    expect((dry as V1ResourceQuota).spec?.hard).toEqual({
      'requests.nvidia.com/gpu': '4',
    });
    expect(dry.metadata?.resourceVersion).toBeUndefined();
    expect(
      fixture.server.getObject('v1', 'ResourceQuota', 'gpu', 'default'),
    ).toBeUndefined();
    expect(fixture.server.accounting.writes).toEqual([]);

    const invalid = await statusOf(
      fixture.objects.create(
        {
          ...gpuQuota({}),
          metadata: { name: 'Bad_Name', namespace: 'default' },
        },
        undefined,
        'All',
      ),
    );
    expect(invalid.code).toBe(422);
    const unsupported = await statusOf(
      fixture.objects.create(gpuQuota({}), undefined, 'Sometimes'),
    );
    expect(unsupported.body.message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: "Sometimes": supported values: "All"',
    );
  });

  it('dry-runs deletes, updates and merge patches too', async () => {
    await apply(gpuQuota({ 'requests.nvidia.com/gpu': '4' }), 'paved');
    fixture.server.accounting.reset();
    await fixture.objects.delete(gpuQuota({}), undefined, 'All');
    const patched = await fixture.objects.patch(
      { ...gpuQuota({ 'requests.nvidia.com/gpu': '9' }) },
      undefined,
      'All',
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    expect(
      (patched as V1ResourceQuota).spec?.hard?.['requests.nvidia.com/gpu'],
    ).toBe('9');
    expect(
      fixture.server.getObject('v1', 'ResourceQuota', 'gpu', 'default'),
    ).toMatchObject({
      spec: { hard: { 'requests.nvidia.com/gpu': '4' } },
    });
    fixture.server.assertNoWrites();
    expect(fixture.server.accounting.log.map(entry => entry.dryRun)).toEqual([
      true,
      true,
    ]);
  });
});
