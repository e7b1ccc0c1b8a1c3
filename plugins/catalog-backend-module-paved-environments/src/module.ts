import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import { readEnvironmentCatalogSettings } from './EnvironmentCatalogSettings';
import { EnvironmentEntityProvider } from './EnvironmentEntityProvider';
import {
  ExpiredEnvironmentSweep,
  EXPIRY_SWEEP_TASK_ID,
} from './ExpiredEnvironmentSweep';

/**
 * Puts the environments Paved provisioned on the clusters of `kubernetes.clusterLocatorMethods`
 * into the catalog (`paved.environments.catalog`) and tears down previews whose expiry has passed
 * (`paved.environments.expiry`), both as scheduled tasks that one backend replica runs at a time.
 *
 * @public
 */
export const catalogModulePavedEnvironments = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'paved-environments',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        const settings = readEnvironmentCatalogSettings(config);
        const provisioner = EnvironmentProvisioner.fromConfig(config);
        const provider = EnvironmentEntityProvider.create({
          provisioner,
          logger,
          componentNamespace: settings.componentNamespace,
          scheduler,
          schedule: settings.schedule,
        });
        catalog.addEntityProvider(provider);
        if (!settings.expiry.enabled) {
          logger.info(
            'Paved expiry sweep is off (paved.environments.expiry.enabled: false)',
          );
          return;
        }
        const sweep = ExpiredEnvironmentSweep.create({
          provisioner,
          logger,
          dryRun: settings.expiry.dryRun,
        });
        await scheduler.scheduleTask({
          id: EXPIRY_SWEEP_TASK_ID,
          ...settings.expiry.schedule,
          fn: async () => {
            const result = await sweep.sweep();
            if (result.removed.length && !settings.expiry.dryRun) {
              await provider.refresh();
            }
          },
        });
      },
    });
  },
});
