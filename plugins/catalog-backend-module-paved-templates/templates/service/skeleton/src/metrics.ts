import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics, named as the OpenTelemetry HTTP server semantic conventions
 * come out of the OpenTelemetry Prometheus exporter: the chart's alerts and the Grafana dashboard
 * query these names (`metrics.names` in the chart's values.yaml).
 */
export const registry = new Registry();

collectDefaultMetrics({ register: registry });

/** `http.server.request.duration`, with the bucket boundaries OpenTelemetry advises. */
export const httpServerRequestDuration = new Histogram({
  name: 'http_server_request_duration_seconds',
  help: 'Duration of HTTP server requests.',
  labelNames: [
    'http_request_method',
    'http_route',
    'http_response_status_code',
  ] as const,
  buckets: [
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
  ],
  registers: [registry],
});
