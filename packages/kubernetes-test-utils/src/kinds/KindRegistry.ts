import { builtInKinds } from './builtInKinds';
import { KindDefinition, KubeObject, splitApiVersion } from './KindDefinition';

/** The kinds a server serves, looked up by path (group, version, plural) or by apiVersion + kind. */
export class KindRegistry {
  private readonly definitions: KindDefinition[] = [];

  constructor(extra: KindDefinition[] = []) {
    for (const definition of [...builtInKinds, ...extra]) {
      this.register(definition);
    }
  }

  /** Adds a kind, replacing one with the same group, version and plural. */
  register(definition: KindDefinition): void {
    const normalized: KindDefinition = {
      singular: definition.kind.toLowerCase(),
      ...definition,
      plural: definition.plural.toLowerCase(),
    };
    const index = this.definitions.findIndex(existing =>
      sameResource(existing, normalized),
    );
    if (index >= 0) this.definitions[index] = normalized;
    else this.definitions.push(normalized);
  }

  unregister(group: string, plural: string): void {
    for (let i = this.definitions.length - 1; i >= 0; i--) {
      const definition = this.definitions[i];
      if (definition.group === group && definition.plural === plural) {
        this.definitions.splice(i, 1);
      }
    }
  }

  byResource(
    group: string,
    version: string,
    plural: string,
  ): KindDefinition | undefined {
    return this.definitions.find(
      d => d.group === group && d.version === version && d.plural === plural,
    );
  }

  byKind(apiVersion: string, kind: string): KindDefinition | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    return this.definitions.find(
      d => d.group === group && d.version === version && d.kind === kind,
    );
  }

  /** Every definition of a group/plural (one per served version). */
  versionsOf(group: string, plural: string): KindDefinition[] {
    return this.definitions.filter(
      d => d.group === group && d.plural === plural,
    );
  }

  all(): KindDefinition[] {
    return [...this.definitions];
  }

  /** Group name → served versions, in registration order (the first is preferred). */
  groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const { group, version } of this.definitions) {
      const versions = groups.get(group) ?? [];
      if (!versions.includes(version)) versions.push(version);
      groups.set(group, versions);
    }
    return groups;
  }

  inGroupVersion(group: string, version: string): KindDefinition[] {
    return this.definitions.filter(
      d => d.group === group && d.version === version,
    );
  }
}

function sameResource(a: KindDefinition, b: KindDefinition) {
  return (
    a.group === b.group && a.version === b.version && a.plural === b.plural
  );
}

/** The kinds a CustomResourceDefinition serves, so that creating one makes its resources exist. */
export function definitionsFromCrd(crd: KubeObject): KindDefinition[] {
  const spec = (crd.spec ?? {}) as {
    group?: string;
    scope?: string;
    names?: {
      kind?: string;
      plural?: string;
      singular?: string;
      shortNames?: string[];
    };
    versions?: Array<{
      name: string;
      served?: boolean;
      subresources?: { status?: unknown };
    }>;
  };
  const { group, names } = spec;
  if (!group || !names?.kind || !names.plural) return [];
  return (spec.versions ?? [])
    .filter(version => version.served !== false)
    .map(version => ({
      group,
      version: version.name,
      kind: names.kind!,
      plural: names.plural!,
      singular: names.singular ?? names.kind!.toLowerCase(),
      shortNames: names.shortNames,
      namespaced: spec.scope !== 'Cluster',
      statusSubresource: Boolean(version.subresources?.status),
      custom: true,
      deleteReturnsObject: true,
    }));
}
