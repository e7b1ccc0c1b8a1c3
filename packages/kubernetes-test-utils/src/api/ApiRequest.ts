import { parse as parseYaml } from 'yaml';
import { badRequest, invalid } from '../errors';
import { isPlainObject } from '../fields/fieldPaths';
import {
  apiVersionOf,
  KindDefinition,
  KubeObject,
} from '../kinds/KindDefinition';
import { KindRegistry } from '../kinds/KindRegistry';
import { ObjectStore } from '../ObjectStore';

/** What the handlers read and change. */
export interface ApiContext {
  store: ObjectStore;
  registry: KindRegistry;
}

/** The verbs of the Kubernetes API, as RBAC names them. */
export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection';

/** A request for a resource, once its path has been resolved to a served kind. */
export interface ApiRequest {
  verb: Verb;
  definition: KindDefinition;
  /** Set for namespaced paths; undefined for cluster-scoped kinds and all-namespaces lists. */
  namespace?: string;
  name?: string;
  subresource?: 'status';
  query: URLSearchParams;
  body: string;
  contentType: string;
  userAgent: string;
}

/** What a handler answers; `wrote` tells the accounting that stored state changed. */
export interface ApiResult {
  code: number;
  body: unknown;
  wrote: boolean;
}

const OPTIONS_KIND: Partial<Record<Verb, string>> = {
  create: 'CreateOptions',
  update: 'UpdateOptions',
  patch: 'PatchOptions',
  delete: 'DeleteOptions',
  deletecollection: 'DeleteOptions',
};

/** An invalid request option, reported like `PatchOptions.meta.k8s.io "" is invalid: …`. */
export function invalidOption(
  verb: Verb,
  field: string,
  reason:
    | 'FieldValueRequired'
    | 'FieldValueForbidden'
    | 'FieldValueNotSupported',
  detail: string,
  value?: unknown,
) {
  return invalid(
    { group: 'meta.k8s.io', kind: OPTIONS_KIND[verb] ?? 'ListOptions' },
    '',
    [{ field, reason, detail, value }],
  );
}

/** `?dryRun=All`; any other value is refused as the API server does. */
export function isDryRun(request: ApiRequest): boolean {
  const values = request.query.getAll('dryRun');
  for (const value of values) {
    if (value !== 'All') {
      throw invalidOption(
        request.verb,
        'dryRun',
        'FieldValueNotSupported',
        'supported values: "All"',
        value,
      );
    }
  }
  return values.length > 0;
}

/** The field manager of a non-apply write: `?fieldManager`, else the user agent up to its first `/`. */
export function updateManager(request: ApiRequest): string {
  return (
    request.query.get('fieldManager') ||
    request.userAgent.split('/')[0] ||
    'unknown'
  );
}

/** Parses a JSON (or, for apply and YAML bodies, YAML) request body into an object. */
export function parseObjectBody(request: ApiRequest): KubeObject {
  let parsed: unknown;
  try {
    parsed = /yaml/.test(request.contentType)
      ? parseYaml(request.body)
      : JSON.parse(request.body);
  } catch (error) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${
        request.definition.kind
      }): ${(error as Error).message}`,
    );
  }
  if (!isPlainObject(parsed)) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${request.definition.kind})`,
    );
  }
  return parsed as KubeObject;
}

/** Checks the body's apiVersion/kind against the path; an absent one takes the path's. */
export function checkTypeMeta(
  object: KubeObject,
  definition: KindDefinition,
  required = false,
) {
  const apiVersion = apiVersionOf(definition);
  if (required && (!object.apiVersion || !object.kind)) {
    throw badRequest(
      `Object 'Kind' is missing in '${JSON.stringify(object).slice(0, 200)}'`,
    );
  }
  if (object.apiVersion !== undefined && object.apiVersion !== apiVersion) {
    throw badRequest(
      `the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersion})`,
    );
  }
  if (object.kind !== undefined && object.kind !== definition.kind) {
    throw badRequest(
      `the kind in the data (${object.kind}) does not match the expected kind (${definition.kind})`,
    );
  }
}

/** Serves an object as its kind and the requested version, `apiVersion` and `kind` first. */
export function withTypeMeta(
  object: KubeObject,
  definition: KindDefinition,
): KubeObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return {
    apiVersion: apiVersionOf(definition),
    kind: definition.kind,
    ...rest,
  };
}
