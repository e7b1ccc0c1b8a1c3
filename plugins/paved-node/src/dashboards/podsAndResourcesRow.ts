import * as units from '@grafana/grafana-foundation-sdk/units';
import {
  SERVICE_DASHBOARD_PANEL_IDS as ids,
  SERVICE_DASHBOARD_ROWS,
} from './panelIdsAndRowTitles';
import * as q from './promql';
import { QuerySpec, RowSpec } from './timeseriesPanel';

/** Dashes the request and limit series of {@link usageVsRequestAndLimit}. */
const REQUEST_OR_LIMIT = '/ (request|limit)$/';

/** A resource's usage per pod, then what the pod requests of it, then its limit. */
function usageVsRequestAndLimit(
  usage: string,
  resource: 'cpu' | 'memory',
): QuerySpec[] {
  return [
    { expr: usage, legend: '{{pod}} used' },
    {
      expr: q.containerResource('requests', resource),
      legend: '{{pod}} request',
    },
    {
      expr: q.containerResource('limits', resource),
      legend: '{{pod}} limit',
    },
  ];
}

/** Ready against desired pods; CPU and memory against the pods' requests and limits. */
export function podsAndResourcesRow(): RowSpec {
  return {
    id: ids.podsRow,
    title: SERVICE_DASHBOARD_ROWS.pods,
    panels: [
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
        dashed: REQUEST_OR_LIMIT,
        queries: usageVsRequestAndLimit(q.cpuUsage, 'cpu'),
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
        dashed: REQUEST_OR_LIMIT,
        queries: usageVsRequestAndLimit(q.memoryUsage, 'memory'),
      },
    ],
  };
}
