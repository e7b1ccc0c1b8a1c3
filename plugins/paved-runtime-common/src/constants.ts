import { CompoundEntityRef } from '@backstage/catalog-model';

/** The backend plugin id, which is also the discovery id of the API. @public */
export const PAVED_RUNTIME_PLUGIN_ID = 'paved-runtime';

/** The API version prefix under the plugin's base URL. @public */
export const PAVED_RUNTIME_API_VERSION = 'v1';

/** The route template of the one read, relative to the plugin's base URL. @public */
export const PAVED_RUNTIME_ENTITY_ROUTE = '/v1/entities/:kind/:namespace/:name';

/** The path of one entity's runtime state, relative to the plugin's base URL. @public */
export function runtimeEntityPath(ref: CompoundEntityRef): string {
  return `/${PAVED_RUNTIME_API_VERSION}/entities/${[
    ref.kind,
    ref.namespace,
    ref.name,
  ]
    .map(encodeURIComponent)
    .join('/')}`;
}

/** The Actions Registry action that returns the same state (MCP tool). @public */
export const PAVED_RUNTIME_ACTION_ID = 'get-runtime-state';

/** Entity annotations the runtime backend reads. @public */
export const PAVED_RUNTIME_ANNOTATIONS = {
  /** Alertmanager matchers (`name="v"`, comma separated), used exactly as given. */
  alertMatchers: 'paved.dev/alert-matchers',
  kubernetesId: 'backstage.io/kubernetes-id',
  kubernetesLabelSelector: 'backstage.io/kubernetes-label-selector',
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
} as const;

/** The namespace label naming an environment. @public */
export const PAVED_ENVIRONMENT_LABEL = 'paved.dev/environment';

/** GPU resource names counted as GPUs: whole NVIDIA and AMD GPUs and NVIDIA MIG slices. @public */
export function isGpuResource(resource: string): boolean {
  return (
    resource === 'nvidia.com/gpu' ||
    resource === 'amd.com/gpu' ||
    resource.startsWith('nvidia.com/mig-')
  );
}
