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

/** GPUs held by the environment's running pods, and the quota's requests of GPUs. */
export function gpuTotals(gpu: RuntimeGpu): {
  inUse: number;
  reserved: number | null;
} {
  const inUse = gpu.workloads.reduce((n, w) => n + w.requested * w.pods, 0);
  const lines = gpuQuotaLines(gpu.quota).filter(l =>
    l.key.startsWith('requests.'),
  );
  return {
    inUse,
    reserved: lines.length ? lines.reduce((n, l) => n + l.hard, 0) : null,
  };
}
