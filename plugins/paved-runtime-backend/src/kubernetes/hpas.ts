import {
  V2HorizontalPodAutoscaler,
  V2MetricSpec,
  V2MetricStatus,
  V2MetricTarget,
  V2MetricValueStatus,
} from '@kubernetes/client-node';
import {
  HpaMetricType,
  HpaMetricValue,
  RuntimeHpa,
  RuntimeHpaMetric,
} from '@paved/plugin-paved-runtime-common';

function value(
  v: V2MetricTarget | V2MetricValueStatus | undefined,
): HpaMetricValue {
  const out: HpaMetricValue = {};
  if (v && 'type' in v && v.type) out.type = v.type;
  if (v?.value !== undefined) out.value = String(v.value);
  if (v?.averageValue !== undefined) out.averageValue = String(v.averageValue);
  if (v?.averageUtilization !== undefined)
    out.averageUtilization = v.averageUtilization;
  return out;
}

/** The part of a spec or status entry that its `type` names. */
function part(entry: V2MetricSpec | V2MetricStatus): any {
  switch (entry.type) {
    case 'Resource':
      return entry.resource;
    case 'ContainerResource':
      return entry.containerResource;
    case 'Pods':
      return entry.pods;
    case 'Object':
      return entry.object;
    case 'External':
      return entry.external;
    default:
      return undefined;
  }
}

function metricOf(
  spec: V2MetricSpec,
  status: V2MetricStatus | undefined,
): RuntimeHpaMetric {
  const s = part(spec) ?? {};
  // The controller leaves `{type: ""}` where a metric failed: current is then unknown.
  const current =
    status && status.type === spec.type ? part(status)?.current : undefined;
  return {
    type: spec.type as HpaMetricType,
    name: s.name ?? s.metric?.name ?? '',
    ...(s.container ? { container: s.container } : {}),
    ...(s.describedObject
      ? {
          describedObject: {
            kind: s.describedObject.kind,
            name: s.describedObject.name,
            apiVersion: s.describedObject.apiVersion,
          },
        }
      : {}),
    ...(s.metric?.selector ? { selector: s.metric.selector } : {}),
    target: value(s.target),
    current: current ? value(current) : null,
  };
}

const DEFAULT_CPU_METRIC: V2MetricSpec = {
  type: 'Resource',
  resource: {
    name: 'cpu',
    target: { type: 'Utilization', averageUtilization: 80 },
  },
};

/** An autoscaling/v2 HPA as the API reports it: `currentMetrics[i]` belongs to `metrics[i]`. */
export function toRuntimeHpa(hpa: V2HorizontalPodAutoscaler): RuntimeHpa {
  const spec = hpa.spec!;
  const status = hpa.status;
  const specs = spec.metrics?.length ? spec.metrics : [DEFAULT_CPU_METRIC];
  const currentMetrics = status?.currentMetrics ?? [];
  const currentReplicas = status?.currentReplicas ?? 0;
  const lastScaleTime = status?.lastScaleTime as unknown;
  return {
    name: hpa.metadata?.name ?? '',
    target: {
      kind: spec.scaleTargetRef.kind,
      name: spec.scaleTargetRef.name,
    },
    minReplicas: spec.minReplicas ?? 1,
    maxReplicas: spec.maxReplicas,
    currentReplicas,
    desiredReplicas: status?.desiredReplicas ?? 0,
    lastScaleTime:
      lastScaleTime instanceof Date
        ? lastScaleTime.toISOString()
        : (lastScaleTime as string | undefined) ?? null,
    atMax: currentReplicas >= spec.maxReplicas,
    metrics: specs.map((m, i) => metricOf(m, currentMetrics[i])),
    conditions: (status?.conditions ?? []).map(c => ({
      type: c.type,
      status: c.status,
      reason: c.reason ?? '',
      message: c.message ?? '',
    })),
    behavior: spec.behavior ?? null,
    history: [],
  };
}
