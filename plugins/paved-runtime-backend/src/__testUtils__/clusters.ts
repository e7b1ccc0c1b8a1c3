import { FakeKubernetesServer } from '@paved/kubernetes-test-utils';
import { KubeConfig } from '@kubernetes/client-node';
import { RuntimeCluster } from '../config';

/** A RuntimeCluster for a fake server, as readRuntimeConfig would build it. */
export function clusterOf(
  server: FakeKubernetesServer,
  name = 'demo',
  extra: Partial<RuntimeCluster> = {},
): RuntimeCluster {
  const kubeConfig: KubeConfig = server.kubeConfig({ token: 'demo-token' });
  return { name, environment: name, demo: false, kubeConfig, ...extra };
}
