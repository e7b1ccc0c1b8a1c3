import {
  KubernetesObject,
  V1LimitRange,
  V1Namespace,
  V1NetworkPolicy,
  V1ResourceQuota,
  V1RoleBinding,
} from '@kubernetes/client-node';
import { resolvePlatformEnvironment } from '@paved/plugin-paved-common';
import { EnvironmentRequest } from './environmentRequest';
import { EnvironmentSettings } from './EnvironmentSettings';

/** The labels and annotations Paved puts on what it provisions. @public */
export const ENVIRONMENT_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  component: 'paved.dev/component',
  environment: 'paved.dev/environment',
  owner: 'paved.dev/owner',
  kubernetesId: 'backstage.io/kubernetes-id',
} as const;

/** @public */
export const ENVIRONMENT_ANNOTATIONS = {
  expiresAt: 'paved.dev/expires-at',
  ttl: 'paved.dev/ttl',
  ownerRef: 'paved.dev/owner-ref',
  application: 'paved.dev/argocd-application',
} as const;

/** The selector of everything Paved made for one (component, environment). @public */
export function environmentSelector(
  component: string,
  environment: string,
): string {
  return [
    `${ENVIRONMENT_LABELS.managedBy}=paved`,
    `${ENVIRONMENT_LABELS.component}=${component}`,
    `${ENVIRONMENT_LABELS.environment}=${environment}`,
  ].join(',');
}

/** A group's name as a label value; an owner without one is labelled `unowned`. */
function labelsOf(request: EnvironmentRequest): Record<string, string> {
  return {
    [ENVIRONMENT_LABELS.managedBy]: 'paved',
    [ENVIRONMENT_LABELS.component]: request.component,
    [ENVIRONMENT_LABELS.environment]: request.environment,
    [ENVIRONMENT_LABELS.owner]: request.ownerGroup ?? 'unowned',
    [ENVIRONMENT_LABELS.kubernetesId]: request.component,
  };
}

/**
 * The expiry, counted from the namespace's creation so that re-running with the same TTL changes
 * nothing; rounded to the minute so that concurrent first runs agree.
 *
 * @public
 */
export function expiresAt(
  ttlMs: number,
  createdAt: string | undefined,
  now: Date,
): string {
  const start = createdAt ? Date.parse(createdAt) : now.getTime();
  const minute = 60_000;
  return new Date(Math.floor((start + ttlMs) / minute) * minute)
    .toISOString()
    .replace('.000Z', 'Z');
}

function namespaceSelector(names: string[]) {
  return {
    matchExpressions: [
      { key: 'kubernetes.io/metadata.name', operator: 'In', values: names },
    ],
  };
}

function networkPolicies(
  namespace: string,
  labels: Record<string, string>,
  settings: EnvironmentSettings,
): V1NetworkPolicy[] {
  const policy = (name: string, spec: V1NetworkPolicy['spec']) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels },
    spec,
  });
  return [
    policy('default-deny', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    }),
    policy('allow-from-ingress', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [
            {
              namespaceSelector: namespaceSelector(settings.ingressNamespaces),
            },
          ],
        },
      ],
    }),
    policy('allow-from-monitoring', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [
            {
              namespaceSelector: namespaceSelector(
                settings.monitoringNamespaces,
              ),
            },
          ],
        },
      ],
    }),
    policy('allow-dns-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            { namespaceSelector: namespaceSelector([settings.dnsNamespace]) },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
  ];
}

/**
 * Everything an environment consists of, in the order it is applied (the namespace first).
 * A re-run with the same TTL keeps the existing expiry; a changed TTL counts from the namespace's
 * creation.
 *
 * @public
 */
export function desiredObjects(
  request: EnvironmentRequest,
  settings: EnvironmentSettings,
  options: { now: Date; existingNamespace?: KubernetesObject },
): KubernetesObject[] {
  const { namespace } = request;
  const labels = labelsOf(request);
  const nsAnnotations: Record<string, string> = {
    [ENVIRONMENT_ANNOTATIONS.application]: namespace,
  };
  if (request.ownerRef) {
    nsAnnotations[ENVIRONMENT_ANNOTATIONS.ownerRef] = request.ownerRef;
  }
  if (request.ttl) {
    nsAnnotations[ENVIRONMENT_ANNOTATIONS.ttl] = request.ttl.text;
    const existing = options.existingNamespace?.metadata;
    const kept = existing?.annotations?.[ENVIRONMENT_ANNOTATIONS.expiresAt];
    nsAnnotations[ENVIRONMENT_ANNOTATIONS.expiresAt] =
      kept &&
      existing?.annotations?.[ENVIRONMENT_ANNOTATIONS.ttl] === request.ttl.text
        ? kept
        : expiresAt(
            request.ttl.ms,
            existing?.creationTimestamp
              ? new Date(existing.creationTimestamp).toISOString()
              : undefined,
            options.now,
          );
  }
  const ns: V1Namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        ...labels,
        'pod-security.kubernetes.io/enforce': 'restricted',
      },
      annotations: nsAnnotations,
    },
  };
  const quota = { ...settings.quota, ...request.quota };
  const hard: Record<string, string> = {
    'requests.cpu': quota.cpu,
    'requests.memory': quota.memory,
    'limits.memory': quota.memory,
    pods: quota.pods,
  };
  for (const [resource, count] of Object.entries(request.gpu)) {
    hard[`requests.${resource}`] = String(count);
  }
  const resourceQuota: V1ResourceQuota = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'environment-quota', namespace, labels },
    spec: { hard },
  };
  const defaults = settings.containerDefaults;
  const limitRange: V1LimitRange = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'container-defaults', namespace, labels },
    spec: {
      limits: [
        {
          type: 'Container',
          defaultRequest: {
            cpu: defaults.cpuRequest,
            memory: defaults.memoryRequest,
          },
          _default: { cpu: defaults.cpuLimit, memory: defaults.memoryLimit },
        },
      ],
    },
  };
  const objects: KubernetesObject[] = [
    ns,
    resourceQuota,
    limitRange,
    ...networkPolicies(namespace, labels, settings),
  ];
  if (request.ownerGroup) {
    const roleBinding: V1RoleBinding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `owner-${settings.clusterRole}`, namespace, labels },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: settings.clusterRole,
      },
      subjects: [
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Group',
          name: request.ownerGroup,
        },
      ],
    };
    objects.push(roleBinding);
  }
  if (request.repoUrl) {
    objects.push(application(request, settings, labels));
  }
  return objects;
}

function application(
  request: EnvironmentRequest,
  settings: EnvironmentSettings,
  labels: Record<string, string>,
): KubernetesObject {
  const { component, namespace, baseEnvironment } = request;
  const platform = resolvePlatformEnvironment(
    baseEnvironment,
    settings.platformEnvironments,
  );
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: namespace,
      namespace: settings.argocdNamespace,
      labels: { ...labels, 'app.kubernetes.io/instance': component },
    },
    spec: {
      project: 'default',
      source: {
        repoURL: request.repoUrl,
        targetRevision: 'HEAD',
        path: `charts/${component}`,
        helm: {
          releaseName: component,
          valueFiles: ['values.yaml', `values-${baseEnvironment}.yaml`],
        },
      },
      destination: { server: platform.argocdServer, namespace },
      syncPolicy:
        baseEnvironment === 'prod'
          ? { syncOptions: ['ServerSideApply=true'] }
          : {
              automated: { prune: true, selfHeal: true },
              syncOptions: ['ServerSideApply=true'],
            },
    },
  } as KubernetesObject;
}
