import { V1Node, V1ResourceQuota } from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import { ClusterConnection } from './ClusterConnection';

/** How much of one GPU resource a cluster has and how much other namespaces reserve. @public */
export interface GpuCapacity {
  resource: string;
  requested: number;
  allocatable: number;
  reservedByOthers: number;
  free: number;
}

function count(value: unknown): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/**
 * The GPU quota guard: schedulable nodes' allocatable devices minus what other namespaces'
 * ResourceQuotas reserve must cover the request, else an InputError names the numbers.
 */
export async function checkGpuCapacity(
  connection: ClusterConnection,
  namespace: string,
  gpu: Record<string, number>,
): Promise<GpuCapacity[]> {
  if (!Object.keys(gpu).length) {
    return [];
  }
  const nodes = (await connection.list('v1', 'Node')) as V1Node[];
  const quotas = (await connection.list(
    'v1',
    'ResourceQuota',
  )) as V1ResourceQuota[];
  const schedulable = nodes.filter(node => !node.spec?.unschedulable);
  const capacities = Object.entries(gpu).map(([resource, requested]) => {
    const allocatable = schedulable.reduce(
      (sum, node) => sum + count(node.status?.allocatable?.[resource]),
      0,
    );
    const reservedByOthers = quotas
      .filter(quota => quota.metadata?.namespace !== namespace)
      .reduce(
        (sum, quota) => sum + count(quota.spec?.hard?.[`requests.${resource}`]),
        0,
      );
    const free = Math.max(0, allocatable - reservedByOthers);
    return { resource, requested, allocatable, reservedByOthers, free };
  });
  const short = capacities.filter(c => c.requested > c.free);
  if (short.length) {
    throw new InputError(
      `gpu: cluster ${connection.name} cannot cover the request: ${short
        .map(
          c =>
            `${c.requested} ${c.resource} asked, ${c.allocatable} allocatable on ${schedulable.length} schedulable nodes, ${c.reservedByOthers} reserved by other namespaces' quotas, ${c.free} free`,
        )
        .join('; ')}`,
    );
  }
  return capacities;
}
