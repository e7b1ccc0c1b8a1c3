/** A path of map keys from the object's root, e.g. `['spec', 'hard', 'requests.nvidia.com/gpu']`. */
export type FieldPath = string[];

type JsonMap = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const pathKey = (path: FieldPath) => JSON.stringify(path);
export const keyPath = (key: string) => JSON.parse(key) as FieldPath;

/** `.spec.hard.requests.nvidia.com/gpu`, as structured-merge-diff prints a path. */
export const printPath = (path: FieldPath) => path.map(p => `.${p}`).join('');

/**
 * The leaves of an object: every path that ends in a scalar, a list or an empty map. Lists are
 * leaves (atomic), which is what Kubernetes does for lists without `x-kubernetes-list-type: map`.
 */
export function leafPaths(
  value: unknown,
  prefix: FieldPath = [],
): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  const visit = (node: unknown, path: FieldPath) => {
    if (isPlainObject(node) && Object.keys(node).length > 0) {
      for (const [key, child] of Object.entries(node)) {
        visit(child, [...path, key]);
      }
    } else if (path.length > 0) {
      leaves.set(pathKey(path), node);
    }
  };
  visit(value, prefix);
  return leaves;
}

export function getPath(object: unknown, path: FieldPath): unknown {
  let node = object;
  for (const key of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

export function setPath(object: JsonMap, path: FieldPath, value: unknown) {
  let node = object;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as JsonMap;
  }
  node[path[path.length - 1]] = cloneJson(value);
}

/** Removes a field and the maps it leaves empty on the way up (but never the root's own keys). */
export function deletePath(object: JsonMap, path: FieldPath) {
  const parents: JsonMap[] = [];
  let node: unknown = object;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node)) return;
    parents.push(node);
    node = node[key];
  }
  if (!isPlainObject(node)) return;
  delete node[path[path.length - 1]];
  for (let depth = path.length - 2; depth >= 1; depth--) {
    const child = parents[depth]?.[path[depth]];
    if (isPlainObject(child) && Object.keys(child).length === 0) {
      delete parents[depth][path[depth]];
    } else {
      break;
    }
  }
}

/** Whether one path is the other or lies beneath it (they touch the same data). */
export function overlaps(a: FieldPath, b: FieldPath): boolean {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// JSON round trips and comparisons rather than structuredClone/isDeepStrictEqual: under Jest those
// mix objects of two realms, and isDeepStrictEqual then finds equal objects different.
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** Deep equality of JSON values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameValue(item, b[index]))
    );
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(key => key in b && sameValue(a[key], b[key]))
  );
}

/** Encodes a set of leaf paths as `fieldsV1` (`{"f:spec":{"f:replicas":{}}}`). */
export function toFieldsV1(keys: Iterable<string>): JsonMap {
  const root: JsonMap = {};
  for (const key of keys) {
    let node = root;
    for (const part of keyPath(key)) {
      const name = `f:${part}`;
      if (!isPlainObject(node[name])) node[name] = {};
      node = node[name] as JsonMap;
    }
  }
  return root;
}

/** Decodes `fieldsV1` back to leaf paths; list-item entries (`k:`, `v:`, `i:`) fold into their list. */
export function fromFieldsV1(fields: unknown): Set<string> {
  const keys = new Set<string>();
  const visit = (node: unknown, path: FieldPath) => {
    const children = isPlainObject(node)
      ? Object.keys(node).filter(name => name.startsWith('f:'))
      : [];
    if (children.length === 0 || (isPlainObject(node) && '.' in node)) {
      if (path.length > 0) keys.add(pathKey(path));
    }
    for (const name of children) {
      visit((node as JsonMap)[name], [...path, name.slice(2)]);
    }
  };
  visit(fields, []);
  return keys;
}
