import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Provision or change a non-production environment of a catalog entity. The Paved policy grants
 * it to the entity's owners and the configured admins.
 *
 * @public
 */
export const environmentProvisionPermission = createPermission({
  name: 'paved.environment.provision',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Provision or change a production environment of a catalog entity. The Paved policy grants it
 * to the entity's owners and the configured admins.
 *
 * @public
 */
export const environmentProvisionProductionPermission = createPermission({
  name: 'paved.environment.provision.production',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Propose a change to the repository a catalog entity is registered from: a new branch of a
 * local repository, or a pull request. The Paved policy grants it to the entity's owners and the
 * configured admins.
 *
 * @public
 */
export const repositoryChangePermission = createPermission({
  name: 'paved.repository.change',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission the Paved plugins define.
 *
 * @public
 */
export const pavedPermissions = [
  environmentProvisionPermission,
  environmentProvisionProductionPermission,
  repositoryChangePermission,
];

/**
 * Environments whose changes need {@link environmentProvisionProductionPermission}.
 *
 * @public
 */
export const PAVED_PRODUCTION_ENVIRONMENTS: readonly string[] = ['prod'];

/**
 * The permission that provisioning or changing `environment` of an entity needs.
 *
 * @public
 */
export function environmentPermissionFor(environment: string) {
  return PAVED_PRODUCTION_ENVIRONMENTS.includes(environment)
    ? environmentProvisionProductionPermission
    : environmentProvisionPermission;
}
