import { KubernetesObject } from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import { ClusterConnection } from './ClusterConnection';
import { PlanItem, planObject } from './plan';

/**
 * Kinds a template may apply into an environment's namespace. Namespaces, quotas, limits,
 * network policies and RBAC are the environment's own and come only from the provisioner.
 *
 * @public
 */
export const APPLICABLE_KINDS: readonly string[] = [
  'v1/ConfigMap',
  'v1/Secret',
  'v1/Service',
  'v1/ServiceAccount',
  'v1/PersistentVolumeClaim',
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'batch/v1/Job',
  'batch/v1/CronJob',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/Ingress',
  'policy/v1/PodDisruptionBudget',
];

/** Checks manifests before anything is written: allowed kinds, names, all in `namespace`. */
export function checkManifests(
  manifests: unknown[],
  namespace: string,
  field = 'manifests',
): KubernetesObject[] {
  const problems: string[] = [];
  const objects = manifests.filter(m => m !== null && m !== undefined);
  objects.forEach((manifest, index) => {
    const object = manifest as KubernetesObject;
    const where = `${field}[${index}]`;
    const type = `${object?.apiVersion}/${object?.kind}`;
    if (!APPLICABLE_KINDS.includes(type)) {
      problems.push(
        `${where}: ${object?.kind ?? 'an object without kind'} (${
          object?.apiVersion
        }) may not be applied; allowed kinds are ${APPLICABLE_KINDS.map(k =>
          k.split('/').pop(),
        ).join(', ')}`,
      );
    } else if (!object.metadata?.name) {
      problems.push(`${where}: ${object.kind} has no metadata.name`);
    } else if (
      object.metadata.namespace !== undefined &&
      object.metadata.namespace !== namespace
    ) {
      problems.push(
        `${where}: ${object.kind} ${object.metadata.name} is in namespace ${object.metadata.namespace}; only ${namespace} may be written`,
      );
    }
  });
  if (!objects.length) {
    problems.push(`${field}: no manifests found`);
  }
  if (problems.length) {
    throw new InputError(problems.join('; '));
  }
  return objects.map(o => {
    const object = o as KubernetesObject;
    return { ...object, metadata: { ...object.metadata, namespace } };
  });
}

/** Plans, then server-side applies what changes, as field manager `paved`. */
export async function applyManifests(
  connection: ClusterConnection,
  objects: KubernetesObject[],
  options: {
    dryRun?: boolean;
    progress: (message: string) => void;
    step: (key: string, fn: () => Promise<string>) => Promise<string>;
  },
): Promise<{ plan: PlanItem[]; applied: string[] }> {
  const plan: PlanItem[] = [];
  for (const object of objects) {
    const item = await planObject(connection, object, '');
    options.progress(`${item.action}: ${item.object}`);
    plan.push(item);
  }
  const applied: string[] = [];
  if (!options.dryRun) {
    for (const [index, object] of objects.entries()) {
      const item = plan[index];
      if (item.action === 'create' || item.action === 'update') {
        applied.push(
          await options.step(`apply ${item.object}`, async () => {
            await connection.apply(object);
            options.progress(`applied: ${item.object}`);
            return item.object;
          }),
        );
      }
    }
  }
  return { plan, applied };
}
