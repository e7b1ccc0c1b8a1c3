import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** What {@link EntityAccess.authorize} checks. @public */
export interface EntityAccessRequest {
  /** The entity ref as the user gave it; `field` names the input it came from. */
  entityRef: string;
  field: string;
  permission: ResourcePermission<'catalog-entity'>;
  credentials: BackstageCredentials;
  /** What the user wants to do, completing "may not …", e.g. `add prod to`. */
  purpose: string;
}

const validator = makeValidator();

function parseValidEntityRef(entityRef: string): string {
  const ref = parseEntityRef(entityRef, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  if (
    !validator.isValidKind(ref.kind) ||
    !validator.isValidNamespace(ref.namespace) ||
    !validator.isValidEntityName(ref.name)
  ) {
    throw new Error(`'${entityRef}' names no valid entity`);
  }
  return stringifyEntityRef(ref);
}

function describeCaller(credentials: BackstageCredentials): string {
  const { principal } = credentials as BackstageCredentials<{
    type?: string;
    userEntityRef?: string;
  }>;
  return principal.userEntityRef ?? 'This caller';
}

/**
 * Decides whether the initiator of a task may act on a catalog entity, with the initiator's own
 * credentials: the entity must be readable to them and the permission granted for it (the Paved
 * policy grants Paved's entity permissions to the entity's owners and the admins).
 *
 * @public
 */
export class EntityAccess {
  readonly #catalog: CatalogService;
  readonly #permissions: PermissionsService;

  static create(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
  }): EntityAccess {
    return new EntityAccess(options.catalog, options.permissions);
  }

  private constructor(
    catalog: CatalogService,
    permissions: PermissionsService,
  ) {
    this.#catalog = catalog;
    this.#permissions = permissions;
  }

  /**
   * Returns the entity when the request is allowed.
   *
   * @throws InputError when the ref is malformed, NotFoundError when the entity does not exist
   * or is hidden from the caller, NotAllowedError when the permission is denied.
   */
  async authorize(request: EntityAccessRequest): Promise<Entity> {
    const { credentials, permission } = request;
    let ref: string;
    try {
      ref = parseValidEntityRef(request.entityRef);
    } catch (error) {
      throw new InputError(
        `${request.field}: must be an entity ref such as component:default/orders-api: ${error}`,
      );
    }
    const entity = await this.#catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `${request.field}: there is no ${ref} in the catalog`,
      );
    }
    const [decision] = await this.#permissions.authorize(
      [{ permission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      const owner = (entity.spec?.owner as string | undefined) ?? 'nobody';
      throw new NotAllowedError(
        `${describeCaller(credentials)} may not ${
          request.purpose
        } ${ref}: only its owners (${owner}) and Paved admins may (permission ${
          permission.name
        })`,
      );
    }
    return entity;
  }

  /** The entities among `entities` for which `permission` is not granted, in one request. */
  async deniedAmong(
    entities: Entity[],
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    if (!entities.length) {
      return [];
    }
    const decisions = await this.#permissions.authorize(
      entities.map(entity => ({
        permission,
        resourceRef: stringifyEntityRef(entity),
      })),
      { credentials },
    );
    return entities.filter(
      (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
    );
  }
}
