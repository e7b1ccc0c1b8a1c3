export {
  createPublishLocalAction,
  type PublishLocalActionOptions,
} from './publishLocal';
export { createServicePlanAction } from './servicePlan';
export {
  createEnvironmentAddAction,
  SERVICE_PARAMETERS_PATH,
} from './environmentAdd';
