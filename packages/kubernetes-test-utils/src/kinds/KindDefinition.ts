import type { FieldError } from '../errors';

/** A Kubernetes object as stored and served: plain JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ uid: string; [field: string]: unknown }>;
  managedFields?: ManagedFieldsEntry[];
  [field: string]: unknown;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** How Kubernetes validates the names of a kind (`metadata.name`). */
export type NameRule =
  | 'dns1123Subdomain'
  | 'dns1123Label'
  | 'dns1035Label'
  | 'pathSegment';

/** One served resource: what discovery lists and what the handlers need to know. */
export interface KindDefinition {
  /** API group, `''` for the core group. */
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural used in paths, e.g. `horizontalpodautoscalers`. */
  plural: string;
  singular?: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Has a `/status` subresource: writes to the main resource keep the stored status. */
  statusSubresource?: boolean;
  /** Defaults to `dns1123Subdomain`, like most kinds and every custom resource. */
  nameRule?: NameRule;
  /** Whether `metadata.generation` is kept (set to 1, bumped on spec changes). Default true. */
  generation?: boolean;
  /** Field selectors beyond `metadata.name` and `metadata.namespace`. */
  selectableFields?: string[];
  /**
   * Custom resources (the default for registered kinds) keep `apiVersion`/`kind` in list
   * items, accept no strategic merge patch and return the object on delete.
   */
  custom?: boolean;
  /** DELETE answers with the object (rather than a Success `Status`). */
  deleteReturnsObject?: boolean;
  /** The verbs served (all but watch when omitted); others answer 405 MethodNotAllowed. */
  verbs?: string[];
  /** Fields no update may change (`spec.selector` of workloads, `roleRef` of bindings). */
  immutableFields?: Array<{ path: string[]; message?: string }>;
  /**
   * Kind-specific validation, beyond metadata: returns field errors (422 Invalid) or throws an
   * API error (e.g. 400 for a quantity that cannot be decoded).
   */
  validate?: (object: KubeObject) => FieldError[];
  /** Server-side defaulting applied on create (mutates the object). */
  applyDefaults?: (object: KubeObject) => void;
}

export function apiVersionOf(definition: {
  group: string;
  version: string;
}): string {
  return definition.group
    ? `${definition.group}/${definition.version}`
    : definition.version;
}

export function splitApiVersion(apiVersion: string): {
  group: string;
  version: string;
} {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}
