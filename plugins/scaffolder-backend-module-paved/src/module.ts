import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createServicePlanAction } from './actions/servicePlan';

/**
 * The Paved scaffolder module: the actions the Paved templates use.
 *
 * @public
 */
export const scaffolderModulePaved = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'paved',
  register(reg) {
    reg.registerInit({
      deps: {
        actions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ actions, config }) {
        // NOTE(lead): the publish action and the local repository URL come from the
        // local-git work; this placeholder URL is replaced when it lands.
        const gitDir = path.resolve(
          config.getOptionalString('paved.localGit.directory') ?? '.paved/git',
        );
        actions.addActions(
          createServicePlanAction({
            stateBucket:
              config.getOptionalString('paved.templates.terraformStateBucket') ??
              'paved-terraform-state',
            localRepositoryUrl: name => `file://${gitDir}/${name}.git`,
          }),
        );
      },
    });
  },
});
