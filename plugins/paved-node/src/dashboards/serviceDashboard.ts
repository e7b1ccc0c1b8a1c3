import {
  LegendDisplayMode,
  LegendPlacement,
  LineStyleBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  AnnotationQueryBuilder,
  ConstantVariableBuilder,
  CustomVariableBuilder,
  Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  DataSourceRef,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import * as units from '@grafana/grafana-foundation-sdk/units';
import * as q from './promql';
import { stableJson } from './stableJson';
import { ServiceDashboardValues } from './values';

/**
 * Panel ids of the service dashboard. They are fixed per panel, not counted, so a panel keeps its
 * id (and its `viewPanel=` links) whether or not the HPA and GPU sections are present.
 *
 * @public
 */
export const SERVICE_DASHBOARD_PANEL_IDS = {
  trafficRow: 1,
  requestRate: 2,
  errorRatio: 3,
  latencyP95: 4,
  podsRow: 5,
  podsReady: 6,
  cpu: 7,
  memory: 8,
  autoscalingRow: 9,
  hpaReplicas: 10,
  hpaMetrics: 11,
  gpuRow: 12,
  gpuUtilization: 13,
  gpuMemory: 14,
  gpuXidErrors: 15,
} as const;

/** Titles of the dashboard's rows, which group its panels. @public */
export const SERVICE_DASHBOARD_ROWS = {
  traffic: 'Traffic',
  pods: 'Pods and resources',
  autoscaling: 'Autoscaling',
  gpu: 'GPU',
} as const;

/**
 * The hidden constant variables the chart overrides from `.Values.metrics.names` when it loads the
 * dashboard: the key is the chart value, `variable` the dashboard variable, `default` its value here.
 *
 * @public
 */
export const SERVICE_DASHBOARD_METRIC_CONSTANTS = q.METRIC_CONSTANTS;

/** Grafana allows at most 40 characters in a dashboard uid. */
const UID_MAX = 40;
const UID_SUFFIX = '-overview';

/**
 * The service dashboard's uid: the service name (cut to 31 characters) plus `-overview`. Written
 * so a skeleton can compute it too: `${{ values.name | truncate(31, true, '') }}-overview`.
 *
 * @public
 */
export function serviceDashboardUid(name: string): string {
  return `${name.slice(0, UID_MAX - UID_SUFFIX.length)}${UID_SUFFIX}`;
}

/**
 * Where the dashboard goes in the generated repository; the chart's ConfigMap template loads every
 * `charts/<name>/dashboards/*.json`.
 *
 * @public
 */
export function serviceDashboardPath(name: string): string {
  return `charts/${name}/dashboards/${name}-overview.json`;
}

const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

interface QuerySpec {
  expr: string;
  legend: string;
}

interface PanelSpec {
  id: number;
  title: string;
  description: string;
  unit: string;
  queries: QuerySpec[];
  width: number;
  min?: number;
  max?: number;
  /** Series whose display name matches get a dashed line: limits, targets, bounds. */
  dashed?: string;
}

function panel(spec: PanelSpec): PanelBuilder {
  const builder = new PanelBuilder()
    .id(spec.id)
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit)
    .gridPos({ h: 8, w: spec.width, x: 0, y: 0 })
    .lineWidth(1)
    .fillOpacity(10)
    .spanNulls(false)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .calcs([]),
    )
    .tooltip(
      new VizTooltipOptionsBuilder()
        .mode(TooltipDisplayMode.Multi)
        .sort(SortOrder.Descending),
    );
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  if (spec.dashed) {
    builder.overrideByRegexp(spec.dashed, [
      {
        id: 'custom.lineStyle',
        value: new LineStyleBuilder().fill('dash').dash([10, 10]).build(),
      },
      { id: 'custom.fillOpacity', value: 0 },
    ]);
  }
  spec.queries.forEach((query, index) => {
    builder.withTarget(
      new DataqueryBuilder()
        .datasource(DATASOURCE)
        .expr(query.expr)
        .legendFormat(query.legend)
        .range()
        .refId(String.fromCharCode(65 + index)),
    );
  });
  return builder;
}

