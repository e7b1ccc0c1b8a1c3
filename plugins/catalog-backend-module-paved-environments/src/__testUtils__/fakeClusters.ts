import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { FakeKubernetesServer } from '@paved/kubernetes-test-utils';
import {
  EnvironmentProvisioner,
  KubernetesClusters,
  readEnvironmentSettings,
} from '@paved/plugin-paved-node';

export const TOKEN = 'paved-catalog-token-7d21e0';
const NOW = new Date('2026-12-02T10:00:00Z');

/** Two fake clusters, `demo` and `edge`, and the backend config that names them. */
export async function startClusters() {
  const cluster = () =>
    FakeKubernetesServer.start({
      users: [{ token: TOKEN, name: 'paved' }],
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } },
      ],
    });
  const servers = { demo: await cluster(), edge: await cluster() };
  const configData = {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: Object.entries(servers).map(([name, server]) =>
            server.backstageCluster({ name }),
          ),
        },
      ],
    },
    paved: { environments: { requestTimeoutMs: 1500 } },
  };
  const config = new ConfigReader(configData);
  const settings = readEnvironmentSettings(config);
  const provisioner = (now: Date = NOW) =>
    EnvironmentProvisioner.create({
      clusters: KubernetesClusters.fromConfig(config, {
        timeoutMs: settings.requestTimeoutMs,
      }),
      settings,
      now: () => now,
    });
  return {
    servers,
    configData,
    provisioner,
    stop: () => Promise.all(Object.values(servers).map(s => s.stop())),
  };
}

/** An environment as the scaffolder action would provision it. */
export function request(
  component: string,
  environment: string,
  cluster: string,
  extra: { ttl?: string } = {},
) {
  return {
    component,
    environment,
    cluster,
    owner: 'group:default/team-a',
    repoUrl: `https://github.com/paved-dev/${component}.git`,
    ...extra,
  };
}

/** Namespaces that are not Paved's: no label, and another manager's label. */
export function loadForeignNamespaces(server: FakeKubernetesServer) {
  server.load([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch' } },
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'helm-things',
        labels: {
          'app.kubernetes.io/managed-by': 'Helm',
          'paved.dev/component': 'orders-api',
          'paved.dev/environment': 'dev',
        },
      },
    },
  ]);
}

/** Records what a provider hands the catalog. */
export class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];

  async applyMutation(mutation: EntityProviderMutation): Promise<void> {
    this.mutations.push(mutation);
  }

  async refresh(): Promise<void> {}

  get last(): EntityProviderMutation {
    return this.mutations[this.mutations.length - 1];
  }
}

/** A logger whose lines the test reads, every level included. */
export function recordingLogger() {
  const lines: string[] = [];
  const logger: LoggerService = {
    error: message => void lines.push(`error: ${message}`),
    warn: message => void lines.push(`warn: ${message}`),
    info: message => void lines.push(`info: ${message}`),
    debug: message => void lines.push(`debug: ${message}`),
    child: () => logger,
  };
  return { logger, lines };
}
