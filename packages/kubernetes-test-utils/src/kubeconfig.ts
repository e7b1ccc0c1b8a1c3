import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';

/** Which identity and namespace a kubeconfig for the fake server uses. */
export interface KubeConfigOptions {
  /** Bearer token; the server's first user's when omitted. */
  token?: string;
  /** Default namespace of the context. */
  namespace?: string;
  /** Name of the cluster, user and context entries (default `fake`). */
  name?: string;
}

interface KubeConfigParts {
  name: string;
  server: string;
  token?: string;
  namespace?: string;
}

// @kubernetes/client-node refuses plain-HTTP clusters unless TLS verification is skipped.
export function makeKubeConfig(parts: KubeConfigParts): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: parts.name, server: parts.server, skipTLSVerify: true }],
    users: [
      { name: parts.name, ...(parts.token ? { token: parts.token } : {}) },
    ],
    contexts: [
      {
        name: parts.name,
        cluster: parts.name,
        user: parts.name,
        ...(parts.namespace ? { namespace: parts.namespace } : {}),
      },
    ],
    currentContext: parts.name,
  });
  return kubeConfig;
}

export function kubeconfigText(parts: KubeConfigParts): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: parts.name,
        cluster: { server: parts.server, 'insecure-skip-tls-verify': true },
      },
    ],
    users: [
      { name: parts.name, user: parts.token ? { token: parts.token } : {} },
    ],
    contexts: [
      {
        name: parts.name,
        context: {
          cluster: parts.name,
          user: parts.name,
          ...(parts.namespace ? { namespace: parts.namespace } : {}),
        },
      },
    ],
    'current-context': parts.name,
  });
}
