import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CatalogClient } from '@backstage/catalog-client';
import {
  CompoundEntityRef,
  Entity,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';

const validator = makeValidator();

/** Checks each part of a `kind/namespace/name` ref; the error names the part that is wrong. */
export function validEntityRef(parts: {
  kind: string;
  namespace: string;
  name: string;
}): CompoundEntityRef {
  if (!validator.isValidKind(parts.kind)) {
    throw new InputError(`kind '${parts.kind}' is not a valid entity kind`);
  }
  if (!validator.isValidNamespace(parts.namespace)) {
    throw new InputError(
      `namespace '${parts.namespace}' is not a valid entity namespace`,
    );
  }
  if (!validator.isValidEntityName(parts.name)) {
    throw new InputError(`name '${parts.name}' is not a valid entity name`);
  }
  return parts;
}

/** Parses a full or short ref (`component:default/x`, `x`) for the action's input. */
export function parseRuntimeEntityRef(ref: string): CompoundEntityRef {
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(`entityRef '${ref}' is not a valid entity ref`);
  }
  return validEntityRef(parsed);
}

/**
 * Reads entities from the catalog with the caller's own credentials, so an entity the caller
 * may not read is as absent as one that does not exist.
 */
export class EntityReader {
  private constructor(
    private readonly auth: AuthService,
    private readonly catalog: CatalogClient,
  ) {}

  static create(options: {
    auth: AuthService;
    discovery: DiscoveryService;
  }): EntityReader {
    return new EntityReader(
      options.auth,
      new CatalogClient({ discoveryApi: options.discovery }),
    );
  }

  async read(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'catalog',
    });
    const entity = await this.catalog.getEntityByRef(ref, { token });
    if (!entity) {
      throw new NotFoundError(`No entity ${stringifyEntityRef(ref)}`);
    }
    return entity;
  }
}
