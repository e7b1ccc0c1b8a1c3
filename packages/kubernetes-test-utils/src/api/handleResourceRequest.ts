import { methodNotAllowed } from '../errors';
import { ApiContext, ApiRequest, ApiResult } from './ApiRequest';
import { deleteCollection, deleteObject } from './deleteHandlers';
import { getObject, listObjects } from './readHandlers';
import {
  createObject,
  patchStoredObject,
  replaceObject,
} from './writeHandlers';

/** Runs one resource request against the store: the API server's REST handlers, in short. */
export function handleResourceRequest(
  context: ApiContext,
  request: ApiRequest,
): ApiResult {
  if (
    request.subresource &&
    !['get', 'update', 'patch'].includes(request.verb)
  ) {
    throw methodNotAllowed();
  }
  switch (request.verb) {
    case 'get':
      return getObject(context.store, request);
    case 'list':
    case 'watch':
      return listObjects(context.store, request);
    case 'create':
      return createObject(context, request);
    case 'update':
      return replaceObject(context, request);
    case 'patch':
      return patchStoredObject(context, request);
    case 'delete':
      return deleteObject(context, request);
    case 'deletecollection':
      return deleteCollection(context, request);
    default:
      throw methodNotAllowed();
  }
}
