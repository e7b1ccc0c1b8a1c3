import { CoreV1Api } from '@kubernetes/client-node';
import { FakeKubernetesServer } from '../server/FakeKubernetesServer';

// The example in README.md, kept working.
it('provisions the namespace once', async () => {
  const server = await FakeKubernetesServer.start({
    objects: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
  });
  const core = server.kubeConfig().makeApiClient(CoreV1Api);
  await core.createNamespacedConfigMap({
    namespace: 'shop',
    body: { metadata: { name: 'settings' } },
  });
  expect(server.accounting.counts().writes).toEqual({ 'create configmaps': 1 });
  await server.stop();
});
