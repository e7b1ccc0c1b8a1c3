/**
 * The response of `GET /api/paved-runtime/v1/entities/{kind}/{namespace}/{name}`.
 * Fields may be added, none removed or renamed (docs/runtime-api.md).
 *
 * @public
 */
export interface RuntimeState {
  entityRef: string;
  /** ISO 8601 time the oldest part of this answer was read upstream. */
  generatedAt: string;
  environments: RuntimeEnvironment[];
  errors: RuntimeError[];
}

/** @public */
export type RuntimeSource =
  | 'kubernetes'
  | 'prometheus'
  | 'alertmanager'
  | 'argocd';

/** @public */
export type RuntimeErrorKind =
  | 'timeout'
  | 'unreachable'
  | 'unauthorized'
  | 'bad-response';

/** One source that could not be read; never carries a token or a stack trace. @public */
export interface RuntimeError {
  source: RuntimeSource;
  cluster: string;
  kind: RuntimeErrorKind;
  message: string;
}

/** An environment is a (cluster, namespace) pair. @public */
export interface RuntimeEnvironment {
  name: string;
  cluster: string;
  namespace: string;
  hpas: RuntimeHpa[];
  gpu: RuntimeGpu;
  alerts: RuntimeAlerts;
  argocd: RuntimeArgoCd | null;
}

/** @public */
export type HpaMetricType =
  | 'Resource'
  | 'ContainerResource'
  | 'Pods'
  | 'Object'
  | 'External';

/** A metric target or current value; quantities stay strings as the API server sends them. @public */
export interface HpaMetricValue {
  type?: string;
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

/** @public */
export interface RuntimeHpaMetric {
  type: HpaMetricType;
  /** Resource name (`cpu`) or metric name (`requests_per_second`). */
  name: string;
  container?: string;
  describedObject?: { kind: string; name: string; apiVersion?: string };
  selector?: unknown;
  target: HpaMetricValue;
  /** `null` when the controller could not read this metric. */
  current: HpaMetricValue | null;
}

/** @public */
export interface RuntimeHpaCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** @public */
export interface RuntimeHpa {
  name: string;
  target: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  lastScaleTime: string | null;
  atMax: boolean;
  metrics: RuntimeHpaMetric[];
  conditions: RuntimeHpaCondition[];
  behavior: unknown | null;
  /** Replica counts from kube-state-metrics; empty without Prometheus. */
  history: { t: string; replicas: number }[];
}

/** @public */
export interface RuntimeGpuWorkload {
  kind: string;
  name: string;
  container: string;
  /** `nvidia.com/gpu`, `nvidia.com/mig-1g.10gb`, `amd.com/gpu`, ... */
  resource: string;
  requested: number;
  limit: number;
  pods: number;
  utilizationPercent: number | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
}

/** @public */
export interface RuntimeGpuNode {
  name: string;
  product: string;
  memoryBytes: number | null;
  /** Per GPU resource name. */
  capacity: Record<string, number>;
  allocatable: Record<string, number>;
  /** GPUs requested by the pods scheduled on the node, all namespaces. */
  allocated: Record<string, number>;
  /** Mean DCGM utilization of the node's GPUs; `null` without Prometheus. */
  utilizationPercent: number | null;
  /** GPU feature discovery's view: `nvidia.com/gpu.sharing-strategy`, MIG strategy, replicas. */
  sharing: {
    strategy: string | null;
    migStrategy: string | null;
    timeSlicingReplicas: number | null;
  };
}

/** @public */
export interface RuntimeGpu {
  workloads: RuntimeGpuWorkload[];
  nodes: RuntimeGpuNode[];
  quota: { hard: Record<string, string>; used: Record<string, string> } | null;
}

/** @public */
export type RuntimeAlertsStatus =
  | 'ok'
  | 'firing'
  | 'unavailable'
  | 'not-configured';

/** @public */
export interface RuntimeAlert {
  fingerprint: string;
  name: string;
  severity: string | null;
  state: 'active' | 'suppressed';
  silencedBy: string[];
  inhibitedBy: string[];
  startsAt: string;
  summary: string | null;
  description: string | null;
  runbookUrl: string | null;
  generatorUrl: string | null;
  labels: Record<string, string>;
}

/** @public */
export interface RuntimeAlerts {
  status: RuntimeAlertsStatus;
  items: RuntimeAlert[];
}

/** @public */
export interface RuntimeArgoCd {
  application: string;
  sync: string | null;
  health: string | null;
}
