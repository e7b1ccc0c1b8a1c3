import { Verb } from '../api/ApiRequest';

/** What a request path names, before its kind is looked up. */
export type ParsedPath =
  | { type: 'health' }
  | { type: 'version' }
  | { type: 'coreVersions' }
  | { type: 'groups' }
  | { type: 'group'; group: string }
  | { type: 'groupVersion'; group: string; version: string }
  | {
      type: 'resource';
      group: string;
      version: string;
      plural: string;
      namespace?: string;
      name?: string;
      subresource?: string;
    };

// `/api/v1/namespaces/foo/status` is the namespace's own subresource, not a resource "status".
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Splits an API path the way the API server's RequestInfoFactory does. */
export function parsePath(pathname: string): ParsedPath | undefined {
  let segments: string[];
  try {
    segments = pathname
      .split('/')
      .filter(Boolean)
      .map(segment => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
  const [root] = segments;
  if (['healthz', 'livez', 'readyz'].includes(root) && segments.length === 1) {
    return { type: 'health' };
  }
  if (root === 'version' && segments.length === 1) return { type: 'version' };

  let group: string;
  let rest: string[];
  if (root === 'api') {
    if (segments.length === 1) return { type: 'coreVersions' };
    group = '';
    rest = segments.slice(1);
  } else if (root === 'apis') {
    if (segments.length === 1) return { type: 'groups' };
    if (segments.length === 2) return { type: 'group', group: segments[1] };
    group = segments[1];
    rest = segments.slice(2);
  } else {
    return undefined;
  }
  const [version, ...resourcePath] = rest;
  if (resourcePath.length === 0)
    return { type: 'groupVersion', group, version };

  let namespace: string | undefined;
  let parts = resourcePath;
  if (
    parts[0] === 'namespaces' &&
    parts.length >= 3 &&
    !(parts.length === 3 && NAMESPACE_SUBRESOURCES.has(parts[2]))
  ) {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  if (parts.length > 3) return undefined;
  const [plural, name, subresource] = parts;
  return {
    type: 'resource',
    group,
    version,
    plural,
    namespace,
    name,
    subresource,
  };
}

/** The RBAC verb of a request on a resource path. */
export function verbOf(
  method: string,
  hasName: boolean,
  query: URLSearchParams,
): Verb | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (query.get('watch') === 'true' || query.get('watch') === '1') {
        return 'watch';
      }
      return hasName ? 'get' : 'list';
    case 'POST':
      return hasName ? undefined : 'create';
    case 'PUT':
      return hasName ? 'update' : undefined;
    case 'PATCH':
      return hasName ? 'patch' : undefined;
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}
