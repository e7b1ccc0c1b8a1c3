import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { PAVED_RUNTIME_PLUGIN_ID } from '@paved/plugin-paved-runtime-common';
import { registerRuntimeActions } from './actions';
import { readRuntimeConfig } from './config';
import { EntityReader } from './EntityReader';
import { createRouter } from './router';
import { RuntimeService } from './RuntimeService';

/**
 * The Paved runtime backend: HPA, GPU, Argo CD and alert state per component and environment.
 *
 * @public
 */
export const pavedRuntimePlugin = createBackendPlugin({
  pluginId: PAVED_RUNTIME_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        cache,
        auth,
        discovery,
        httpAuth,
        httpRouter,
        actionsRegistry,
      }) {
        const runtimeConfig = readRuntimeConfig(config);
        const runtime = RuntimeService.create({ config: runtimeConfig, cache });
        const entities = EntityReader.create({
          auth,
          discovery,
          ttlSeconds: runtimeConfig.entityCacheSeconds,
        });
        httpRouter.use(createRouter({ httpAuth, entities, runtime }));
        registerRuntimeActions({ actionsRegistry, entities, runtime });
        if (runtimeConfig.ignoredSettings.length) {
          logger.warn(
            `paved.runtime.clusters ignores ${runtimeConfig.ignoredSettings.join(
              ', ',
            )}: not in kubernetes.clusterLocatorMethods`,
          );
        }
        logger.info(
          `runtime state from ${
            runtimeConfig.clusters.length
          } cluster(s): ${runtimeConfig.clusters
            .map(c => (c.demo ? `${c.name} (demo)` : c.name))
            .join(', ')}`,
        );
      },
    });
  },
});
