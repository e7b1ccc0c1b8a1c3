import {
  V1Container,
  V1Node,
  V1Pod,
  V1ResourceQuota,
} from '@kubernetes/client-node';
// The client's quantity parser is not re-exported from its index.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { quantityToScalar } from '@kubernetes/client-node/dist/util';
import {
  RuntimeGpu,
  RuntimeGpuNode,
  RuntimeGpuWorkload,
  isGpuResource,
} from '@paved/plugin-paved-runtime-common';

function count(quantity: unknown): number {
  if (quantity === undefined || quantity === null) return 0;
  const n = Number(quantityToScalar(String(quantity)));
  return Number.isFinite(n) ? n : 0;
}

function gpuCounts(resources: Record<string, unknown> | undefined) {
  const out: Record<string, number> = {};
  for (const [name, quantity] of Object.entries(resources ?? {})) {
    if (isGpuResource(name)) out[name] = count(quantity);
  }
  return out;
}

/** The GPUs one container asks for, by resource. */
function containerGpus(container: V1Container) {
  const requests = gpuCounts(container.resources?.requests);
  const limits = gpuCounts(container.resources?.limits);
  return [...new Set([...Object.keys(requests), ...Object.keys(limits)])].map(
    resource => ({
      resource,
      // Extended resources cannot be overcommitted: a request defaults to the limit.
      requested: requests[resource] ?? limits[resource] ?? 0,
      limit: limits[resource] ?? 0,
    }),
  );
}

/** The workload that owns a pod: a ReplicaSet's pods belong to its Deployment. */
export function ownerOf(pod: V1Pod): { kind: string; name: string } {
  const owner =
    pod.metadata?.ownerReferences?.find(o => o.controller) ??
    pod.metadata?.ownerReferences?.[0];
  if (!owner) return { kind: 'Pod', name: pod.metadata?.name ?? '' };
  const hash = pod.metadata?.labels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) {
    return {
      kind: 'Deployment',
      name: owner.name.slice(0, -hash.length - 1),
    };
  }
  return { kind: owner.kind, name: owner.name };
}

/** A GPU a container asks for, per pod; `pods` counts the workload's pods asking for it. */
export interface GpuClaim extends RuntimeGpuWorkload {
  podNames: string[];
}

export function gpuWorkloads(pods: V1Pod[]): GpuClaim[] {
  const byKey = new Map<string, GpuClaim>();
  for (const pod of pods) {
    if (['Succeeded', 'Failed'].includes(pod.status?.phase ?? '')) continue;
    const owner = ownerOf(pod);
    for (const container of pod.spec?.containers ?? []) {
      for (const { resource, requested, limit } of containerGpus(container)) {
        const key = [owner.kind, owner.name, container.name, resource].join(
          '/',
        );
        const claim = byKey.get(key) ?? {
          ...owner,
          container: container.name,
          resource,
          requested,
          limit,
          pods: 0,
          podNames: [],
          utilizationPercent: null,
          memoryUsedBytes: null,
          memoryTotalBytes: null,
        };
        claim.pods += 1;
        claim.podNames.push(pod.metadata?.name ?? '');
        byKey.set(key, claim);
      }
    }
  }
  return [...byKey.values()];
}

/** GPUs the pods on a node ask for, by resource. */
function allocatedOn(pods: V1Pod[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pod of pods) {
    if (['Succeeded', 'Failed'].includes(pod.status?.phase ?? '')) continue;
    for (const container of pod.spec?.containers ?? []) {
      for (const { resource, requested } of containerGpus(container)) {
        out[resource] = (out[resource] ?? 0) + requested;
      }
    }
  }
  return out;
}

const MIB = 1024 * 1024;

function optionalNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Memory of one GPU: GFD's `nvidia.com/gpu.memory` (MiB) or the AMD labeller's `amd.com/gpu.vram`. */
function nodeGpuMemoryBytes(labels: Record<string, string>): number | null {
  const nvidiaMemoryMib = optionalNumber(labels['nvidia.com/gpu.memory']);
  if (nvidiaMemoryMib !== null) return nvidiaMemoryMib * MIB;
  const amdVram = labels['amd.com/gpu.vram'];
  if (!amdVram) return null;
  return count(amdVram.endsWith('B') ? amdVram.slice(0, -1) : amdVram);
}

/** A node's GPUs and what GPU feature discovery (NVIDIA) or the AMD node labeller says of them. */
function gpuNode(
  node: V1Node,
  allocated: Record<string, number>,
): RuntimeGpuNode {
  const labels = node.metadata?.labels ?? {};
  return {
    name: node.metadata?.name ?? '',
    product:
      labels['nvidia.com/gpu.product'] ??
      labels['amd.com/gpu.product-name'] ??
      labels['amd.com/gpu.family'] ??
      '',
    memoryBytes: nodeGpuMemoryBytes(labels),
    capacity: gpuCounts(node.status?.capacity),
    allocatable: gpuCounts(node.status?.allocatable),
    allocated,
    utilizationPercent: null,
    sharing: {
      strategy: labels['nvidia.com/gpu.sharing-strategy'] ?? null,
      migStrategy: labels['nvidia.com/mig.strategy'] ?? null,
      timeSlicingReplicas: optionalNumber(labels['nvidia.com/gpu.replicas']),
    },
  };
}

function hasGpus(node: V1Node): boolean {
  return Object.keys(gpuCounts(node.status?.capacity)).length > 0;
}

/**
 * A cluster's GPU nodes with what the pods scheduled on them ask for, whoever owns those pods:
 * one cluster-wide answer that every entity's environments pick their nodes from.
 */
export function gpuInventory(
  nodes: V1Node[],
  scheduledPods: V1Pod[],
): RuntimeGpuNode[] {
  const podsByNode = new Map<string, V1Pod[]>();
  for (const pod of scheduledPods) {
    const name = pod.spec?.nodeName;
    if (name) podsByNode.set(name, [...(podsByNode.get(name) ?? []), pod]);
  }
  return nodes
    .filter(hasGpus)
    .map(node =>
      gpuNode(
        node,
        allocatedOn(podsByNode.get(node.metadata?.name ?? '') ?? []),
      ),
    );
}

/** The GPU lines of a namespace's ResourceQuotas (`requests.nvidia.com/gpu`, ...). */
export function gpuQuota(quotas: V1ResourceQuota[]): RuntimeGpu['quota'] {
  const hard: Record<string, string> = {};
  const used: Record<string, string> = {};
  for (const quota of quotas) {
    for (const [name, q] of Object.entries(
      quota.status?.hard ?? quota.spec?.hard ?? {},
    )) {
      if (isGpuResource(name.replace(/^(requests|limits)\./, ''))) {
        hard[name] = String(q);
        used[name] = String(quota.status?.used?.[name] ?? '0');
      }
    }
  }
  return Object.keys(hard).length ? { hard, used } : null;
}
