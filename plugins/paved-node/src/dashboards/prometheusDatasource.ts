import { DataSourceRef } from '@grafana/grafana-foundation-sdk/dashboard';

/**
 * The Prometheus every panel, query, variable and annotation reads from: whichever one the
 * dashboard's `datasource` variable picks.
 */
export const PROMETHEUS_DATASOURCE: DataSourceRef = {
  type: 'prometheus',
  uid: '${datasource}',
};
