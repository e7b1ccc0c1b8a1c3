import { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { FakeKubernetesServer } from '../server/FakeKubernetesServer';
import { statusOf } from './testing';

const pod = (
  name: string,
  labels: Record<string, string>,
  nodeName = 'cpu-node-1',
): V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels },
  spec: { nodeName, containers: [{ name: 'c', image: 'busybox:1.36' }] },
});

describe('label and field selectors, paging and deletecollection', () => {
  let server: FakeKubernetesServer;
  let core: CoreV1Api;
  beforeEach(async () => {
    server = await FakeKubernetesServer.start({
      objects: [
        pod('api-1', { app: 'api', tier: 'web' }),
        pod('api-2', { app: 'api', tier: 'web', gpu: 'true' }, 'gpu-node-1'),
        pod('db-1', { app: 'db', tier: 'db' }),
        pod('worker-1', { app: 'worker' }),
      ],
    });
    core = server.kubeConfig().makeApiClient(CoreV1Api);
  });
  afterEach(() => server.stop());

  const names = async (labelSelector?: string, fieldSelector?: string) =>
    (
      await core.listNamespacedPod({
        namespace: 'shop',
        labelSelector,
        fieldSelector,
      })
    ).items.map(p => p.metadata?.name);

  it('matches equality and set-based label selectors', async () => {
    expect(await names('app=api')).toEqual(['api-1', 'api-2']);
    expect(await names('app==api,gpu!=true')).toEqual(['api-1']);
    expect(await names('app in (db, worker)')).toEqual(['db-1', 'worker-1']);
    expect(await names('tier notin (web)')).toEqual(['db-1', 'worker-1']);
    expect(await names('tier')).toEqual(['api-1', 'api-2', 'db-1']);
    expect(await names('!tier')).toEqual(['worker-1']);
    expect(await names('app=api,!gpu')).toEqual(['api-1']);
    expect((await statusOf(names('app in ()'))).body).toMatchObject({
      code: 400,
      reason: 'BadRequest',
    });
    expect((await statusOf(names('app=a b'))).code).toBe(400);
  });

  it('matches field selectors the kind supports and refuses others', async () => {
    expect(await names(undefined, 'spec.nodeName=gpu-node-1')).toEqual([
      'api-2',
    ]);
    expect(await names('app=api', 'metadata.name!=api-2')).toEqual(['api-1']);
    const all = await core.listPodForAllNamespaces({
      fieldSelector: 'metadata.namespace=shop,status.phase=Pending',
    });
    expect(all.items).toHaveLength(4);
    expect(await statusOf(names(undefined, 'spec.foo=bar'))).toMatchObject({
      code: 400,
      body: { message: 'field label not supported: spec.foo' },
    });
  });

  it('pages with limit and continue', async () => {
    const first = await core.listNamespacedPod({ namespace: 'shop', limit: 3 });
    expect(first.items.map(p => p.metadata?.name)).toEqual([
      'api-1',
      'api-2',
      'db-1',
    ]);
    expect(first.metadata?.remainingItemCount).toBe(1);
    const second = await core.listNamespacedPod({
      namespace: 'shop',
      limit: 3,
      _continue: first.metadata?._continue,
    });
    expect(second.items.map(p => p.metadata?.name)).toEqual(['worker-1']);
    expect(second.metadata?._continue).toBeUndefined();
  });

  it('deletes a collection by label selector', async () => {
    const deleted = await core.deleteCollectionNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app=api',
    });
    expect(deleted).toMatchObject({ kind: 'PodList' });
    expect(await names()).toEqual(['db-1', 'worker-1']);
    expect(server.accounting.counts().writes).toEqual({
      'deletecollection pods': 1,
    });
  });
});
