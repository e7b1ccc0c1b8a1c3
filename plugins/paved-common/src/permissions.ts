import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Provision or change a non-production environment of a catalog entity.
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
 * to the entity's owners only.
 *
 * @public
 */
export const environmentProvisionProductionPermission = createPermission({
  name: 'paved.environment.provision.production',
  attributes: { action: 'create' },
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
];
