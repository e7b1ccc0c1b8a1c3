export {
  ServicePlanner,
  type ServicePlan,
  type ServicePublishPlan,
  type ServicePlannerOptions,
} from './ServicePlanner';
