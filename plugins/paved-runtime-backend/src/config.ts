import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';

/** An HTTP API of a cluster's observability stack. */
export interface HttpEndpoint {
  url: string;
  headers: Record<string, string>;
}

/** One cluster of `kubernetes.clusterLocatorMethods`, with its Paved runtime settings. */
export interface RuntimeCluster {
  name: string;
  /** Environment of a namespace without the `paved.dev/environment` label. */
  environment: string;
  demo: boolean;
  kubeConfig: KubeConfig;
  prometheus?: HttpEndpoint;
  alertmanager?: HttpEndpoint;
}

export interface RuntimeConfig {
  timeoutMs: number;
  cacheTtlSeconds: number;
  entityCacheSeconds: number;
  clusters: RuntimeCluster[];
  /** Names under paved.runtime.clusters that no cluster locator lists. */
  ignoredSettings: string[];
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_CACHE_TTL_SECONDS = 15;
const DEFAULT_ENTITY_CACHE_SECONDS = 5;

function readEndpoint(config: Config | undefined): HttpEndpoint | undefined {
  if (!config) return undefined;
  const headers = config.getOptionalConfig('headers');
  return {
    url: config.getString('url').replace(/\/+$/, ''),
    headers: Object.fromEntries(
      (headers?.keys() ?? []).map(key => [key, headers!.getString(key)]),
    ),
  };
}

/** A KubeConfig with the credentials the Kubernetes plugin's `config` locator would use. */
function buildKubeConfig(cluster: Config): KubeConfig {
  const name = cluster.getString('name');
  const token = cluster.getOptionalString('serviceAccountToken');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name,
        server: cluster.getString('url'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        caData: cluster.getOptionalString('caData'),
      },
    ],
    users: [{ name, ...(token ? { token } : {}) }],
    contexts: [{ name, cluster: name, user: name }],
    currentContext: name,
  });
  return kubeConfig;
}

/**
 * Reads `paved.runtime` and the clusters of `kubernetes.clusterLocatorMethods` (type `config`):
 * the Kubernetes plugin's list of clusters is the only one.
 */
export function readRuntimeConfig(config: Config): RuntimeConfig {
  const runtime = config.getOptionalConfig('paved.runtime');
  const timeoutMs =
    runtime?.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const cacheTtlSeconds =
    runtime?.getOptionalNumber('cacheTtlSeconds') ?? DEFAULT_CACHE_TTL_SECONDS;
  const entityCacheSeconds =
    runtime?.getOptionalNumber('entityCacheSeconds') ??
    DEFAULT_ENTITY_CACHE_SECONDS;
  if (!(timeoutMs > 0)) {
    throw new InputError('paved.runtime.timeoutMs: must be a positive number');
  }
  if (!(cacheTtlSeconds >= 0)) {
    throw new InputError('paved.runtime.cacheTtlSeconds: must not be negative');
  }
  if (!(entityCacheSeconds >= 0)) {
    throw new InputError(
      'paved.runtime.entityCacheSeconds: must not be negative',
    );
  }
  const settings = runtime?.getOptionalConfig('clusters');
  const clusters: RuntimeCluster[] = [];
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getString('name');
      const own = settings?.getOptionalConfig(name);
      clusters.push({
        name,
        environment: own?.getOptionalString('environment') ?? name,
        demo: own?.getOptionalBoolean('demo') ?? false,
        kubeConfig: buildKubeConfig(cluster),
        prometheus: readEndpoint(own?.getOptionalConfig('prometheus')),
        alertmanager: readEndpoint(own?.getOptionalConfig('alertmanager')),
      });
    }
  }
  // Settings for a cluster no locator lists are ignored: app-config.production.yaml replaces the
  // cluster list while the settings of app-config.yaml's demo cluster merge in.
  const known = new Set(clusters.map(c => c.name));
  const ignoredSettings = (settings?.keys() ?? []).filter(n => !known.has(n));
  return {
    timeoutMs,
    cacheTtlSeconds,
    entityCacheSeconds,
    clusters,
    ignoredSettings,
  };
}
