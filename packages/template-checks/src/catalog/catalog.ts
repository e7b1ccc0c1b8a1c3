import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';

// The policies the catalog backend applies to every entity it ingests, in its order.
const defaultPolicies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/**
 * Validates a catalog entity the way the catalog backend does on ingestion: the default entity
 * policies (envelope, field formats such as annotation keys and values, entity schema), then the
 * Component kind's own schema. Returns the entity with defaults applied (namespace).
 */
export async function validateComponentEntity(raw: unknown): Promise<Entity> {
  const entity = await defaultPolicies.enforce(raw as Entity);
  if (!entity) throw new Error('the entity policies rejected the entity');
  const isComponent = await componentEntityV1alpha1Validator.check(entity);
  if (!isComponent) {
    throw new Error(
      `not a backstage.io/v1alpha1 Component: ${entity.apiVersion} ${entity.kind}`,
    );
  }
  return entity;
}
