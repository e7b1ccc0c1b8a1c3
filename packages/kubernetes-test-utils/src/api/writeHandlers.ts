import {
  alreadyExists,
  badRequest,
  conflict,
  notFound,
  STALE_OBJECT,
  unsupportedMediaType,
} from '../errors';
import { applyConfiguration, recordUpdate } from '../fields/managedFields';
import {
  apiVersionOf,
  KindDefinition,
  KubeObject,
} from '../kinds/KindDefinition';
import { definitionsFromCrd, KindRegistry } from '../kinds/KindRegistry';
import { PATCH_TYPES, patchObject } from '../patch';
import {
  ApiContext,
  ApiRequest,
  ApiResult,
  checkTypeMeta,
  invalidOption,
  isDryRun,
  parseObjectBody,
  updateManager,
  withTypeMeta,
} from './ApiRequest';
import {
  carryOver,
  checkValid,
  generateName,
  isUnchanged,
  prepareNew,
  scopeOf,
  timestamp,
} from './objectLifecycle';

const NAMESPACES = { group: '', plural: 'namespaces' };

const namespaceMismatch = () =>
  badRequest(
    'the namespace of the provided object does not match the namespace sent on the request',
  );

/** Creating a CustomResourceDefinition makes its kinds served, as the API server does. */
export function registerServedKinds(
  registry: KindRegistry,
  definition: KindDefinition,
  object: KubeObject,
) {
  if (
    definition.group === 'apiextensions.k8s.io' &&
    definition.kind === 'CustomResourceDefinition'
  ) {
    definitionsFromCrd(object).forEach(kind => registry.register(kind));
  }
}

/** Puts the object in the request's namespace; the namespace must exist and match the body's. */
function placeInNamespace(
  context: ApiContext,
  definition: KindDefinition,
  namespace: string | undefined,
  object: KubeObject,
) {
  const metadata = (object.metadata = { ...object.metadata });
  if (!definition.namespaced) {
    delete metadata.namespace;
    return;
  }
  if (metadata.namespace && metadata.namespace !== namespace) {
    throw namespaceMismatch();
  }
  metadata.namespace = namespace;
  if (!context.store.has(NAMESPACES, '', namespace ?? '')) {
    throw notFound(NAMESPACES, namespace ?? '');
  }
}

function checkName(object: KubeObject, name: string) {
  const objectName = object.metadata?.name;
  if (objectName !== name) {
    throw badRequest(
      `the name of the object (${
        objectName ?? ''
      }) does not match the name on the URL (${name})`,
    );
  }
}

function commit(
  { store, registry }: ApiContext,
  request: ApiRequest,
  previous: KubeObject | undefined,
  next: KubeObject,
): ApiResult {
  const { definition } = request;
  if (previous && isUnchanged(previous, next)) {
    return {
      code: 200,
      body: withTypeMeta(previous, definition),
      wrote: false,
    };
  }
  checkValid(definition, next, previous);
  const code = previous ? 200 : 201;
  if (isDryRun(request)) {
    return { code, body: withTypeMeta(next, definition), wrote: false };
  }
  const saved = store.put(definition, withTypeMeta(next, definition));
  registerServedKinds(registry, definition, saved);
  return { code, body: withTypeMeta(saved, definition), wrote: true };
}

const writeContext = (request: ApiRequest, manager: string) => ({
  manager,
  apiVersion: apiVersionOf(request.definition),
  scope: scopeOf(request.definition, request.subresource),
  now: timestamp(),
});

export function createObject(
  context: ApiContext,
  request: ApiRequest,
): ApiResult {
  const { definition, namespace } = request;
  isDryRun(request);
  const body = parseObjectBody(request);
  checkTypeMeta(body, definition);
  placeInNamespace(context, definition, namespace, body);
  const metadata = body.metadata!;
  if (!metadata.name && metadata.generateName) {
    metadata.name = generateName(metadata.generateName);
  }
  checkValid(definition, body);
  if (context.store.has(definition, metadata.namespace ?? '', metadata.name!)) {
    throw alreadyExists(definition, metadata.name!);
  }
  const next = prepareNew(definition, body);
  recordUpdate(undefined, next, writeContext(request, updateManager(request)));
  return commit(context, request, undefined, next);
}

function stored(
  context: ApiContext,
  request: ApiRequest,
): KubeObject | undefined {
  return context.store.get(
    request.definition,
    request.namespace ?? '',
    request.name!,
  );
}