function trafficPanels(v: ServiceDashboardValues): PanelSpec[] {
  const ids = SERVICE_DASHBOARD_PANEL_IDS;
  const metric = q.METRIC_CONSTANTS.httpRequestDuration.default;
  return [
    {
      id: ids.requestRate,
      title: 'Request rate',
      description:
        `HTTP requests per second served by ${v.name}, by response status code, from the ` +
        `\`${metric}_count\` histogram (OpenTelemetry HTTP server metrics).`,
      unit: units.RequestsPerSecond,
      min: 0,
      width: 8,
      queries: [{ expr: q.httpRequestRateByCode(v.name), legend: '{{code}}' }],
    },
    {
      id: ids.errorRatio,
      title: 'Error ratio (5xx)',
      description:
        'Share of requests answered with a 5xx status code; the same ratio the chart\u2019s ' +
        'error-rate alert fires on.',
      unit: units.PercentUnit,
      min: 0,
      max: 1,
      width: 8,
      queries: [{ expr: q.httpErrorRatio(v.name), legend: '5xx ratio' }],
    },
    {
      id: ids.latencyP95,
      title: 'Latency p95',
      description:
        '95th percentile of the server-side request duration over all routes, from the ' +
        `\`${metric}_bucket\` histogram; the chart\u2019s latency alert uses the same quantile.`,
      unit: units.Seconds,
      min: 0,
      width: 8,
      queries: [{ expr: q.httpLatencyQuantile(v.name, 0.95), legend: 'p95' }],
    },
  ];
}

function podPanels(): PanelSpec[] {
  const ids = SERVICE_DASHBOARD_PANEL_IDS;
  return [
    {
      id: ids.podsReady,
      title: 'Pods ready vs desired',
      description:
        'Ready replicas of the Deployments in the environment\u2019s namespace against the ' +
        'replicas they ask for (kube-state-metrics). A lasting gap means pods fail to start or ' +
        'to pass their readiness probe.',
      unit: units.Short,
      min: 0,
      width: 8,
      dashed: '/desired/',
      queries: [
        { expr: q.podsReady, legend: 'ready' },
        { expr: q.podsDesired, legend: 'desired' },
      ],
    },
    {
      id: ids.cpu,
      title: 'CPU usage vs requests and limits',
      description:
        'CPU cores used per pod (cAdvisor) against the CPU the pod requests and its limit ' +
        '(kube-state-metrics). Usage at the limit means throttling.',
      unit: units.Short,
      min: 0,
      width: 8,
      dashed: '/ (request|limit)$/',
      queries: [
        { expr: q.cpuUsage, legend: '{{pod}} used' },
        {
          expr: q.containerResource('requests', 'cpu'),
          legend: '{{pod}} request',
        },
        { expr: q.containerResource('limits', 'cpu'), legend: '{{pod}} limit' },
      ],
    },
    {
      id: ids.memory,
      title: 'Memory vs requests and limits',
      description:
        'Working-set memory per pod (cAdvisor) against the memory the pod requests and its ' +
        'limit (kube-state-metrics). A pod above its limit is OOM-killed.',
      unit: units.BytesIEC,
      min: 0,
      width: 8,
      dashed: '/ (request|limit)$/',
      queries: [
        { expr: q.memoryUsage, legend: '{{pod}} used' },
        {
          expr: q.containerResource('requests', 'memory'),
          legend: '{{pod}} request',
        },
        {
          expr: q.containerResource('limits', 'memory'),
          legend: '{{pod}} limit',
        },
      ],
    },
  ];
}

