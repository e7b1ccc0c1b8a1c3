import { ConfigReader } from '@backstage/config';
import {
  demoDataset,
  FakeKubernetesServer,
} from '@paved/kubernetes-test-utils';
import { EnvironmentProvisioner } from '../EnvironmentProvisioner';
import { readEnvironmentSettings } from '../EnvironmentSettings';
import { KubernetesClusters } from '../KubernetesClusters';

export const TOKEN = 'paved-secret-token-4f9a1c';

/** The demo cluster with a token, and the provisioner configured for it as `demo`. */
export async function startFakeCluster(options: { timeoutMs?: number } = {}) {
  const server = await FakeKubernetesServer.start({
    objects: demoDataset(),
    users: [{ token: TOKEN, name: 'paved-provisioner' }],
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
    paved: {
      environments: { requestTimeoutMs: options.timeoutMs ?? 2000 },
      templates: {
        environments: {
          staging: { argocdServer: 'https://staging.example.com' },
        },
      },
    },
  });
  const settings = readEnvironmentSettings(config);
  const provisioner = EnvironmentProvisioner.create({
    clusters: KubernetesClusters.fromConfig(config, {
      timeoutMs: settings.requestTimeoutMs,
    }),
    settings,
    now: () => new Date('2026-12-02T10:00:00Z'),
  });
  return { server, config, provisioner };
}

export const REQUEST = {
  component: 'orders-api',
  environment: 'pr-42',
  cluster: 'demo',
  owner: 'group:default/team-a',
  repoUrl: 'https://github.com/paved-dev/orders-api.git',
  ttl: '72h',
};
