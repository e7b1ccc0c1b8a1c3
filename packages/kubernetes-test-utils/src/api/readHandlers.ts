import { badRequest, failure, notFound } from '../errors';
import { KindDefinition, KubeObject } from '../kinds/KindDefinition';
import { ObjectStore } from '../ObjectStore';
import {
  FieldRequirement,
  LabelRequirement,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorParseError,
} from '../selectors';
import { apiVersionOf } from '../kinds/KindDefinition';
import { ApiRequest, ApiResult, withTypeMeta } from './ApiRequest';

export function getObject(store: ObjectStore, request: ApiRequest): ApiResult {
  const { definition, namespace = '', name = '' } = request;
  const object = store.get(definition, namespace, name);
  if (!object) throw notFound(definition, name);
  return { code: 200, body: withTypeMeta(object, definition), wrote: false };
}

function parseSelectors(request: ApiRequest): {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
} {
  const { definition, query } = request;
  try {
    const labels = parseLabelSelector(query.get('labelSelector') ?? '');
    const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
    const selectable = new Set([
      'metadata.name',
      'metadata.namespace',
      ...(definition.selectableFields ?? []),
    ]);
    for (const { field } of fields) {
      if (!selectable.has(field)) {
        throw badRequest(
          definition.custom
            ? `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`
            : `field label not supported: ${field}`,
        );
      }
    }
    return { labels, fields };
  } catch (error) {
    if (error instanceof SelectorParseError) {
      throw badRequest(`unable to parse requirement: ${error.message}`);
    }
    throw error;
  }
}

/** The objects a list or deletecollection request selects, in key order. */
export function selectObjects(
  store: ObjectStore,
  request: ApiRequest,
): KubeObject[] {
  const { labels, fields } = parseSelectors(request);
  return store.list(
    request.definition,
    request.namespace,
    object =>
      matchesLabels(labels, object.metadata?.labels) &&
      matchesFields(fields, object),
  );
}

const objectKey = (object: KubeObject) =>
  `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

function decodeContinue(token: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
    if (typeof decoded.start === 'string') return decoded.start;
  } catch {
    // reported below
  }
  throw badRequest(`continue key is not valid: ${token}`);
}

/** A list item: built-in kinds omit apiVersion/kind in list items, custom resources keep them. */
function listItem(object: KubeObject, definition: KindDefinition) {
  if (definition.custom) return withTypeMeta(object, definition);
  const { apiVersion, kind, ...rest } = object;
  return rest;
}

export function listBody(
  definition: KindDefinition,
  items: KubeObject[],
  metadata: Record<string, unknown>,
) {
  return {
    apiVersion: apiVersionOf(definition),
    kind: `${definition.kind}List`,
    metadata,
    items: items.map(item => listItem(item, definition)),
  };
}

export function listObjects(
  store: ObjectStore,
  request: ApiRequest,
): ApiResult {
  const { definition, query } = request;
  if (query.get('watch') === 'true' || query.get('watch') === '1') {
    throw failure(
      405,
      'MethodNotAllowed',
      'watch is not supported by the fake Kubernetes API server; list with resourceVersion instead',
    );
  }
  let items = selectObjects(store, request);
  const continueToken = query.get('continue');
  if (continueToken) {
    const start = decodeContinue(continueToken);
    items = items.filter(item => objectKey(item) > start);
  }
  const limit = Number(query.get('limit') ?? 0);
  const metadata: Record<string, unknown> = {
    resourceVersion: store.resourceVersion,
  };
  if (limit > 0 && items.length > limit) {
    metadata.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
    metadata.continue = Buffer.from(
      JSON.stringify({ start: objectKey(items[items.length - 1]) }),
    ).toString('base64url');
  }
  return {
    code: 200,
    body: listBody(definition, items, metadata),
    wrote: false,
  };
}
