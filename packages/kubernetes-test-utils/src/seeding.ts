import { randomUUID } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { withTypeMeta, ApiContext } from './api/ApiRequest';
import { checkValid, timestamp } from './api/objectLifecycle';
import { registerServedKinds } from './api/writeHandlers';
import { cloneJson, isPlainObject } from './fields/fieldPaths';
import { KubeObject } from './kinds/KindDefinition';

/** Manifests as text (YAML or JSON, several documents) or as objects; `List` kinds are flattened. */
export type ManifestInput = string | object | readonly object[];

export function parseManifests(input: ManifestInput): KubeObject[] {
  const documents: unknown[] =
    typeof input === 'string'
      ? parseAllDocuments(input).map(document => {
          if (document.errors.length > 0) throw document.errors[0];
          return document.toJSON();
        })
      : cloneJson([input].flat()); // typed client objects carry Dates
  return documents
    .filter(isPlainObject)
    .flatMap(document =>
      typeof document.kind === 'string' &&
      document.kind.endsWith('List') &&
      Array.isArray(document.items)
        ? (document.items as KubeObject[])
        : [document as KubeObject],
    );
}

export interface SeedOptions {
  /** Create the namespaces the objects live in when they do not exist yet (default true). */
  createNamespaces?: boolean;
}

const NAMESPACE = { group: '', plural: 'namespaces' };
const SEED_ORDER: Record<string, number> = {
  CustomResourceDefinition: 0,
  Namespace: 1,
};
const rank = (object: KubeObject) => SEED_ORDER[object.kind ?? ''] ?? 2;

/**
 * Stores objects as they are, status included (seeding is not a request: no accounting, no
 * managedFields), with the server-set metadata and defaults they would have had.
 */
export function seedObjects(
  context: ApiContext,
  input: ManifestInput,
  { createNamespaces = true }: SeedOptions = {},
): KubeObject[] {
  const { store, registry } = context;
  const objects = parseManifests(input).sort((a, b) => rank(a) - rank(b));
  const seeded: KubeObject[] = [];
  const ensureNamespace = (name: string) => {
    if (store.has(NAMESPACE, '', name)) return;
    if (!createNamespaces)
      throw new Error(`namespace "${name}" does not exist`);
    seeded.push(
      ...seedObjects(context, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      }),
    );
  };
  for (const original of objects) {
    const definition = registry.byKind(
      original.apiVersion ?? 'v1',
      original.kind ?? '',
    );
    if (!definition) {
      throw new Error(
        `no kind ${original.kind} in ${original.apiVersion} is served; register it with registerKind()`,
      );
    }
    const object = withTypeMeta(cloneJson(original), definition);
    const metadata = (object.metadata = { ...object.metadata });
    if (definition.namespaced) {
      metadata.namespace ??= 'default';
      ensureNamespace(metadata.namespace);
    } else {
      delete metadata.namespace;
    }
    checkValid(definition, object);
    metadata.uid ??= randomUUID();
    metadata.creationTimestamp ??= timestamp();
    if (definition.generation !== false) metadata.generation ??= 1;
    delete metadata.resourceVersion;
    definition.applyDefaults?.(object);
    const stored = store.put(definition, object);
    registerServedKinds(registry, definition, stored);
    seeded.push(stored);
  }
  return seeded;
}
