import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPublishLocalAction } from './actions/publishLocal';
import { createPublishLocalBranchAction } from './actions/publishLocalBranch';
import { createEnvironmentAddAction } from './actions/environmentAdd';
import { createGrafanaDashboardAction } from './actions/grafanaDashboard';
import { createServicePlanAction } from './actions/servicePlan';
import { createCatalogUnregisterAction } from './actions/catalogUnregister';
import { createEnvironmentProvisionAction } from './actions/environmentProvision';
import { createEnvironmentTeardownAction } from './actions/environmentTeardown';
import { createKubernetesApplyAction } from './actions/kubernetesApply';
import { createArgocdWaitAction } from './actions/argocdWait';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import { EntityAccess } from './authorization/EntityAccess';
import { registerEnvironmentActions } from './registry/environmentRegistryActions';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { ServiceClaims } from './authorization/ServiceClaims';
import { ServiceRepositories } from './authorization/ServiceRepositories';
import { ServicePlanner } from './service/ServicePlanner';
import { CommitDefaults } from './localGit/commitAuthor';
import { localGitDirectoryServiceRef } from './localGit/localGitDirectoryServiceRef';

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
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        localGit: localGitDirectoryServiceRef,
      },
      async init({
        actions,
        config,
        auth,
        permissions,
        catalog,
        actionsRegistry,
        localGit,
      }) {
        const commitDefaults = CommitDefaults.fromConfig(config);
        const planner = ServicePlanner.fromConfig(config, {
          localRepositoryUrl: name => localGit.remoteUrl(name),
        });
        const access = EntityAccess.create({ catalog, permissions });
        const repositories = ServiceRepositories.create({
          localGit,
          integrations: ScmIntegrations.fromConfig(config),
        });
        const claims = ServiceClaims.fromConfig(config, {
          catalog,
          auth,
          access,
          repositories,
        });
        const provisioner = EnvironmentProvisioner.fromConfig(config);
        registerEnvironmentActions({ actionsRegistry, provisioner, access });
        actions.addActions(
          createPublishLocalAction({ directory: localGit, commitDefaults }),
          createPublishLocalBranchAction({
            directory: localGit,
            commitDefaults,
            access,
            repositories,
          }),
          createServicePlanAction({ planner, claims }),
          createGrafanaDashboardAction(),
          createEnvironmentAddAction({ planner, access, repositories }),
          createCatalogUnregisterAction({ catalog, auth, access }),
          createEnvironmentProvisionAction({ provisioner, access }),
          createEnvironmentTeardownAction({ provisioner, access }),
          createKubernetesApplyAction({ provisioner, access }),
          createArgocdWaitAction({ provisioner }),
        );
      },
    });
  },
});
