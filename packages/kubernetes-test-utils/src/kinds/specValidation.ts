import { badRequest, FieldError } from '../errors';
import { isPlainObject } from '../fields/fieldPaths';
import { isValidLabelKey } from '../validation';
import { KubeObject } from './KindDefinition';

// k8s.io/apimachinery/pkg/api/resource: what a Quantity must look like to be decoded at all.
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_ERROR = `quantities must match the regular expression '${QUANTITY.source}'`;

// pkg/apis/core/helper IsStandardQuotaResourceName: the quota names without a `/`.
const STANDARD_QUOTA_RESOURCES = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);

function isStandardQuotaResource(name: string) {
  return (
    STANDARD_QUOTA_RESOURCES.has(name) ||
    /^(requests\.)?hugepages-/.test(name) ||
    name.startsWith('count/')
  );
}

/** Quantities that cannot be decoded make the API server answer 400, before any validation. */
function checkQuantities(kind: string, quantities: unknown) {
  if (!isPlainObject(quantities)) return;
  for (const value of Object.values(quantities)) {
    if (typeof value === 'number') continue;
    if (typeof value !== 'string' || !QUANTITY.test(value)) {
      throw badRequest(
        `${kind} in version "v1" cannot be handled as a ${kind}: ${QUANTITY_ERROR}`,
      );
    }
  }
}

export function validateResourceQuota(object: KubeObject): FieldError[] {
  const hard = (object.spec as { hard?: Record<string, unknown> } | undefined)
    ?.hard;
  checkQuantities('ResourceQuota', hard);
  return Object.keys(hard ?? {}).flatMap((name): FieldError[] => {
    const valid = name.includes('/')
      ? isValidLabelKey(name)
      : isStandardQuotaResource(name);
    return valid
      ? []
      : [
          {
            field: `spec.hard[${name}]`,
            reason: 'FieldValueInvalid',
            detail: name.includes('/')
              ? 'must be a qualified name'
              : 'must be a standard resource for quota',
            value: name,
          },
        ];
  });
}

export function validateLimitRange(object: KubeObject): FieldError[] {
  const limits =
    (object.spec as { limits?: Array<Record<string, unknown>> } | undefined)
      ?.limits ?? [];
  for (const limit of limits) {
    for (const key of ['max', 'min', 'default', 'defaultRequest']) {
      checkQuantities('LimitRange', limit[key]);
    }
  }
  return [];
}

function checkContainerResources(kind: string, podSpec: unknown) {
  if (!isPlainObject(podSpec)) return;
  const containers = [
    ...((podSpec.initContainers as unknown[]) ?? []),
    ...((podSpec.containers as unknown[]) ?? []),
  ];
  for (const container of containers) {
    const resources = isPlainObject(container)
      ? container.resources
      : undefined;
    if (isPlainObject(resources)) {
      checkQuantities(kind, resources.requests);
      checkQuantities(kind, resources.limits);
    }
  }
}

export function validatePod(object: KubeObject): FieldError[] {
  checkContainerResources('Pod', object.spec);
  return [];
}

/** For kinds with a pod template (`spec.template.spec`). */
export function podTemplateValidator(kind: string) {
  return (object: KubeObject): FieldError[] => {
    const spec = object.spec as { template?: { spec?: unknown } } | undefined;
    checkContainerResources(kind, spec?.template?.spec);
    return [];
  };
}
