import { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  stringifyEntityRef,
  stringifyLocationRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EntityAccess } from '../authorization/EntityAccess';
import { examples } from './catalogUnregister.examples';

/**
 * `paved:catalog:unregister` removes a component from the catalog for its owners: it deletes the
 * location the component was registered from, and with it every entity of that location, once
 * the user may delete each of them (`catalog.entity.delete`: the owners and the admins). The
 * catalog's own location API, which checks no ownership, stays for admins.
 *
 * @public
 */
export function createCatalogUnregisterAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  access: EntityAccess;
}) {
  const { catalog, auth, access } = options;
  return createTemplateAction({
    id: 'paved:catalog:unregister',
    description:
      'Unregisters a catalog entity and every other entity of its location, when the user may delete each of them',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string().max(300).describe('The entity to unregister'),
      },
      output: {
        location: z =>
          z.string().describe('The location that was (or would be) removed'),
        removed: z =>
          z
            .array(z.string())
            .describe('The entities removed with it, as entity refs'),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const entity = await access.authorize({
        entityRef: ctx.input.entityRef,
        field: 'entityRef',
        permission: catalogEntityDeletePermission,
        credentials,
        purpose: 'unregister',
      });
      const ref = stringifyEntityRef(entity);
      const own = { credentials: await auth.getOwnServiceCredentials() };
      const location = await catalog.getLocationByEntity(ref, own);
      if (!location) {
        throw new InputError(
          `entityRef: ${ref} was not registered through the catalog API (it comes from the backend's configuration or an entity provider); remove it there`,
        );
      }
      const locationRef = stringifyLocationRef(location);
      const { items } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: locationRef,
          },
        },
        own,
      );
      // The Location entity stands for the registration itself and has no owner.
      const held = items.filter(e => e.kind !== 'Location');
      const denied = await access.deniedAmong(
        held,
        catalogEntityDeletePermission,
        credentials,
      );
      if (denied.length) {
        throw new NotAllowedError(
          `Unregistering ${ref} removes its location ${locationRef} and every entity in it; you may not delete ${denied
            .map(stringifyEntityRef)
            .join(', ')}`,
        );
      }
      const removed = held.map(stringifyEntityRef);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would remove ${locationRef} and ${removed.join(', ')}`,
        );
      } else {
        await catalog.removeLocationById(location.id, own);
        ctx.logger.info(`Removed ${locationRef} and ${removed.join(', ')}`);
      }
      ctx.output('location', locationRef);
      ctx.output('removed', removed);
    },
  });
}