function autoscalingPanels(): PanelSpec[] {
  const ids = SERVICE_DASHBOARD_PANEL_IDS;
  return [
    {
      id: ids.hpaReplicas,
      title: 'HPA replicas',
      description:
        'Current and desired replicas of the HorizontalPodAutoscaler against its minimum and ' +
        'maximum (kube-state-metrics). Current pinned at max means the service cannot scale ' +
        'further.',
      unit: units.Short,
      min: 0,
      width: 12,
      dashed: '/ (min|max)$/',
      queries: [
        {
          expr: q.hpaSeries('status_current_replicas'),
          legend: '{{horizontalpodautoscaler}} current',
        },
        {
          expr: q.hpaSeries('status_desired_replicas'),
          legend: '{{horizontalpodautoscaler}} desired',
        },
        {
          expr: q.hpaSeries('spec_min_replicas'),
          legend: '{{horizontalpodautoscaler}} min',
        },
        {
          expr: q.hpaSeries('spec_max_replicas'),
          legend: '{{horizontalpodautoscaler}} max',
        },
      ],
    },
    {
      id: ids.hpaMetrics,
      title: 'HPA metrics vs targets',
      description:
        'Each metric the HorizontalPodAutoscaler scales on against its target ' +
        '(kube_horizontalpodautoscaler_status_target_metric and _spec_target_metric). ' +
        'Utilization targets are percent of the request; average-value targets are per pod.',
      unit: units.Short,
      min: 0,
      width: 12,
      dashed: '/ target$/',
      queries: [
        {
          expr: q.hpaSeries('status_target_metric'),
          legend: '{{metric_name}} ({{metric_target_type}}) current',
        },
        {
          expr: q.hpaSeries('spec_target_metric'),
          legend: '{{metric_name}} ({{metric_target_type}}) target',
        },
      ],
    },
  ];
}

function gpuPanels(v: ServiceDashboardValues): PanelSpec[] {
  const ids = SERVICE_DASHBOARD_PANEL_IDS;
  const mig = v.gpu.mode === 'mig';
  return [
    {
      id: ids.gpuUtilization,
      title: 'GPU utilization',
      description: mig
        ? 'Graphics-engine activity of each pod\u2019s MIG slice in percent ' +
          '(DCGM_FI_PROF_GR_ENGINE_ACTIVE; DCGM_FI_DEV_GPU_UTIL is not reported for MIG ' +
          'instances and only fills in where the profiling metric is missing).'
        : 'GPU utilization of each pod in percent (DCGM_FI_DEV_GPU_UTIL, averaged over the ' +
          'pod\u2019s GPUs; DCGM_FI_PROF_GR_ENGINE_ACTIVE fills in where it is missing).',
      unit: units.Percent,
      min: 0,
      max: 100,
      width: 8,
      queries: [
        { expr: q.gpuUtilization(mig ? 'mig' : 'count'), legend: '{{pod}}' },
      ],
    },
    {
      id: ids.gpuMemory,
      title: 'GPU framebuffer memory',
      description:
        'Framebuffer memory used per pod against the total of its GPUs or MIG slices, in MiB ' +
        `(${q.METRIC_CONSTANTS.gpuFramebufferUsed.default}, and used + ` +
        `${q.METRIC_CONSTANTS.gpuFramebufferFree.default} for the total).`,
      unit: units.Mebibytes,
      min: 0,
      width: 8,
      dashed: '/ total$/',
      queries: [
        { expr: q.gpuMemoryUsed, legend: '{{pod}} used' },
        { expr: q.gpuMemoryTotal, legend: '{{pod}} total' },
      ],
    },
    {
      id: ids.gpuXidErrors,
      title: 'GPU XID errors',
      description:
        `The last XID error code each pod\u2019s GPU reported (${q.METRIC_CONSTANTS.gpuXidErrors.default}); 0 means ` +
        'none. Codes such as 48 (double-bit ECC) or 79 (fallen off the bus) need the node drained.',
      unit: units.NoUnit,
      min: 0,
      width: 8,
      queries: [{ expr: q.gpuXidErrors, legend: '{{pod}}' }],
    },
  ];
}

