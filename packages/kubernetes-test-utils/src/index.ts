/**
 * An in-process fake Kubernetes API server over real HTTP, for tests and the demo cluster.
 *
 * @packageDocumentation
 */

export { FakeKubernetesServer } from './server/FakeKubernetesServer';
export type { FakeKubernetesServerOptions } from './server/FakeKubernetesServer';
export type { AccessRule, FakeUser } from './server/auth';
export type {
  FaultSpec,
  Gate,
  HeldRequests,
  InjectedFault,
  RequestMatcher,
} from './server/faults';
export { FaultInjector } from './server/faults';
export { RequestAccounting } from './server/RequestAccounting';
export type { RequestRecord } from './server/RequestAccounting';
export type { ServerVersion } from './server/discovery';
export type { KubeConfigOptions } from './kubeconfig';
export type {
  KindDefinition,
  KubeObject,
  ManagedFieldsEntry,
  NameRule,
  ObjectMeta,
} from './kinds/KindDefinition';
export { builtInKinds } from './kinds/builtInKinds';
export { parseManifests } from './seeding';
export { eventually } from './eventually';
export { demoDataset } from './demo/demoDataset';
export type { Daemon } from './observability/daemons';
export {
  answers200,
  findBinary,
  freePort,
  startDaemon,
} from './observability/daemons';
export {
  ALERTMANAGER_BINARY,
  PROMETHEUS_BINARY,
  postJson,
  startAlertmanager,
  startExporter,
  startPrometheus,
  waitFor,
} from './observability/observability';
export type { DemoObservability } from './observability/demoObservability';
export {
  demoAlerts,
  demoDcgmPage,
  demoKubeStateMetricsPage,
  observabilityInstalled,
  startDemoObservability,
} from './observability/demoObservability';
export type { ManifestInput, SeedOptions } from './seeding';
export type {
  FieldError,
  KubernetesStatus,
  StatusCause,
  StatusDetails,
} from './errors';
