import { applyPatch, JsonPatchError, Operation } from 'fast-json-patch';
import { apply as applyMergePatch } from 'json-merge-patch';
import { badRequest, failure } from './errors';
import { cloneJson, isPlainObject } from './fields/fieldPaths';
import { KubeObject } from './kinds/KindDefinition';

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/**
 * Patch merge keys of the lists that built-in kinds declare `patchStrategy: merge` for. Other
 * lists are replaced, as with a JSON merge patch. `ports` merges by `containerPort` in pods and
 * by `port` in services: the first key the patch item has wins.
 */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  volumes: ['name'],
  env: ['name'],
  volumeMounts: ['mountPath'],
  imagePullSecrets: ['name'],
  ports: ['containerPort', 'port'],
  conditions: ['type'],
  hostAliases: ['ip'],
  ownerReferences: ['uid'],
};

type JsonMap = Record<string, unknown>;

const DIRECTIVE =
  /^\$(patch|retainKeys)$|^\$(setElementOrder|deleteFromPrimitiveList)\//;

function strategicMergeList(
  target: unknown[],
  patch: unknown[],
  keys: string[],
): unknown[] {
  const result = [...target];
  for (const item of patch) {
    if (!isPlainObject(item)) return patch;
    const key = keys.find(k => item[k] !== undefined);
    if (!key) return patch;
    const index = result.findIndex(
      existing => isPlainObject(existing) && existing[key] === item[key],
    );
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMerge(result[index], item);
    } else {
      result.push(strategicMerge(undefined, item));
    }
  }
  return result;
}

/** A strategic merge patch for the common cases: maps merge, keyed lists merge, `$patch` directives. */
function strategicMerge(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  if (patch.$patch === 'replace') {
    const { $patch, ...rest } = patch;
    return cloneJson(rest);
  }
  const result: JsonMap = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (DIRECTIVE.test(key)) continue;
    if (value === null) {
      delete result[key];
    } else if (
      Array.isArray(value) &&
      MERGE_KEYS[key] &&
      Array.isArray(result[key])
    ) {
      result[key] = strategicMergeList(
        result[key] as unknown[],
        value,
        MERGE_KEYS[key],
      );
    } else if (isPlainObject(value) && value.$patch === 'delete') {
      delete result[key];
    } else {
      result[key] = strategicMerge(result[key], value);
    }
  }
  return result;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
}

/** Applies a JSON, merge or strategic merge patch body to a stored object. */
export function patchObject(
  live: KubeObject,
  contentType: string,
  body: string,
): KubeObject {
  const patch = parseJson(body);
  if (contentType === PATCH_TYPES.json) {
    if (!Array.isArray(patch)) {
      throw badRequest(
        'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
      );
    }
    try {
      return applyPatch(cloneJson(live), patch as Operation[], true, false)
        .newDocument as KubeObject;
    } catch (error) {
      if (error instanceof JsonPatchError) {
        // The API server answers a patch that does not apply with a bare 422.
        throw failure(422, '', error.message.split('\n')[0]);
      }
      throw error;
    }
  }
  if (!isPlainObject(patch)) {
    throw badRequest(
      'json: cannot unmarshal into Go value of type map[string]interface {}',
    );
  }
  if (contentType === PATCH_TYPES.merge) {
    return applyMergePatch(cloneJson(live), patch) as KubeObject;
  }
  return strategicMerge(live, patch) as KubeObject;
}
