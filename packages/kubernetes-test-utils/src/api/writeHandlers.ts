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
export function placeInNamespace(
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
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
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
  checkValid(definition, next);
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

function checkResourceVersion(
  request: ApiRequest,
  previous: KubeObject,
  next: KubeObject,
) {
  const wanted = next.metadata?.resourceVersion;
  if (wanted && wanted !== previous.metadata?.resourceVersion) {
    throw conflict(request.definition, request.name!, STALE_OBJECT);
  }
}

export function replaceObject(
  context: ApiContext,
  request: ApiRequest,
): ApiResult {
  const { definition, namespace, name } = request;
  isDryRun(request);
  const body = parseObjectBody(request);
  checkTypeMeta(body, definition);
  checkName(body, name!);
  if (
    definition.namespaced &&
    body.metadata?.namespace &&
    body.metadata.namespace !== namespace
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  const previous = stored(context, request);
  if (!previous) throw notFound(definition, name!);
  checkResourceVersion(request, previous, body);
  const next = carryOver(
    definition,
    previous,
    body,
    scopeOf(definition, request.subresource),
  );
  recordUpdate(previous, next, writeContext(request, updateManager(request)));
  return commit(context, request, previous, next);
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
  if (
    definition.namespaced &&
    applied.metadata?.namespace &&
    applied.metadata.namespace !== namespace
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  checkResourceVersion(request, previous, applied);
  const merged = applyConfiguration(previous, applied, {
    ...writeContext(request, manager),
    force,
  });
  const next = carryOver(
    definition,
    previous,
    merged,
    scopeOf(definition, request.subresource),
  );
  next.metadata!.managedFields = merged.metadata?.managedFields;
  return commit(context, request, previous, next);
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
  if (
    (patched.metadata?.namespace ?? '') !== (previous.metadata?.namespace ?? '')
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  checkResourceVersion(request, previous, patched);
  const next = carryOver(
    definition,
    previous,
    patched,
    scopeOf(definition, request.subresource),
  );
  recordUpdate(previous, next, writeContext(request, updateManager(request)));
  return commit(context, request, previous, next);
}
