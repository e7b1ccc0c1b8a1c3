export {
  createPublishLocalAction,
  type PublishLocalActionOptions,
} from './publishLocal';
export {
  createPublishLocalBranchAction,
  COMPARE_SUMMARY_MAX_FILES,
  type LocalBranchCompareSummary,
  type PublishLocalBranchActionOptions,
} from './publishLocalBranch';
export { createServicePlanAction } from './servicePlan';
export {
  createEnvironmentAddAction,
  SERVICE_PARAMETERS_PATH,
} from './environmentAdd';
export { createGrafanaDashboardAction } from './grafanaDashboard';
export { createCatalogUnregisterAction } from './catalogUnregister';
export { createEnvironmentProvisionAction } from './environmentProvision';
export { createEnvironmentTeardownAction } from './environmentTeardown';
export { createKubernetesApplyAction } from './kubernetesApply';
export { createArgocdWaitAction } from './argocdWait';
