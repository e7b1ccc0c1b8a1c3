import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ResourceEntity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ENVIRONMENT_ANNOTATIONS,
  ENVIRONMENT_LABELS,
  EnvironmentSummary,
} from '@paved/plugin-paved-node';

/** What Backstage's Kubernetes plugin narrows an entity's objects to. */
const KUBERNETES_NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

/** The annotations of an environment entity that the namespace's labels do not already give. @public */
export const ENVIRONMENT_ENTITY_ANNOTATIONS = {
  cluster: 'paved.dev/cluster',
  namespace: 'paved.dev/namespace',
  application: ENVIRONMENT_ANNOTATIONS.application,
  expiresAt: ENVIRONMENT_ANNOTATIONS.expiresAt,
} as const;

/**
 * The catalog namespace of a cluster's environments: the cluster's name, made a valid catalog
 * namespace. A Kubernetes namespace is unique only within its cluster, so the cluster qualifies
 * the entity's name through its catalog namespace: `resource:demo/orders-api-pr-42`.
 *
 * @public
 */
export function catalogNamespaceOf(cluster: string): string {
  const namespace = cluster
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return namespace || 'default';
}

/** Where the catalog says an environment entity comes from; also its mutation's location key. */
export function environmentLocation(cluster: string): string {
  return `paved-environments:${cluster}`;
}

/**
 * One Paved environment (a namespace labelled `app.kubernetes.io/managed-by: paved`) as a
 * `Resource` of type `environment`, a dependency of its component.
 *
 * @public
 */
export function environmentEntity(
  environment: EnvironmentSummary,
  options: { componentNamespace: string },
): ResourceEntity {
  const { cluster, namespace, component, application, expiresAt } = environment;
  const location = environmentLocation(cluster);
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [ENVIRONMENT_ENTITY_ANNOTATIONS.cluster]: cluster,
    [ENVIRONMENT_ENTITY_ANNOTATIONS.namespace]: namespace,
    [ENVIRONMENT_LABELS.kubernetesId]: component,
    [KUBERNETES_NAMESPACE_ANNOTATION]: namespace,
  };
  if (application) {
    annotations[ENVIRONMENT_ENTITY_ANNOTATIONS.application] = application;
  }
  if (expiresAt) {
    annotations[ENVIRONMENT_ENTITY_ANNOTATIONS.expiresAt] = expiresAt;
  }
  const componentRef = stringifyEntityRef({
    kind: 'component',
    namespace: options.componentNamespace,
    name: component,
  });
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: namespace,
      namespace: catalogNamespaceOf(cluster),
      title: `${component} ${environment.environment} (${cluster})`,
      description: `Paved environment ${
        environment.environment
      } of ${component}: namespace ${namespace} on cluster ${cluster}${
        expiresAt ? `, expires ${expiresAt}` : ''
      }`,
      labels: {
        [ENVIRONMENT_LABELS.component]: component,
        [ENVIRONMENT_LABELS.environment]: environment.environment,
      },
      annotations,
    },
    spec: {
      type: 'environment',
      owner:
        environment.owner ??
        `group:${options.componentNamespace}/${
          environment.ownerGroup ?? 'unowned'
        }`,
      dependencyOf: [componentRef],
    },
  };
}
