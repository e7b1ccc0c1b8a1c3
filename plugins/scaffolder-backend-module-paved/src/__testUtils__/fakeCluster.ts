import { ConfigReader } from '@backstage/config';
import {
  demoDataset,
  FakeKubernetesServer,
} from '@paved/kubernetes-test-utils';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';

export const CLUSTER_TOKEN = 'scaffolder-cluster-token-77e1';

/** The demo cluster as `demo`, and the provisioner the module builds from that config. */
export async function startDemoCluster() {
  const server = await FakeKubernetesServer.start({
    objects: demoDataset(),
    users: [{ token: CLUSTER_TOKEN, name: 'paved' }],
  });
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [server.backstageCluster({ name: 'demo' })],
        },
      ],
    },
    paved: { environments: { requestTimeoutMs: 2000 } },
  });
  return {
    server,
    config,
    provisioner: EnvironmentProvisioner.fromConfig(config),
  };
}
