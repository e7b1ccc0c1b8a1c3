import { randomUUID } from 'node:crypto';
import { conflict, FieldError, internalError, invalid } from '../errors';
import { cloneJson, getPath, sameValue } from '../fields/fieldPaths';
import { FieldScope, ownershipOf } from '../fields/managedFields';
import { KindDefinition, KubeObject } from '../kinds/KindDefinition';
import { validateObjectMeta } from '../validation';

/** RFC 3339 to the second, as Kubernetes writes timestamps. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const GENERATED_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) {
    suffix +=
      GENERATED_NAME_ALPHABET[
        Math.floor(Math.random() * GENERATED_NAME_ALPHABET.length)
      ];
  }
  return `${prefix}${suffix}`;
}

/** The scope a write to the main resource or to `/status` may change. */
export function scopeOf(
  definition: KindDefinition,
  subresource?: 'status',
): FieldScope {
  if (subresource === 'status') return 'status';
  return definition.statusSubresource ? 'objectWithoutStatus' : 'object';
}

/** Fields an update changed that the kind does not let change. */
function immutableFieldErrors(
  definition: KindDefinition,
  previous: KubeObject,
  next: KubeObject,
): FieldError[] {
  return (definition.immutableFields ?? [])
    .filter(
      ({ path }) => !sameValue(getPath(previous, path), getPath(next, path)),
    )
    .map(({ path, message }) => ({
      field: path.join('.'),
      reason: 'FieldValueInvalid',
      detail: message ?? 'field is immutable',
      value: getPath(next, path),
    }));
}

/** Metadata and kind-specific validation, and for an update the fields that may not change. */
export function checkValid(
  definition: KindDefinition,
  object: KubeObject,
  previous?: KubeObject,
) {
  const errors = [
    ...validateObjectMeta(object, definition.nameRule ?? 'dns1123Subdomain'),
    ...(definition.validate?.(object) ?? []),
    ...(previous ? immutableFieldErrors(definition, previous, object) : []),
  ];
  if (errors.length > 0) {
    throw invalid(definition, object.metadata?.name ?? '', errors);
  }
}

/** Server-set fields of a new object, its defaults, and no status where status is a subresource. */
export function prepareNew(
  definition: KindDefinition,
  object: KubeObject,
): KubeObject {
  if (object.metadata?.resourceVersion) {
    throw internalError(
      'resourceVersion should not be set on objects to be created',
    );
  }
  const prepared = cloneJson(object);
  if (definition.statusSubresource) delete prepared.status;
  const { deletionTimestamp, deletionGracePeriodSeconds, ...metadata } =
    prepared.metadata ?? {};
  prepared.metadata = {
    ...metadata,
    uid: randomUUID(),
    creationTimestamp: timestamp(),
    ...(definition.generation !== false ? { generation: 1 } : {}),
  };
  definition.applyDefaults?.(prepared);
  return prepared;
}

function specOf(object: KubeObject, definition: KindDefinition) {
  const { metadata, status, apiVersion, kind, ...rest } = object;
  return definition.statusSubresource ? rest : { ...rest, status };
}

/**
 * The object an update stores: identity and server-set metadata from the stored object, status
 * kept or taken alone depending on the scope, defaults filled in, generation bumped when the
 * spec changed.
 */
export function carryOver(
  definition: KindDefinition,
  previous: KubeObject,
  next: KubeObject,
  scope: FieldScope,
): KubeObject {
  const previousMeta = previous.metadata ?? {};
  const incomingUid = next.metadata?.uid;
  if (incomingUid && incomingUid !== previousMeta.uid) {
    throw conflict(
      definition,
      previousMeta.name ?? '',
      `Precondition failed: UID in precondition: ${incomingUid}, UID in object meta: ${previousMeta.uid}`,
    );
  }
  let result: KubeObject;
  if (scope === 'status') {
    result = { ...cloneJson(previous), status: next.status };
    if (next.status === undefined) delete result.status;
  } else {
    result = cloneJson(next);
    if (scope === 'objectWithoutStatus') {
      if (previous.status === undefined) delete result.status;
      else result.status = cloneJson(previous.status);
    }
  }
  result.metadata = {
    ...result.metadata,
    name: previousMeta.name,
    uid: previousMeta.uid,
    creationTimestamp: previousMeta.creationTimestamp,
    resourceVersion: previousMeta.resourceVersion,
  };
  if (previousMeta.namespace) {
    result.metadata.namespace = previousMeta.namespace;
  }
  // Defaulting runs on every write, as the API server defaults every object it decodes.
  definition.applyDefaults?.(result);
  if (definition.generation !== false) {
    const generation = previousMeta.generation ?? 1;
    result.metadata.generation = sameValue(
      specOf(previous, definition),
      specOf(result, definition),
    )
      ? generation
      : generation + 1;
  }
  return result;
}

/** Whether a write would store nothing new: same content and same field ownership. */
export function isUnchanged(previous: KubeObject, next: KubeObject): boolean {
  const strip = (object: KubeObject) => {
    const { managedFields, resourceVersion, ...metadata } =
      object.metadata ?? {};
    const { apiVersion, kind, ...rest } = object;
    return { ...rest, metadata };
  };
  return (
    sameValue(strip(previous), strip(next)) &&
    sameValue(ownershipOf(previous), ownershipOf(next))
  );
}
