import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { PavedTemplatesProvider } from './PavedTemplatesProvider';

/**
 * Registers the Paved software templates this package ships in the catalog
 * (`paved.templates.catalog` configures owner, namespace and which templates).
 *
 * @public
 */
export const catalogModulePavedTemplates = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'paved-templates',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ catalog, config, logger }) {
        catalog.addEntityProvider(
          PavedTemplatesProvider.fromConfig(config, { logger }),
        );
      },
    });
  },
});
