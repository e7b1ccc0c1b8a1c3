import * as units from '@grafana/grafana-foundation-sdk/units';
import {
  SERVICE_DASHBOARD_PANEL_IDS as ids,
  SERVICE_DASHBOARD_ROWS,
} from './panelIdsAndRowTitles';
import * as q from './promql';
import { RowSpec } from './timeseriesPanel';

/** Legend prefix of a series per HorizontalPodAutoscaler. */
const PER_HPA = '{{horizontalpodautoscaler}}';
/** Legend prefix of a series per metric an HPA scales on. */
const PER_HPA_METRIC = '{{metric_name}} ({{metric_target_type}})';

/** The HorizontalPodAutoscaler's replicas and its metrics against their targets. */
export function autoscalingRow(): RowSpec {
  return {
    id: ids.autoscalingRow,
    title: SERVICE_DASHBOARD_ROWS.autoscaling,
    panels: [
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
            legend: `${PER_HPA} current`,
          },
          {
            expr: q.hpaSeries('status_desired_replicas'),
            legend: `${PER_HPA} desired`,
          },
          { expr: q.hpaSeries('spec_min_replicas'), legend: `${PER_HPA} min` },
          { expr: q.hpaSeries('spec_max_replicas'), legend: `${PER_HPA} max` },
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
            legend: `${PER_HPA_METRIC} current`,
          },
          {
            expr: q.hpaSeries('spec_target_metric'),
            legend: `${PER_HPA_METRIC} target`,
          },
        ],
      },
    ],
  };
}
