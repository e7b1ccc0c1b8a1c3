import { pathNotFound } from '../errors';
import { KindDefinition } from '../kinds/KindDefinition';
import { KindRegistry } from '../kinds/KindRegistry';
import { ParsedPath } from './paths';

// No `watch`: the fake answers lists, not watches, and says so where clients look.
const RESOURCE_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
];
const STATUS_VERBS = ['get', 'patch', 'update'];

/** The Kubernetes version `/version` reports. */
export interface ServerVersion {
  major: string;
  minor: string;
}

function apiResources(definitions: KindDefinition[]) {
  return definitions.flatMap(definition => {
    const main = {
      name: definition.plural,
      singularName: definition.singular ?? definition.kind.toLowerCase(),
      namespaced: definition.namespaced,
      kind: definition.kind,
      verbs: definition.verbs ?? RESOURCE_VERBS,
      ...(definition.shortNames?.length
        ? { shortNames: definition.shortNames }
        : {}),
    };
    if (!definition.statusSubresource) return [main];
    return [
      main,
      {
        name: `${definition.plural}/status`,
        singularName: '',
        namespaced: definition.namespaced,
        kind: definition.kind,
        verbs: STATUS_VERBS,
      },
    ];
  });
}

function apiGroup(name: string, versions: string[]) {
  const groupVersions = versions.map(version => ({
    groupVersion: `${name}/${version}`,
    version,
  }));
  return { name, versions: groupVersions, preferredVersion: groupVersions[0] };
}

/** Answers the discovery paths, or undefined when the path is not one of them. */
export function discoveryResponse(
  path: ParsedPath,
  registry: KindRegistry,
  version: ServerVersion,
  serverAddress: string,
): unknown {
  switch (path.type) {
    case 'health':
      return 'ok';
    case 'version':
      return {
        major: version.major,
        minor: version.minor,
        gitVersion: `v${version.major}.${version.minor}.0`,
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2026-01-01T00:00:00Z',
        goVersion: 'go1.24.0',
        compiler: 'gc',
        platform: 'linux/amd64',
      };
    case 'coreVersions':
      return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress },
        ],
      };
    case 'groups':
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...registry.groups()]
          .filter(([group]) => group !== '')
          .map(([group, versions]) => apiGroup(group, versions)),
      };
    case 'group': {
      const versions = registry.groups().get(path.group);
      if (!versions || path.group === '') throw pathNotFound();
      return {
        kind: 'APIGroup',
        apiVersion: 'v1',
        ...apiGroup(path.group, versions),
      };
    }
    case 'groupVersion': {
      const definitions = registry.inGroupVersion(path.group, path.version);
      if (definitions.length === 0) throw pathNotFound();
      return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: path.group
          ? `${path.group}/${path.version}`
          : path.version,
        resources: apiResources(definitions),
      };
    }
    default:
      return undefined;
  }
}
