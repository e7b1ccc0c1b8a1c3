import * as units from '@grafana/grafana-foundation-sdk/units';
import {
  SERVICE_DASHBOARD_PANEL_IDS as ids,
  SERVICE_DASHBOARD_ROWS,
} from './panelIdsAndRowTitles';
import * as q from './promql';
import { RowSpec } from './timeseriesPanel';
import { ServiceDashboardValues } from './values';

/** Request rate, 5xx error ratio and p95 latency of the service's HTTP server. */
export function trafficRow(v: ServiceDashboardValues): RowSpec {
  const metric = q.METRIC_CONSTANTS.httpRequestDuration.default;
  return {
    id: ids.trafficRow,
    title: SERVICE_DASHBOARD_ROWS.traffic,
    panels: [
      {
        id: ids.requestRate,
        title: 'Request rate',
        description:
          `HTTP requests per second served by ${v.name}, by response status code, from the ` +
          `\`${metric}_count\` histogram (OpenTelemetry HTTP server metrics).`,
        unit: units.RequestsPerSecond,
        min: 0,
        width: 8,
        queries: [
          { expr: q.httpRequestRateByCode(v.name), legend: '{{code}}' },
        ],
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
    ],
  };
}
