import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { RuntimeEnvironment } from '@paved/plugin-paved-runtime-common';
import { useEffect, useState } from 'react';

/** The annotation Paved writes on a namespace (and its catalog Resource) with a TTL. */
export const EXPIRES_AT_ANNOTATION = 'paved.dev/expires-at';

/** The catalog Resource an environment's namespace is published as. */
export function environmentEntityRef(environment: RuntimeEnvironment): string {
  return stringifyEntityRef({
    kind: 'Resource',
    namespace: 'default',
    name: environment.namespace,
  });
}

/**
 * The catalog entities of the environments, by entity ref; environments without one are
 * absent. A catalog that cannot be read leaves the map empty: the matrix works without it.
 */
export function useEnvironmentEntities(
  environments: RuntimeEnvironment[],
): Map<string, Entity> {
  const catalogApi = useApi(catalogApiRef);
  const refs = [...new Set(environments.map(environmentEntityRef))].sort();
  const key = refs.join(',');
  const [entities, setEntities] = useState(new Map<string, Entity>());
  useEffect(() => {
    let active = true;
    const entityRefs = key ? key.split(',') : [];
    if (!entityRefs.length) {
      return undefined;
    }
    catalogApi.getEntitiesByRefs({ entityRefs }).then(
      ({ items }) => {
        if (active) {
          const found = new Map<string, Entity>();
          items.forEach(
            (entity, i) => entity && found.set(entityRefs[i], entity),
          );
          setEntities(found);
        }
      },
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, [catalogApi, key]);
  return entities;
}
