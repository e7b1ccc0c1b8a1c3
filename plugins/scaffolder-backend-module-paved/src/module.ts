import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPublishLocalAction } from './actions/publishLocal';
import { createPublishLocalBranchAction } from './actions/publishLocalBranch';
import { createEnvironmentAddAction } from './actions/environmentAdd';
import { createGrafanaDashboardAction } from './actions/grafanaDashboard';
import { createServicePlanAction } from './actions/servicePlan';
import { ServicePlanner } from './service/ServicePlanner';
import { LocalGitDirectory } from './localGit/LocalGitDirectory';

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
        const localGit = LocalGitDirectory.fromConfig(config);
        const planner = ServicePlanner.fromConfig(config, {
          localRepositoryUrl: name => localGit.remoteUrl(name),
        });
        actions.addActions(
          createPublishLocalAction({ config }),
          createPublishLocalBranchAction({ config }),
          createServicePlanAction({ planner }),
          createGrafanaDashboardAction(),
          createEnvironmentAddAction({ planner }),
        );
      },
    });
  },
});
