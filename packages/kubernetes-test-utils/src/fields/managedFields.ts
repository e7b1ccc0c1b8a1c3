import { applyConflict, StatusCause } from '../errors';
import { KubeObject, ManagedFieldsEntry } from '../kinds/KindDefinition';
import {
  cloneJson,
  deletePath,
  fromFieldsV1,
  getPath,
  isPlainObject,
  keyPath,
  leafPaths,
  overlaps,
  printPath,
  sameValue,
  setPath,
  toFieldsV1,
} from './fieldPaths';

/** Which part of an object a write may touch: a main resource with a status subresource leaves status alone. */
export type FieldScope = 'object' | 'objectWithoutStatus' | 'status';

/** A managedFields entry with its fields decoded to leaf-path keys. */
interface FieldOwner {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  fields: Set<string>;
}

export interface WriteContext {
  manager: string;
  apiVersion: string;
  scope: FieldScope;
  now: string;
}

const SYSTEM_METADATA = new Set([
  'name',
  'namespace',
  'generateName',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

/** The fields a manager can own: everything but identity and server-set metadata. */
function trackedLeaves(
  object: KubeObject,
  scope: FieldScope,
): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  for (const [key, value] of leafPaths(object)) {
    const [top, second] = keyPath(key);
    if (top === 'apiVersion' || top === 'kind') continue;
    if (top === 'metadata' && SYSTEM_METADATA.has(second)) continue;
    if (
      scope === 'status'
        ? top !== 'status'
        : scope === 'objectWithoutStatus' && top === 'status'
    )
      continue;
    leaves.set(key, value);
  }
  return leaves;
}

const subresourceOf = (scope: FieldScope) =>
  scope === 'status' ? 'status' : undefined;

function readOwners(object: KubeObject | undefined): FieldOwner[] {
  return (object?.metadata?.managedFields ?? []).map(entry => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    time: entry.time,
    subresource: entry.subresource,
    fields: fromFieldsV1(entry.fieldsV1),
  }));
}

function writeOwners(object: KubeObject, owners: FieldOwner[]) {
  const entries: ManagedFieldsEntry[] = owners
    .filter(owner => owner.fields.size > 0)
    .map(owner => ({
      manager: owner.manager,
      operation: owner.operation,
      apiVersion: owner.apiVersion,
      time: owner.time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1([...owner.fields].sort()),
      ...(owner.subresource ? { subresource: owner.subresource } : {}),
    }));
  object.metadata = { ...object.metadata, managedFields: entries };
}

function ownerFor(
  owners: FieldOwner[],
  operation: 'Apply' | 'Update',
  context: WriteContext,
): FieldOwner {
  const subresource = subresourceOf(context.scope);
  let owner = owners.find(
    o =>
      o.manager === context.manager &&
      o.operation === operation &&
      o.subresource === subresource,
  );
  if (!owner) {
    owner = {
      manager: context.manager,
      operation,
      apiVersion: context.apiVersion,
      time: context.now,
      subresource,
      fields: new Set(),
    };
    owners.push(owner);
  }
  return owner;
}

/**
 * Records a create, update or non-apply patch: the writer becomes the owner of every field it
 * changed, and other managers lose those fields (what the API server does for `Update` operations).
 */
export function recordUpdate(
  previous: KubeObject | undefined,
  next: KubeObject,
  context: WriteContext,
): void {
  const owners = readOwners(previous);
  const before = previous ? trackedLeaves(previous, context.scope) : new Map();
  const after = trackedLeaves(next, context.scope);
  const changed = [...after]
    .filter(
      ([key, value]) => !before.has(key) || !sameValue(before.get(key), value),
    )
    .map(([key]) => key);
  const removed = [...before.keys()].filter(key => !after.has(key));
  if (changed.length > 0 || removed.length > 0) {
    const touched = [...changed, ...removed].map(keyPath);
    for (const owner of owners) {
      for (const key of [...owner.fields]) {
        if (touched.some(path => overlaps(path, keyPath(key)))) {
          owner.fields.delete(key);
        }
      }
    }
    const updater = ownerFor(owners, 'Update', context);
    changed.forEach(key => updater.fields.add(key));
    updater.time = context.now;
    updater.apiVersion = context.apiVersion;
  }
  writeOwners(next, owners);
}

function describeManager(owner: FieldOwner): string {
  return owner.operation === 'Update'
    ? `"${owner.manager}" using ${owner.apiVersion} at ${owner.time}`
    : `"${owner.manager}"`;
}