/**
 * Builds the service's Grafana dashboard with the Grafana Foundation SDK: request rate, error
 * ratio and p95 latency; pods, CPU and memory; the HPA (when the service autoscales); GPU
 * utilization, memory and XID errors (when it has GPUs); firing alerts as annotations.
 *
 * @public
 */
export function buildServiceDashboard(v: ServiceDashboardValues): Dashboard {
  const ids = SERVICE_DASHBOARD_PANEL_IDS;
  const namespaces = v.environments.map(env => ({
    env,
    namespace: v.envs[env].namespace,
  }));
  const initial = namespaces[namespaces.length - 1];
  const tags = ['paved', v.name];
  if (v.ownerName) tags.push(`team:${v.ownerName}`);

  const builder = new DashboardBuilder(`${v.name} overview`)
    .uid(serviceDashboardUid(v.name))
    .description(
      `${v.description} (Generated by the Paved service template from its parameters; ` +
        'change the generator in @paved/plugin-paved-node, not this JSON.)',
    )
    .tags(tags)
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .withVariable(
      new DatasourceVariableBuilder('datasource')
        .label('Data source')
        .type('prometheus'),
    )
    .withVariable(
      new CustomVariableBuilder('namespace')
        .label('Environment')
        .description('The environment, and with it the namespace, to show.')
        .values(namespaces.map(n => `${n.env} : ${n.namespace}`).join(','))
        .current({
          selected: true,
          text: initial.env,
          value: initial.namespace,
        })
        .options(
          namespaces.map(n => ({
            selected: n === initial,
            text: n.env,
            value: n.namespace,
          })),
        ),
    )
    .withVariable(
      new QueryVariableBuilder('pod')
        .label('Pod')
        .datasource(DATASOURCE)
        .query('label_values(kube_pod_info{namespace="$namespace"}, pod)')
        .definition('label_values(kube_pod_info{namespace="$namespace"}, pod)')
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc)
        .multi(true)
        .includeAll(true)
        .allValue('.*')
        .current({ selected: true, text: 'All', value: '$__all' }),
    );
  const constants = Object.entries(q.METRIC_CONSTANTS).filter(
    ([key]) => v.gpu.enabled || !key.startsWith('gpu'),
  );
  for (const [key, constant] of constants) {
    builder.withVariable(
      new ConstantVariableBuilder(constant.variable)
        .label(constant.variable)
        .description(
          `Set by the chart from .Values.metrics.names.${key} when it loads the dashboard.`,
        )
        .value(constant.default),
    );
  }
  builder.annotation(
    new AnnotationQueryBuilder()
      .name('Firing alerts')
      .datasource(DATASOURCE)
      .enable(true)
      .hide(false)
      .iconColor('red')
      .expr(q.firingAlerts(v.name))
      .step('60s')
      .titleFormat('{{alertname}}')
      .textFormat('{{severity}} alert in {{namespace}}')
      .tagKeys('severity')
      .useValueForTime(false),
  );

  const section = (rowId: number, title: string, panels: PanelSpec[]) => {
    builder.withRow(new RowBuilder(title).id(rowId).collapsed(false));
    for (const spec of panels) builder.withPanel(panel(spec));
  };
  section(ids.trafficRow, SERVICE_DASHBOARD_ROWS.traffic, trafficPanels(v));
  section(ids.podsRow, SERVICE_DASHBOARD_ROWS.pods, podPanels());
  if (v.autoscaling.enabled) {
    section(
      ids.autoscalingRow,
      SERVICE_DASHBOARD_ROWS.autoscaling,
      autoscalingPanels(),
    );
  }
  if (v.gpu.enabled) {
    section(ids.gpuRow, SERVICE_DASHBOARD_ROWS.gpu, gpuPanels(v));
  }
  return builder.build();
}

/**
 * The dashboard as the file the chart ships: keys sorted, two-space indent, trailing newline, so
 * the same values always give the same bytes.
 *
 * @public
 */
export function renderServiceDashboard(v: ServiceDashboardValues): string {
  return stableJson(buildServiceDashboard(v));
}
