import * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  AnnotationQueryBuilder,
  ConstantVariableBuilder,
  CustomVariableBuilder,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableModel,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS_DATASOURCE } from './prometheusDatasource';
import * as q from './promql';
import { ServiceDashboardValues } from './values';

/**
 * The hidden constant variables the chart overrides from `.Values.metrics.names` when it loads the
 * dashboard: the key is the chart value, `variable` the dashboard variable, `default` its value here.
 *
 * @public
 */
export const SERVICE_DASHBOARD_METRIC_CONSTANTS = q.METRIC_CONSTANTS;

const PODS_OF_NAMESPACE =
  'label_values(kube_pod_info{namespace="$namespace"}, pod)';

/** `namespace`: one option per chosen environment, showing its name; the last is selected. */
function environmentVariable(v: ServiceDashboardValues): CustomVariableBuilder {
  const namespaces = v.environments.map(env => ({
    env,
    namespace: v.envs[env].namespace,
  }));
  const initial = namespaces[namespaces.length - 1];
  return new CustomVariableBuilder('namespace')
    .label('Environment')
    .description('The environment, and with it the namespace, to show.')
    .values(namespaces.map(n => `${n.env} : ${n.namespace}`).join(','))
    .current({ selected: true, text: initial.env, value: initial.namespace })
    .options(
      namespaces.map(n => ({
        selected: n === initial,
        text: n.env,
        value: n.namespace,
      })),
    );
}

/** `pod`: the pods of the chosen namespace, all of them by default. */
function podVariable(): QueryVariableBuilder {
  return new QueryVariableBuilder('pod')
    .label('Pod')
    .datasource(PROMETHEUS_DATASOURCE)
    .query(PODS_OF_NAMESPACE)
    .definition(PODS_OF_NAMESPACE)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ selected: true, text: 'All', value: '$__all' });
}

/** The metric-name constants the queries use; the GPU ones only on a GPU service's dashboard. */
function metricNameConstants(
  v: ServiceDashboardValues,
): ConstantVariableBuilder[] {
  return Object.entries(SERVICE_DASHBOARD_METRIC_CONSTANTS)
    .filter(([key]) => v.gpu.enabled || !key.startsWith('gpu'))
    .map(([key, constant]) =>
      new ConstantVariableBuilder(constant.variable)
        .label(constant.variable)
        .description(
          `Set by the chart from .Values.metrics.names.${key} when it loads the dashboard.`,
        )
        .value(constant.default),
    );
}

/** The dashboard's variables in the order Grafana shows them: data source, environment, pod. */
export function serviceDashboardVariables(
  v: ServiceDashboardValues,
): cog.Builder<VariableModel>[] {
  return [
    new DatasourceVariableBuilder('datasource')
      .label('Data source')
      .type('prometheus'),
    environmentVariable(v),
    podVariable(),
    ...metricNameConstants(v),
  ];
}

/** The service's firing alerts, drawn as red annotations on every panel. */
export function firingAlertsAnnotation(
  v: ServiceDashboardValues,
): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .name('Firing alerts')
    .datasource(PROMETHEUS_DATASOURCE)
    .enable(true)
    .hide(false)
    .iconColor('red')
    .expr(q.firingAlerts(v.name))
    .step('60s')
    .titleFormat('{{alertname}}')
    .textFormat('{{severity}} alert in {{namespace}}')
    .tagKeys('severity')
    .useValueForTime(false);
}
