export {
  buildServiceDashboard,
  renderServiceDashboard,
  serviceDashboardPath,
  serviceDashboardUid,
  SERVICE_DASHBOARD_METRIC_CONSTANTS,
  SERVICE_DASHBOARD_PANEL_IDS,
  SERVICE_DASHBOARD_ROWS,
} from './serviceDashboard';
export { stableJson } from './stableJson';
export {
  parseServiceDashboardValues,
  ServiceDashboardValuesError,
  type ServiceDashboardValues,
  type ServiceDashboardValuesIssue,
} from './values';
