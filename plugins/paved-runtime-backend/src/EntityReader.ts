import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CatalogApi, CatalogClient } from '@backstage/catalog-client';
import {
  CompoundEntityRef,
  Entity,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { ExpiringMemo } from './ExpiringMemo';

const validator = makeValidator();

/** Checks each part of a `kind/namespace/name` ref; the error names the part that is wrong. */
export function validEntityRef(parts: {
  kind: string;
  namespace: string;
  name: string;
}): CompoundEntityRef {
  if (!validator.isValidKind(parts.kind)) {
    throw new InputError(`kind: '${parts.kind}' is not a valid entity kind`);
  }
  if (!validator.isValidNamespace(parts.namespace)) {
    throw new InputError(
      `namespace: '${parts.namespace}' is not a valid entity namespace`,
    );
  }
  if (!validator.isValidEntityName(parts.name)) {
    throw new InputError(`name: '${parts.name}' is not a valid entity name`);
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
    throw new InputError(`entityRef: '${ref}' is not a valid entity ref`);
  }
  return validEntityRef(parsed);
}

/** Who is asking, as far as the catalog's permission decision can tell. */
function principalKey(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user') return `user:${principal.userEntityRef}`;
  if (principal.type === 'service') return `service:${principal.subject}`;
  return undefined;
}

/**
 * Reads entities from the catalog with the caller's own credentials, so an entity the caller
 * may not read is as absent as one that does not exist. What a caller was allowed to read is
 * remembered per (caller, entity) for `ttlSeconds`: a page of cards, or a client polling, costs
 * one catalog read (token, HTTP call, permission decision) instead of one per request. A refusal
 * is never remembered.
 */
export class EntityReader {
  private readonly memo = new ExpiringMemo<Entity>(10_000);

  private constructor(
    private readonly auth: AuthService,
    private readonly catalog: CatalogApi,
    private readonly ttlMs: number,
  ) {}

  static create(options: {
    auth: AuthService;
    discovery: DiscoveryService;
    ttlSeconds: number;
  }): EntityReader {
    return new EntityReader(
      options.auth,
      new CatalogClient({ discoveryApi: options.discovery }),
      options.ttlSeconds * 1000,
    );
  }

  async read(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const caller = principalKey(credentials);
    if (!caller || this.ttlMs <= 0)
      return this.readFromCatalog(ref, credentials);
    return this.memo.get(
      `${caller}|${stringifyEntityRef(ref).toLocaleLowerCase('en-US')}`,
      () => this.readFromCatalog(ref, credentials),
      () => Date.now() + this.ttlMs,
    );
  }

  private async readFromCatalog(
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
