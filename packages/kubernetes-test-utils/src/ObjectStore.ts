import { KindDefinition, KubeObject } from './kinds/KindDefinition';
import { cloneJson } from './fields/fieldPaths';

type Resource = Pick<KindDefinition, 'group' | 'plural'>;

const storageKey = (resource: Resource, namespace: string, name: string) =>
  `${resource.group}|${resource.plural}|${namespace}|${name}`;

/**
 * Every stored object, keyed by group, plural, namespace and name (one copy per resource whatever
 * version it is read through), with one resourceVersion counter for the whole store, as etcd has.
 */
export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private revision = 0;

  get resourceVersion(): string {
    return String(this.revision);
  }

  nextResourceVersion(): string {
    this.revision += 1;
    return String(this.revision);
  }

  get(
    resource: Resource,
    namespace: string,
    name: string,
  ): KubeObject | undefined {
    const object = this.objects.get(storageKey(resource, namespace, name));
    return object && cloneJson(object);
  }

  has(resource: Resource, namespace: string, name: string): boolean {
    return this.objects.has(storageKey(resource, namespace, name));
  }

  /**
   * Objects of a resource, in one namespace or all, sorted by namespace and name like etcd keys;
   * only those `matches` accepts (it sees the stored object: only the matches are copied).
   */
  list(
    resource: Resource,
    namespace?: string,
    matches: (object: KubeObject) => boolean = () => true,
  ): KubeObject[] {
    const prefix = `${resource.group}|${resource.plural}|${
      namespace === undefined ? '' : `${namespace}|`
    }`;
    return [...this.objects.entries()]
      .filter(([key, object]) => key.startsWith(prefix) && matches(object))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, object]) => cloneJson(object));
  }

  /** Stores an object under a fresh resourceVersion and returns the stored copy. */
  put(resource: Resource, object: KubeObject): KubeObject {
    const stored = cloneJson(object);
    stored.metadata = {
      ...stored.metadata,
      resourceVersion: this.nextResourceVersion(),
    };
    const { namespace = '', name = '' } = stored.metadata;
    this.objects.set(storageKey(resource, namespace, name), stored);
    return cloneJson(stored);
  }

  remove(resource: Resource, namespace: string, name: string): void {
    this.objects.delete(storageKey(resource, namespace, name));
    this.nextResourceVersion();
  }

  /** Every stored object with the resource it is stored under. */
  *entries(): Iterable<{ resource: Resource; object: KubeObject }> {
    for (const [key, object] of this.objects) {
      const [group, plural] = key.split('|');
      yield { resource: { group, plural }, object };
    }
  }

  clear(): void {
    this.objects.clear();
  }
}
