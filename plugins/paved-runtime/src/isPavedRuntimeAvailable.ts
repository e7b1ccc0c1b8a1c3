import { Entity } from '@backstage/catalog-model';
import { PAVED_RUNTIME_ANNOTATIONS } from '@paved/plugin-paved-runtime-common';

/**
 * Whether the runtime backend can find the entity's workloads: it has a
 * `backstage.io/kubernetes-id` or `backstage.io/kubernetes-label-selector` annotation.
 *
 * @public
 */
export function isPavedRuntimeAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[PAVED_RUNTIME_ANNOTATIONS.kubernetesId] ||
      annotations[PAVED_RUNTIME_ANNOTATIONS.kubernetesLabelSelector],
  );
}
