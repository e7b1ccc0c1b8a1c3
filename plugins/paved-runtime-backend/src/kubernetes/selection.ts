import { Entity } from '@backstage/catalog-model';
import { PAVED_RUNTIME_ANNOTATIONS } from '@paved/plugin-paved-runtime-common';

/** How the Kubernetes plugin finds an entity's objects. */
export interface ObjectSelection {
  labelSelector: string;
  /** Only this namespace when `backstage.io/kubernetes-namespace` is set. */
  namespace?: string;
}

export function selectionFor(entity: Entity): ObjectSelection {
  const annotations = entity.metadata.annotations ?? {};
  const labelSelector =
    annotations[PAVED_RUNTIME_ANNOTATIONS.kubernetesLabelSelector] ??
    `backstage.io/kubernetes-id=${
      annotations[PAVED_RUNTIME_ANNOTATIONS.kubernetesId] ??
      entity.metadata.name
    }`;
  const namespace = annotations[PAVED_RUNTIME_ANNOTATIONS.kubernetesNamespace];
  return { labelSelector, ...(namespace ? { namespace } : {}) };
}
