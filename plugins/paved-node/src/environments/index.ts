export * from './environmentRequest';
export * from './EnvironmentSettings';
export * from './desiredObjects';
export {
  ClusterConnection,
  describeObject,
  PAVED_FIELD_MANAGER,
  type ObjectHeader,
} from './ClusterConnection';
export { KubernetesClusters } from './KubernetesClusters';
export { diffObjects } from './plan';
export type { FieldChange, PlanAction, PlanItem } from './plan';
export type { GpuCapacity } from './gpuCapacity';
export * from './EnvironmentProvisioner';
export { APPLICABLE_KINDS } from './applyManifests';
export type { ApplicationStatus } from './argocdWait';
