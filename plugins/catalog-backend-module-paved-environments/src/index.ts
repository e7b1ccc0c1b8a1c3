/**
 * Publishes the environments Paved provisioned on the configured Kubernetes clusters as catalog
 * `Resource` entities of type `environment`, and tears down previews whose expiry has passed.
 *
 * @packageDocumentation
 */
export { catalogModulePavedEnvironments as default } from './module';
export { catalogModulePavedEnvironments } from './module';
export {
  EnvironmentEntityProvider,
  ENVIRONMENT_REFRESH_TASK_ID,
} from './EnvironmentEntityProvider';
export type {
  EnvironmentEntityProviderOptions,
  EnvironmentRefreshResult,
} from './EnvironmentEntityProvider';
export {
  ExpiredEnvironmentSweep,
  EXPIRY_SWEEP_TASK_ID,
} from './ExpiredEnvironmentSweep';
export type {
  ExpiredEnvironmentSweepOptions,
  ExpirySweepResult,
} from './ExpiredEnvironmentSweep';
export {
  catalogNamespaceOf,
  environmentEntity,
  ENVIRONMENT_ENTITY_ANNOTATIONS,
} from './environmentEntity';
export {
  DEFAULT_ENVIRONMENT_CATALOG_SETTINGS,
  readEnvironmentCatalogSettings,
} from './EnvironmentCatalogSettings';
export type { EnvironmentCatalogSettings } from './EnvironmentCatalogSettings';
