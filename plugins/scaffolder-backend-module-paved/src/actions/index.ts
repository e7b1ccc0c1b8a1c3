export {
  createServicePlanAction,
  type ServicePlanActionOptions,
} from './servicePlan';
