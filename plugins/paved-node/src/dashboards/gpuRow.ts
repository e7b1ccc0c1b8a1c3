import * as units from '@grafana/grafana-foundation-sdk/units';
import {
  SERVICE_DASHBOARD_PANEL_IDS as ids,
  SERVICE_DASHBOARD_ROWS,
} from './panelIdsAndRowTitles';
import * as q from './promql';
import { RowSpec } from './timeseriesPanel';
import { ServiceDashboardValues } from './values';

const UTILIZATION_DESCRIPTION = {
  mig:
    'Graphics-engine activity of each pod\u2019s MIG slice in percent ' +
    '(DCGM_FI_PROF_GR_ENGINE_ACTIVE; DCGM_FI_DEV_GPU_UTIL is not reported for MIG ' +
    'instances and only fills in where the profiling metric is missing).',
  count:
    'GPU utilization of each pod in percent (DCGM_FI_DEV_GPU_UTIL, averaged over the ' +
    'pod\u2019s GPUs; DCGM_FI_PROF_GR_ENGINE_ACTIVE fills in where it is missing).',
} as const;

/** GPU utilization, framebuffer memory and XID errors, from dcgm-exporter. */
export function gpuRow(v: ServiceDashboardValues): RowSpec {
  const mode = v.gpu.mode === 'mig' ? 'mig' : 'count';
  const metrics = q.METRIC_CONSTANTS;
  return {
    id: ids.gpuRow,
    title: SERVICE_DASHBOARD_ROWS.gpu,
    panels: [
      {
        id: ids.gpuUtilization,
        title: 'GPU utilization',
        description: UTILIZATION_DESCRIPTION[mode],
        unit: units.Percent,
        min: 0,
        max: 100,
        width: 8,
        queries: [{ expr: q.gpuUtilization(mode), legend: '{{pod}}' }],
      },
      {
        id: ids.gpuMemory,
        title: 'GPU framebuffer memory',
        description:
          'Framebuffer memory used per pod against the total of its GPUs or MIG slices, in MiB ' +
          `(${metrics.gpuFramebufferUsed.default}, and used + ` +
          `${metrics.gpuFramebufferFree.default} for the total).`,
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
          `The last XID error code each pod\u2019s GPU reported (${metrics.gpuXidErrors.default}); ` +
          '0 means none. Codes such as 48 (double-bit ECC) or 79 (fallen off the bus) need the ' +
          'node drained.',
        unit: units.NoUnit,
        min: 0,
        width: 8,
        queries: [{ expr: q.gpuXidErrors, legend: '{{pod}}' }],
      },
    ],
  };
}
