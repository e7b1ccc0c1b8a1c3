/**
 * The PromQL behind the service dashboard. Every expression uses Grafana template variables
 * (`$namespace`, `$pod`, `$__rate_interval`, `${http_duration_metric}`, `${http_status_label}`),
 * so the same text serves every environment and the chart can rename the HTTP metric without a
 * regeneration.
 */

/** Hidden `constant` variables that carry the metric names the chart may override. */
export const METRIC_CONSTANTS = {
  /** `.Values.metrics.names.httpRequestDuration` in the chart. */
  httpRequestDuration: {
    variable: 'http_duration_metric',
    default: 'http_server_request_duration_seconds',
  },
  /** `.Values.metrics.names.httpStatusCodeLabel` in the chart. */
  httpStatusCodeLabel: {
    variable: 'http_status_label',
    default: 'http_response_status_code',
  },
  /** `.Values.metrics.names.gpuXidErrors` in the chart; GPU dashboards only. */
  gpuXidErrors: {
    variable: 'gpu_xid_metric',
    default: 'DCGM_FI_DEV_XID_ERRORS',
  },
  /** `.Values.metrics.names.gpuFramebufferUsed` in the chart; GPU dashboards only. */
  gpuFramebufferUsed: {
    variable: 'gpu_fb_used_metric',
    default: 'DCGM_FI_DEV_FB_USED',
  },
  /** `.Values.metrics.names.gpuFramebufferFree` in the chart; GPU dashboards only. */
  gpuFramebufferFree: {
    variable: 'gpu_fb_free_metric',
    default: 'DCGM_FI_DEV_FB_FREE',
  },
} as const;

/** The chart value (under `metrics.names`) each constant variable follows. */
type MetricConstantKey = keyof typeof METRIC_CONSTANTS;

/** `${variable}`: how a query refers to a constant. */
function metricVariable(key: MetricConstantKey): string {
  return `\${${METRIC_CONSTANTS[key].variable}}`;
}

const DURATION = metricVariable('httpRequestDuration');
const STATUS = metricVariable('httpStatusCodeLabel');
const RATE = '$__rate_interval';

/** Selects the service's own HTTP series: the ServiceMonitor adds `namespace`, `service`, `pod`. */
function httpSelector(service: string, extra = ''): string {
  return `{namespace="$namespace", service="${service}", pod=~"$pod"${extra}}`;
}

export function httpRequestRateByCode(service: string): string {
  return (
    `sum by (code) (label_replace(rate(${DURATION}_count${httpSelector(
      service,
    )}[${RATE}]), ` + `"code", "$1", "${STATUS}", "(.*)"))`
  );
}

export function httpErrorRatio(service: string): string {
  const errors = `sum(rate(${DURATION}_count${httpSelector(
    service,
    `, ${STATUS}=~"5.."`,
  )}[${RATE}]))`;
  const all = `sum(rate(${DURATION}_count${httpSelector(service)}[${RATE}]))`;
  // Without `or vector(0)` a service that never failed would show "No data" instead of 0.
  return `(${errors} or vector(0)) / ${all}`;
}

export function httpLatencyQuantile(service: string, quantile: number): string {
  return `histogram_quantile(${quantile}, sum by (le) (rate(${DURATION}_bucket${httpSelector(
    service,
  )}[${RATE}])))`;
}

const NS = 'namespace="$namespace"';
const POD = 'pod=~"$pod"';

export const podsReady = `sum(kube_deployment_status_replicas_ready{${NS}})`;
export const podsDesired = `sum(kube_deployment_spec_replicas{${NS}})`;

export const cpuUsage = `sum by (pod) (rate(container_cpu_usage_seconds_total{${NS}, ${POD}, container!="", container!="POD"}[${RATE}]))`;
export const memoryUsage = `sum by (pod) (container_memory_working_set_bytes{${NS}, ${POD}, container!="", container!="POD"})`;

export function containerResource(
  kind: 'requests' | 'limits',
  resource: 'cpu' | 'memory',
): string {
  return `sum by (pod) (kube_pod_container_resource_${kind}{${NS}, ${POD}, resource="${resource}"})`;
}

export function hpaSeries(
  metric:
    | 'status_current_replicas'
    | 'status_desired_replicas'
    | 'spec_min_replicas'
    | 'spec_max_replicas'
    | 'status_target_metric'
    | 'spec_target_metric',
): string {
  return `kube_horizontalpodautoscaler_${metric}{${NS}}`;
}

/**
 * A DCGM exporter series of the service's pods, whichever way Prometheus scraped it: with
 * `honor_labels: true` the exporter's `namespace`/`pod` labels are kept; with a default
 * ServiceMonitor (`honorLabels: false`) they arrive as `exported_namespace`/`exported_pod` while
 * `namespace`/`pod` name the exporter itself. The second form is copied back onto
 * `namespace`/`pod` so both can be aggregated `by (pod)`.
 */
function dcgm(metric: string): string {
  const honored = `${metric}{namespace="$namespace", pod=~"$pod"}`;
  const exported =
    `label_replace(label_replace(${metric}{exported_namespace="$namespace", exported_pod=~"$pod"}, ` +
    `"namespace", "$1", "exported_namespace", "(.+)"), "pod", "$1", "exported_pod", "(.+)")`;
  return `(${honored} or ${exported})`;
}

/**
 * GPU utilisation in percent per pod. `DCGM_FI_DEV_GPU_UTIL` is not reported for MIG instances,
 * where `DCGM_FI_PROF_GR_ENGINE_ACTIVE` (a 0–1 ratio) is; the preferred source comes first and the
 * other fills in for pods that lack it.
 */
export function gpuUtilization(mode: 'count' | 'mig'): string {
  const util = `avg by (pod) (${dcgm('DCGM_FI_DEV_GPU_UTIL')})`;
  const engine = `avg by (pod) (${dcgm(
    'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
  )}) * 100`;
  return mode === 'mig' ? `${engine} or ${util}` : `${util} or ${engine}`;
}

const FB_USED = metricVariable('gpuFramebufferUsed');
const FB_FREE = metricVariable('gpuFramebufferFree');

export const gpuMemoryUsed = `sum by (pod) (${dcgm(FB_USED)})`;
export const gpuMemoryTotal = `sum by (pod) (${dcgm(
  FB_USED,
)}) + sum by (pod) (${dcgm(FB_FREE)})`;
export const gpuXidErrors = `max by (pod) (${dcgm(
  metricVariable('gpuXidErrors'),
)})`;

/** Firing alerts of the service; alerts without a namespace label show in every environment. */
export function firingAlerts(service: string): string {
  return `ALERTS{alertstate="firing", service="${service}", namespace=~"$namespace|"}`;
}