/** What a replacement, patch result or applied configuration may not change: namespace, stale version. */
function checkIncoming(
  request: ApiRequest,
  previous: KubeObject,
  incoming: KubeObject,
) {
  const namespace = incoming.metadata?.namespace;
  if (
    request.definition.namespaced &&
    namespace &&
    namespace !== previous.metadata?.namespace
  ) {
    throw namespaceMismatch();
  }
  const wanted = incoming.metadata?.resourceVersion;
  if (wanted && wanted !== previous.metadata?.resourceVersion) {
    throw conflict(request.definition, request.name!, STALE_OBJECT);
  }
}

/**
 * Stores a new version of an existing object. With an `updateManager` the writer takes the
 * fields it changed (an Update operation); without, the incoming managedFields stand (apply).
 */
function storeUpdate(
  context: ApiContext,
  request: ApiRequest,
  previous: KubeObject,
  incoming: KubeObject,
  manager?: string,
): ApiResult {
  const { definition, subresource } = request;
  const next = carryOver(
    definition,
    previous,
    incoming,
    scopeOf(definition, subresource),
  );
  if (manager) {
    recordUpdate(previous, next, writeContext(request, manager));
  } else {
    next.metadata!.managedFields = incoming.metadata?.managedFields;
  }
  return commit(context, request, previous, next);
}

export function replaceObject(
  context: ApiContext,
  request: ApiRequest,
): ApiResult {
  const { definition, name } = request;
  isDryRun(request);
  const body = parseObjectBody(request);
  checkTypeMeta(body, definition);
  checkName(body, name!);
  const previous = stored(context, request);
  if (!previous) throw notFound(definition, name!);
  checkIncoming(request, previous, body);
  return storeUpdate(context, request, previous, body, updateManager(request));
}

function applyObject(
  context: ApiContext,
  request: ApiRequest,
  previous: KubeObject | undefined,
): ApiResult {
  const { definition, namespace, name, query } = request;
  const applied = parseObjectBody(request);
  checkTypeMeta(applied, definition, true);
  checkName(applied, name!);
  const force = query.get('force') === 'true';
  const manager = query.get('fieldManager')!;
  if (!previous) {
    if (request.subresource) throw notFound(definition, name!);
    placeInNamespace(context, definition, namespace, applied);
    checkValid(definition, applied);
    const created = applyConfiguration(undefined, applied, {
      ...writeContext(request, manager),
      force,
    });
    created.metadata = {
      ...created.metadata,
      ...applied.metadata,
      managedFields: created.metadata?.managedFields,
    };
    return commit(context, request, undefined, prepareNew(definition, created));
  }
  checkIncoming(request, previous, applied);
  const merged = applyConfiguration(previous, applied, {
    ...writeContext(request, manager),
    force,
    normalize: definition.applyDefaults,
  });
  return storeUpdate(context, request, previous, merged);
}

const ACCEPTED_PATCH_TYPES = Object.values(PATCH_TYPES);

export function patchStoredObject(
  context: ApiContext,
  request: ApiRequest,
): ApiResult {
  const { definition, name, query } = request;
  const contentType = request.contentType.split(';')[0].trim().toLowerCase();
  const accepted = definition.custom
    ? ACCEPTED_PATCH_TYPES.filter(type => type !== PATCH_TYPES.strategic)
    : ACCEPTED_PATCH_TYPES;
  if (
    !accepted.includes(contentType as (typeof ACCEPTED_PATCH_TYPES)[number])
  ) {
    throw unsupportedMediaType(contentType, accepted);
  }
  const isApply = contentType === PATCH_TYPES.apply;
  if (isApply && !query.get('fieldManager')) {
    throw invalidOption(
      'patch',
      'fieldManager',
      'FieldValueRequired',
      'is required for apply patch',
    );
  }
  if (!isApply && query.has('force')) {
    throw invalidOption(
      'patch',
      'force',
      'FieldValueForbidden',
      'may not be specified for non-apply patch',
    );
  }
  isDryRun(request);
  const previous = stored(context, request);
  if (isApply) return applyObject(context, request, previous);
  if (!previous) throw notFound(definition, name!);
  const patched = patchObject(previous, contentType, request.body);
  checkName(patched, name!);
  checkIncoming(request, previous, patched);
  return storeUpdate(
    context,
    request,
    previous,
    patched,
    updateManager(request),
  );
}
