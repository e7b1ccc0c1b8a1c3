export {
  ServicePlanner,
  type ServicePlan,
  type ServicePlannerOptions,
} from './ServicePlanner';