function conflictError(conflicts: Array<{ owner: FieldOwner; key: string }>) {
  const causes: StatusCause[] = conflicts.map(({ owner, key }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(owner)}`,
    field: printPath(keyPath(key)),
  }));
  if (conflicts.length === 1) {
    return applyConflict(
      `Apply failed with 1 conflict: ${causes[0].message}: ${causes[0].field}`,
      causes,
    );
  }
  const byManager = new Map<string, string[]>();
  conflicts.forEach(({ owner, key }) => {
    const manager = describeManager(owner);
    byManager.set(manager, [
      ...(byManager.get(manager) ?? []),
      printPath(keyPath(key)),
    ]);
  });
  const lines = [...byManager.keys()]
    .sort()
    .flatMap(manager => [
      `conflicts with ${manager}:`,
      ...byManager.get(manager)!.map(path => `- ${path}`),
    ]);
  return applyConflict(
    `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`,
    causes,
  );
}

/** The live object with the applied leaves set and the leaves this manager dropped removed. */
function mergeApplied(
  live: KubeObject | undefined,
  appliedLeaves: Map<string, unknown>,
  previouslyApplied: Set<string>,
  others: FieldOwner[],
): KubeObject {
  const result: KubeObject = live ? cloneJson(live) : {};
  for (const key of previouslyApplied) {
    const path = keyPath(key);
    const stillApplied = [...appliedLeaves.keys()].some(k =>
      overlaps(keyPath(k), path),
    );
    const heldByOther = others.some(owner =>
      [...owner.fields].some(owned => overlaps(keyPath(owned), path)),
    );
    if (!stillApplied && !heldByOther) deletePath(result, path);
  }
  for (const [key, value] of appliedLeaves) {
    const path = keyPath(key);
    const emptyMap = isPlainObject(value) && Object.keys(value).length === 0;
    if (!(emptyMap && isPlainObject(getPath(result, path)))) {
      setPath(result, path, value);
    }
  }
  return result;
}

/**
 * Server-side apply at leaf-field granularity (lists are atomic): conflicts when another manager
 * owns a field whose value the applied configuration changes, unless forced; fields this manager
 * applied before and no longer applies are removed unless someone else owns them too. Values are
 * compared after `normalize` (the kind's defaulting), as the API server compares defaulted objects.
 */
export function applyConfiguration(
  live: KubeObject | undefined,
  applied: KubeObject,
  context: WriteContext & {
    force: boolean;
    normalize?: (object: KubeObject) => void;
  },
): KubeObject {
  const owners = readOwners(live);
  if (live && owners.length === 0) {
    owners.push({
      manager: 'before-first-apply',
      operation: 'Update',
      apiVersion: context.apiVersion,
      time: context.now,
      fields: new Set(trackedLeaves(live, 'object').keys()),
    });
  }
  const appliedLeaves = new Map(
    [...trackedLeaves(applied, context.scope)].filter(
      ([, value]) => value !== null,
    ),
  );
  const self = ownerFor(owners, 'Apply', context);
  const previouslyApplied = new Set(self.fields);
  const others = owners.filter(owner => owner !== self);
  const result = mergeApplied(live, appliedLeaves, previouslyApplied, others);

  const normalized = cloneJson(result);
  context.normalize?.(normalized);
  const conflicts: Array<{ owner: FieldOwner; key: string }> = [];
  for (const key of appliedLeaves.keys()) {
    const path = keyPath(key);
    if (live && sameValue(getPath(live, path), getPath(normalized, path))) {
      continue;
    }
    for (const owner of others) {
      for (const owned of owner.fields) {
        if (overlaps(keyPath(owned), path)) {
          conflicts.push({ owner, key: owned });
        }
      }
    }
  }
  if (conflicts.length > 0 && !context.force) throw conflictError(conflicts);
  conflicts.forEach(({ owner, key }) => owner.fields.delete(key));

  const appliedKeys = new Set(appliedLeaves.keys());
  if (!sameValue([...appliedKeys].sort(), [...previouslyApplied].sort())) {
    self.time = context.now;
  }
  self.fields = appliedKeys;
  self.apiVersion = context.apiVersion;
  writeOwners(result, owners);
  return result;
}

/** managedFields without their timestamps, to tell whether a write changed ownership at all. */
export function ownershipOf(object: KubeObject | undefined) {
  return (object?.metadata?.managedFields ?? []).map(
    ({ time, ...rest }) => rest,
  );
}
