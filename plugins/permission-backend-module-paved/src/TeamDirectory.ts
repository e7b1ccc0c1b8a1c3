import { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, RELATION_HAS_MEMBER } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

const DEFAULT_TTL_MS = 60_000;

/**
 * The members of groups, read from the catalog with the policy's own credentials and kept for a
 * minute, so that deciding who may read a task does not cost a catalog request each time.
 *
 * @public
 */
export class TeamDirectory {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #ttlMs: number;
  readonly #members = new Map<
    string,
    { expiresAt: number; members: Promise<string[]> }
  >();

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    ttlMs?: number;
  }): TeamDirectory {
    return new TeamDirectory(
      options.catalog,
      options.auth,
      options.ttlMs ?? DEFAULT_TTL_MS,
    );
  }

  private constructor(catalog: CatalogService, auth: AuthService, ttl: number) {
    this.#catalog = catalog;
    this.#auth = auth;
    this.#ttlMs = ttl;
  }

  /** The user and every direct member of the groups among `ownershipRefs`, as entity refs. */
  async teammates(userRef: string, ownershipRefs: string[]): Promise<string[]> {
    const groups = ownershipRefs.filter(
      ref => parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group',
    );
    // Without the catalog a group adds nobody: the user still sees their own tasks.
    const members = await Promise.all(
      groups.map(ref => this.#membersOf(ref).catch(() => [])),
    );
    return [...new Set([userRef, ...members.flat()])];
  }

  #membersOf(groupRef: string): Promise<string[]> {
    const now = Date.now();
    const cached = this.#members.get(groupRef);
    if (cached && cached.expiresAt > now) {
      return cached.members;
    }
    const members = this.#fetchMembers(groupRef);
    this.#members.set(groupRef, { expiresAt: now + this.#ttlMs, members });
    // A failed read is not kept: the next decision asks again.
    members.catch(() => this.#members.delete(groupRef));
    return members;
  }

  async #fetchMembers(groupRef: string): Promise<string[]> {
    const group = await this.#catalog.getEntityByRef(groupRef, {
      credentials: await this.#auth.getOwnServiceCredentials(),
    });
    return (group?.relations ?? [])
      .filter(relation => relation.type === RELATION_HAS_MEMBER)
      .map(relation => relation.targetRef);
  }
}
