import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  parsePlatformEnvironments,
  PlatformEnvironments,
} from '@paved/plugin-paved-common';
import { isQuantity } from './environmentRequest';

/** Platform settings of provisioned environments (`paved.environments`), defaults filled in. @public */
export interface EnvironmentSettings {
  /** Namespaces whose pods may reach the environment's pods: the ingress controller's. */
  ingressNamespaces: string[];
  /** Namespaces whose pods may scrape the environment's pods. */
  monitoringNamespaces: string[];
  /** The namespace of the cluster DNS, the one egress every environment has. */
  dnsNamespace: string;
  /** The ClusterRole the owning group gets in its namespace. */
  clusterRole: string;
  /** Where Argo CD Applications live. */
  argocdNamespace: string;
  /** Default quota when the request names none. */
  quota: { cpu: string; memory: string; pods: string };
  /** Container defaults of the LimitRange. */
  containerDefaults: {
    cpuRequest: string;
    memoryRequest: string;
    cpuLimit: string;
    memoryLimit: string;
  };
  /** Longest time one Kubernetes API call may take. */
  requestTimeoutMs: number;
  /** `paved.templates.environments`: the Argo CD destination per environment. */
  platformEnvironments: PlatformEnvironments;
}

/** The documented defaults, used by the CLI without `--config`. @public */
export const DEFAULT_ENVIRONMENT_SETTINGS: EnvironmentSettings = {
  ingressNamespaces: ['ingress-nginx'],
  monitoringNamespaces: ['monitoring'],
  dnsNamespace: 'kube-system',
  clusterRole: 'edit',
  argocdNamespace: 'argocd',
  quota: { cpu: '4', memory: '8Gi', pods: '20' },
  containerDefaults: {
    cpuRequest: '100m',
    memoryRequest: '128Mi',
    cpuLimit: '1',
    memoryLimit: '512Mi',
  },
  requestTimeoutMs: 10_000,
  platformEnvironments: {},
};

function quantity(config: Config, key: string, fallback: string): string {
  const value = config.getOptionalString(key) ?? fallback;
  if (!isQuantity(value)) {
    throw new InputError(
      `paved.environments.${key}: '${value}' is not a Kubernetes quantity`,
    );
  }
  return value;
}

/**
 * Reads `paved.environments` and `paved.templates.environments`; a missing config gives the
 * documented defaults.
 *
 * @public
 */
export function readEnvironmentSettings(root?: Config): EnvironmentSettings {
  const d = DEFAULT_ENVIRONMENT_SETTINGS;
  const platform = parsePlatformEnvironments(
    root?.getOptional('paved.templates.environments'),
  );
  if (!platform.success) {
    throw new InputError(
      `paved.templates.environments: ${platform.problems.join('; ')}`,
    );
  }
  const config = root?.getOptionalConfig('paved.environments');
  if (!config) {
    return { ...d, platformEnvironments: platform.data };
  }
  return {
    ingressNamespaces:
      config.getOptionalStringArray('ingressNamespaces') ?? d.ingressNamespaces,
    monitoringNamespaces:
      config.getOptionalStringArray('monitoringNamespaces') ??
      d.monitoringNamespaces,
    dnsNamespace: config.getOptionalString('dnsNamespace') ?? d.dnsNamespace,
    clusterRole: config.getOptionalString('clusterRole') ?? d.clusterRole,
    argocdNamespace:
      config.getOptionalString('argocdNamespace') ?? d.argocdNamespace,
    quota: {
      cpu: quantity(config, 'quota.cpu', d.quota.cpu),
      memory: quantity(config, 'quota.memory', d.quota.memory),
      pods: quantity(config, 'quota.pods', d.quota.pods),
    },
    containerDefaults: {
      cpuRequest: quantity(
        config,
        'containerDefaults.cpuRequest',
        d.containerDefaults.cpuRequest,
      ),
      memoryRequest: quantity(
        config,
        'containerDefaults.memoryRequest',
        d.containerDefaults.memoryRequest,
      ),
      cpuLimit: quantity(
        config,
        'containerDefaults.cpuLimit',
        d.containerDefaults.cpuLimit,
      ),
      memoryLimit: quantity(
        config,
        'containerDefaults.memoryLimit',
        d.containerDefaults.memoryLimit,
      ),
    },
    requestTimeoutMs:
      config.getOptionalNumber('requestTimeoutMs') ?? d.requestTimeoutMs,
    platformEnvironments: platform.data,
  };
}
