import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import Router from 'express-promise-router';

/** Who asked the fake catalog for what: the principal the runtime plugin's token carried. */
export interface CatalogCall {
  ref: string;
  principal: unknown;
}

/**
 * A catalog plugin that serves `entities`, readable only to the users `readers` lists for them
 * (everyone when absent), and records the credentials of each call.
 */
export function fakeCatalog(options: {
  entities: Entity[];
  readers?: Record<string, string[]>;
  calls?: CatalogCall[];
}) {
  return createBackendPlugin({
    pluginId: 'catalog',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.get(
            '/entities/by-name/:kind/:namespace/:name',
            async (req, res) => {
              const credentials = await httpAuth.credentials(req);
              const { kind, namespace, name } = req.params;
              const ref = `${kind}:${namespace}/${name}`.toLocaleLowerCase(
                'en-US',
              );
              options.calls?.push({ ref, principal: credentials.principal });
              const entity = options.entities.find(
                e =>
                  `${e.kind}:${e.metadata.namespace ?? 'default'}/${
                    e.metadata.name
                  }`.toLocaleLowerCase('en-US') === ref,
              );
              const readers = options.readers?.[ref];
              const user = (credentials.principal as { userEntityRef?: string })
                .userEntityRef;
              if (!entity || (readers && !readers.includes(user ?? ''))) {
                res.status(404).json({ error: { name: 'NotFoundError' } });
                return;
              }
              res.json(entity);
            },
          );
          httpRouter.use(router);
        },
      });
    },
  });
}

export function component(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name, ...annotations },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}
