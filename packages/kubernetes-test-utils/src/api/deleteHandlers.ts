import { badRequest, conflict, notFound } from '../errors';
import { KindDefinition, KubeObject } from '../kinds/KindDefinition';
import { definitionsFromCrd } from '../kinds/KindRegistry';
import {
  ApiContext,
  ApiRequest,
  ApiResult,
  isDryRun,
  withTypeMeta,
} from './ApiRequest';
import { timestamp } from './objectLifecycle';
import { listBody, selectObjects } from './readHandlers';

interface DeleteOptions {
  propagationPolicy?: string;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

function deleteOptions(request: ApiRequest): DeleteOptions {
  let options: DeleteOptions = {};
  if (request.body.trim()) {
    try {
      options = JSON.parse(request.body);
    } catch (error) {
      throw badRequest(
        `error decoding DeleteOptions: ${(error as Error).message}`,
      );
    }
  }
  const policy = request.query.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy;
  if (request.query.get('orphanDependents') === 'true')
    options.orphanDependents = true;
  return options;
}

function checkPreconditions(
  definition: KindDefinition,
  object: KubeObject,
  { preconditions }: DeleteOptions,
) {
  const metadata = object.metadata ?? {};
  if (preconditions?.uid && preconditions.uid !== metadata.uid) {
    throw conflict(
      definition,
      metadata.name ?? '',
      `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${metadata.uid}`,
    );
  }
  if (
    preconditions?.resourceVersion &&
    preconditions.resourceVersion !== metadata.resourceVersion
  ) {
    throw conflict(
      definition,
      metadata.name ?? '',
      `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${metadata.resourceVersion}`,
    );
  }
}

/**
 * Removes an object and what Kubernetes would remove after it: a namespace's contents, a CRD's
 * custom resources, and (unless orphaning) dependents whose owners are all gone. Done at once,
 * where a cluster's controllers take a while.
 */
function removeWithDependents(
  { store, registry }: ApiContext,
  definition: KindDefinition,
  object: KubeObject,
  orphan: boolean,
) {
  const { namespace = '', name = '' } = object.metadata ?? {};
  store.remove(definition, namespace, name);
  for (const entry of [...store.entries()]) {
    const entryMeta = entry.object.metadata ?? {};
    const inDeletedNamespace =
      definition.group === '' &&
      definition.kind === 'Namespace' &&
      entryMeta.namespace === name;
    const ofDeletedCrd =
      definition.kind === 'CustomResourceDefinition' &&
      definitionsFromCrd(object).some(
        kind =>
          kind.group === entry.resource.group &&
          kind.plural === entry.resource.plural,
      );
    if (inDeletedNamespace || ofDeletedCrd) {
      store.remove(
        entry.resource,
        entryMeta.namespace ?? '',
        entryMeta.name ?? '',
      );
    }
  }
  if (definition.kind === 'CustomResourceDefinition') {
    definitionsFromCrd(object).forEach(kind =>
      registry.unregister(kind.group, kind.plural),
    );
  }
  if (!orphan) collectGarbage({ store, registry });
}

function collectGarbage({ store }: ApiContext) {
  let removed = true;
  while (removed) {
    removed = false;
    const entries = [...store.entries()];
    const uids = new Set(entries.map(entry => entry.object.metadata?.uid));
    for (const { resource, object } of entries) {
      const owners = object.metadata?.ownerReferences ?? [];
      if (owners.length > 0 && owners.every(owner => !uids.has(owner.uid))) {
        store.remove(
          resource,
          object.metadata?.namespace ?? '',
          object.metadata?.name ?? '',
        );
        removed = true;
      }
    }
  }
}

/** The object as a DELETE answers with it: marked for deletion, a namespace as terminating. */
function deletedView(definition: KindDefinition, object: KubeObject) {
  const view = withTypeMeta(object, definition);
  view.metadata = { ...view.metadata, deletionTimestamp: timestamp() };
  if (definition.kind === 'Namespace') {
    view.status = { ...(view.status as object), phase: 'Terminating' };
  }
  return view;
}

function successStatus(definition: KindDefinition, object: KubeObject) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: object.metadata?.name,
      ...(definition.group ? { group: definition.group } : {}),
      kind: definition.plural,
      uid: object.metadata?.uid,
    },
  };
}

export function deleteObject(
  context: ApiContext,
  request: ApiRequest,
): ApiResult {
  const { definition, namespace = '', name = '' } = request;
  const dryRun = isDryRun(request);
  const options = deleteOptions(request);
  const object = context.store.get(definition, namespace, name);
  if (!object) throw notFound(definition, name);
  checkPreconditions(definition, object, options);
  if (!dryRun) {
    const orphan =
      options.propagationPolicy === 'Orphan' ||
      options.orphanDependents === true;
    removeWithDependents(context, definition, object, orphan);
  }
  const body = definition.deleteReturnsObject
    ? deletedView(definition, object)
    : successStatus(definition, object);
  return { code: 200, body, wrote: !dryRun };
}

export function deleteCollection(
  context: ApiContext,
  request: ApiRequest,
): ApiResult {
  const { definition } = request;
  const dryRun = isDryRun(request);
  const options = deleteOptions(request);
  const selected = selectObjects(context.store, request);
  if (!dryRun) {
    const orphan =
      options.propagationPolicy === 'Orphan' ||
      options.orphanDependents === true;
    selected.forEach(object =>
      removeWithDependents(context, definition, object, orphan),
    );
  }
  const body = listBody(
    definition,
    selected.map(object => deletedView(definition, object)),
    { resourceVersion: context.store.resourceVersion },
  );
  return { code: 200, body, wrote: !dryRun && selected.length > 0 };
}
