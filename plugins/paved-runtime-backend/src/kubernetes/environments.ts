import {
  V1Deployment,
  V1Namespace,
  V1Pod,
  V1ResourceQuota,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import {
  PAVED_ENVIRONMENT_LABEL,
  RuntimeGpuNode,
} from '@paved/plugin-paved-runtime-common';
import { KubernetesEnvironment } from '../snapshots';
import { gpuQuota, gpuWorkloads, ownerOf } from './gpu';
import { toRuntimeHpa } from './hpas';

/** The fields of an Argo CD Application the runtime view reads. */
export interface ArgoApplication {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    destination?: { namespace?: string; server?: string; name?: string };
  };
  status?: { sync?: { status?: string }; health?: { status?: string } };
}

export interface EnvironmentInputs {
  clusterEnvironment: string;
  namespaces: V1Namespace[];
  pods: V1Pod[];
  deployments: V1Deployment[];
  hpas: V2HorizontalPodAutoscaler[];
  quotas: V1ResourceQuota[];
  /** The cluster's GPU nodes (gpuInventory), whatever pods run on them. */
  gpuNodes: RuntimeGpuNode[];
  applications: ArgoApplication[];
  onlyNamespace?: string;
}

const namespaceOf = (o: { metadata?: { namespace?: string } }) =>
  o.metadata?.namespace ?? '';

function inNamespace<T extends { metadata?: { namespace?: string } }>(
  items: T[],
  namespace: string,
): T[] {
  return items.filter(i => namespaceOf(i) === namespace);
}

/**
 * Environments are the (cluster, namespace) pairs holding the entity's pods, Deployments or
 * HPAs; each is named by the namespace's `paved.dev/environment` label, else the cluster's.
 */
export function buildEnvironments(
  input: EnvironmentInputs,
): KubernetesEnvironment[] {
  const found = new Set(
    [...input.pods, ...input.deployments, ...input.hpas].map(namespaceOf),
  );
  if (input.onlyNamespace) {
    for (const ns of [...found])
      if (ns !== input.onlyNamespace) found.delete(ns);
  }
  const labelsOf = new Map(
    input.namespaces.map(n => [
      n.metadata?.name ?? '',
      n.metadata?.labels ?? {},
    ]),
  );
  return [...found].sort().map(namespace => {
    const pods = inNamespace(input.pods, namespace);
    const workloads = gpuWorkloads(pods);
    const nodeNames = new Set(
      pods
        .filter(p =>
          workloads.some(w => w.podNames.includes(p.metadata?.name ?? '')),
        )
        .map(p => p.spec?.nodeName),
    );
    const application = input.applications.find(
      a => a.spec?.destination?.namespace === namespace,
    );
    return {
      name:
        labelsOf.get(namespace)?.[PAVED_ENVIRONMENT_LABEL] ??
        input.clusterEnvironment,
      namespace,
      hpas: inNamespace(input.hpas, namespace).map(toRuntimeHpa),
      gpu: {
        workloads,
        nodes: input.gpuNodes.filter(n => nodeNames.has(n.name)),
        quota: gpuQuota(inNamespace(input.quotas, namespace)),
      },
      argocd: application
        ? {
            application: application.metadata?.name ?? '',
            sync: application.status?.sync?.status ?? null,
            health: application.status?.health?.status ?? null,
          }
        : null,
      workloads: [
        ...new Set([
          ...pods.map(p => ownerOf(p).name),
          ...inNamespace(input.deployments, namespace).map(
            d => d.metadata?.name ?? '',
          ),
          ...inNamespace(input.hpas, namespace).flatMap(h => [
            h.metadata?.name ?? '',
            h.spec?.scaleTargetRef.name ?? '',
          ]),
        ]),
      ].filter(Boolean),
      pods: pods.map(p => p.metadata?.name ?? ''),
    };
  });
}
