import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpServerRequestDuration, registry } from './metrics.ts';

// Ports and names come from the chart's Deployment (PORT, OTEL_EXPORTER_PROMETHEUS_PORT,
// OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, LOG_LEVEL).
const port = Number(process.env.PORT ?? 8080);
const metricsPort = Number(process.env.OTEL_EXPORTER_PROMETHEUS_PORT ?? 9464);
const host = process.env.HOST ?? '0.0.0.0';
const serviceName = process.env.OTEL_SERVICE_NAME ?? 'service';
const debug = process.env.LOG_LEVEL === 'debug';

// Other methods are recorded as _OTHER, as OpenTelemetry says: clients cannot add series.
const KNOWN_METHODS = new Set([
  'CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE',
]);

let shuttingDown = false;

function log(level: 'debug' | 'info' | 'error', message: string, fields = {}) {
  if (level === 'debug' && !debug) return;
  const line = { time: new Date().toISOString(), level, message, ...fields };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The routes of the service; add yours here. Keys are `METHOD path`. */
const routes = new Map<string, Handler>([
  // Liveness: the process answers.
  ['GET /healthz', (_req, res) => send(res, 200, { status: 'ok' })],
  // Readiness: false while shutting down, so endpoints drop the pod before it stops.
  [
    'GET /readyz',
    (_req, res) =>
      send(res, shuttingDown ? 503 : 200, {
        status: shuttingDown ? 'shutting down' : 'ready',
      }),
  ],
  ['GET /', (_req, res) => send(res, 200, { service: serviceName })],
]);

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const key = `${method} ${path}`;
  const handler = routes.get(key);
  // The route template, never the raw path: one series per route, not per URL.
  const route = handler ? path : '';
  res.on('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    httpServerRequestDuration.observe(
      {
        http_request_method: KNOWN_METHODS.has(method) ? method : '_OTHER',
        http_route: route,
        http_response_status_code: String(res.statusCode),
      },
      seconds,
    );
    log('debug', 'request', { method, path, status: res.statusCode, seconds });
  });
  try {
    if (handler) handler(req, res);
    else send(res, 404, { error: 'not found' });
  } catch (error) {
    log('error', 'request failed', { method, path, error: String(error) });
    if (!res.headersSent) send(res, 500, { error: 'internal error' });
    else res.end();
  }
});

// Metrics on a port of their own: only Prometheus reaches it, the Ingress never routes it.
const metricsServer = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics') {
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(await registry.metrics());
    return;
  }
  res.writeHead(404).end();
});

server.listen(port, host, () => log('info', 'listening', { host, port }));
metricsServer.listen(metricsPort, host, () =>
  log('info', 'serving metrics', { host, port: metricsPort }),
);

// Kubernetes sends SIGTERM after the preStop sleep: finish the requests in flight, then exit.
function shutDown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('info', 'shutting down', { signal });
  server.close(() => metricsServer.close(() => process.exit(0)));
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 25_000).unref();
}
process.on('SIGTERM', () => shutDown('SIGTERM'));
process.on('SIGINT', () => shutDown('SIGINT'));
