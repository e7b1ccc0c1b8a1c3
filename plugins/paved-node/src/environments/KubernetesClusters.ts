import { KubeConfig } from '@kubernetes/client-node';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ClusterConnection } from './ClusterConnection';

/**
 * The clusters Paved may provision on: those of `kubernetes.clusterLocatorMethods` (type
 * `config`, the list Backstage's Kubernetes plugin reads) for the backend, or the clusters of a
 * kubeconfig for the CLI.
 *
 * @public
 */
export class KubernetesClusters {
  readonly #configs: Map<string, KubeConfig>;
  readonly #problems: Map<string, string>;
  readonly #timeoutMs: number;

  /** Clusters of `kubernetes.clusterLocatorMethods`, authenticated with their service account token. */
  static fromConfig(
    config: Config,
    options: { timeoutMs: number },
  ): KubernetesClusters {
    const configs = new Map<string, KubeConfig>();
    const problems = new Map<string, string>();
    const methods =
      config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
    for (const method of methods) {
      if (method.getString('type') !== 'config') {
        continue;
      }
      for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
        const name = cluster.getString('name');
        const authProvider = cluster.getOptionalString('authProvider');
        const token = cluster.getOptionalString('serviceAccountToken');
        if (authProvider !== 'serviceAccount' || !token) {
          problems.set(
            name,
            `cluster ${name} uses authProvider ${authProvider}; Paved provisions with a serviceAccount token (serviceAccountToken)`,
          );
          continue;
        }
        const kubeConfig = new KubeConfig();
        kubeConfig.loadFromOptions({
          clusters: [
            {
              name,
              server: cluster.getString('url'),
              skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify'),
              caData: cluster.getOptionalString('caData'),
              caFile: cluster.getOptionalString('caFile'),
            },
          ],
          users: [{ name: 'paved', token }],
          contexts: [{ name, cluster: name, user: 'paved' }],
          currentContext: name,
        });
        configs.set(name, kubeConfig);
      }
    }
    return new KubernetesClusters(configs, problems, options.timeoutMs);
  }

  /** Every cluster of a kubeconfig, each with the user of the first context that uses it. */
  static fromKubeConfig(
    kubeConfig: KubeConfig,
    options: { timeoutMs: number },
  ): KubernetesClusters {
    const configs = new Map<string, KubeConfig>();
    for (const cluster of kubeConfig.getClusters()) {
      const context =
        kubeConfig
          .getContexts()
          .find(
            c =>
              c.cluster === cluster.name &&
              c.name === kubeConfig.getCurrentContext(),
          ) ?? kubeConfig.getContexts().find(c => c.cluster === cluster.name);
      if (!context) {
        continue;
      }
      const user = kubeConfig.getUser(context.user);
      const single = new KubeConfig();
      single.loadFromOptions({
        clusters: [cluster],
        users: user ? [user] : [],
        contexts: [{ ...context, name: cluster.name }],
        currentContext: cluster.name,
      });
      configs.set(cluster.name, single);
    }
    return new KubernetesClusters(configs, new Map(), options.timeoutMs);
  }

  private constructor(
    configs: Map<string, KubeConfig>,
    problems: Map<string, string>,
    timeoutMs: number,
  ) {
    this.#configs = configs;
    this.#problems = problems;
    this.#timeoutMs = timeoutMs;
  }

  names(): string[] {
    return [...this.#configs.keys()];
  }

  /** A connection to the named cluster, or an InputError naming the field and the known clusters. */
  connect(name: string, field = 'cluster'): ClusterConnection {
    const kubeConfig = this.#configs.get(name);
    if (!kubeConfig) {
      const problem = this.#problems.get(name);
      throw new InputError(
        problem
          ? `${field}: ${problem}`
          : `${field}: '${name}' is not a configured cluster; the clusters are ${
              this.names().join(', ') || 'none'
            }`,
      );
    }
    return ClusterConnection.fromKubeConfig(name, kubeConfig, {
      timeoutMs: this.#timeoutMs,
    });
  }
}
