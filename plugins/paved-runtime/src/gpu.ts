import {
  RuntimeGpu,
  RuntimeGpuNode,
  isGpuResource,
} from '@paved/plugin-paved-runtime-common';

/** `Whole GPU` for `nvidia.com/gpu`, `MIG 1g.10gb` for `nvidia.com/mig-1g.10gb`. */
export function describeGpuResource(resource: string): string {
  const mig = /^nvidia\.com\/mig-(.+)$/.exec(resource);
  return mig ? `MIG ${mig[1]}` : 'Whole GPU';
}

/** How a node shares its GPUs: MIG, time-slicing (with replicas) or exclusive. */
export function describeSharing(node: RuntimeGpuNode): string {
  const { strategy, migStrategy, timeSlicingReplicas } = node.sharing;
  if (migStrategy && migStrategy !== 'none') {
    return `MIG (${migStrategy} strategy)`;
  }
  if (strategy === 'time-slicing' || (timeSlicingReplicas ?? 1) > 1) {
    return `time-slicing, ${timeSlicingReplicas ?? '?'} replicas per GPU`;
  }
  if (strategy === 'mps') {
    return 'MPS';
  }
  return 'exclusive';
}

/** The GPU lines of a namespace quota: `requests.nvidia.com/gpu` → used and hard. */
export function gpuQuotaLines(
  quota: RuntimeGpu['quota'],
): { key: string; used: number; hard: number }[] {
  if (!quota) {
    return [];
  }
  return Object.keys(quota.hard)
    .filter(key => isGpuResource(key.replace(/^(requests|limits)\./, '')))
    .map(key => ({
      key,
      used: Number(quota.used[key] ?? 0),
      hard: Number(quota.hard[key]),
    }));
}

/**
 * Per GPU resource (whole GPUs and each MIG profile apart: they are different units), the
 * devices the environment's running pods hold and the quota's `requests.<resource>`.
 */
export function gpuUseByResource(
  gpu: RuntimeGpu,
): { resource: string; inUse: number; quota: number | null }[] {
  const quota = new Map(
    gpuQuotaLines(gpu.quota)
      .filter(line => line.key.startsWith('requests.'))
      .map(line => [line.key.replace(/^requests\./, ''), line.hard]),
  );
  const inUse = new Map<string, number>();
  for (const w of gpu.workloads) {
    inUse.set(w.resource, (inUse.get(w.resource) ?? 0) + w.requested * w.pods);
  }
  return [...new Set([...inUse.keys(), ...quota.keys()])]
    .sort()
    .map(resource => ({
      resource,
      inUse: inUse.get(resource) ?? 0,
      quota: quota.get(resource) ?? null,
    }));
}
