import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { answers200, Daemon, findBinary, startDaemon } from './daemons';

export const PROMETHEUS_BINARY = findBinary('/usr/bin/prometheus');
export const ALERTMANAGER_BINARY = findBinary(
  '/usr/bin/prometheus-alertmanager',
);

/**
 * A tiny exporter on loopback: each path serves the text exposition `pages[path]` holds (or
 * returns) at scrape time.
 */
export async function startExporter(
  pages: Record<string, string | (() => string)>,
  listenPort = 0,
) {
  const server = http.createServer((req, res) => {
    const entry = pages[req.url ?? ''];
    const page = typeof entry === 'function' ? entry() : entry;
    res.writeHead(page === undefined ? 404 : 200, {
      'content-type': 'text/plain; version=0.0.4',
    });
    res.end(page ?? '');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    stop: () => new Promise<void>(r => server.close(() => r())),
  };
}

/**
 * Real Prometheus scraping `jobs` (every second unless told otherwise): `dcgm` the way a default ServiceMonitor does
 * (honor_labels false, so pod labels become exported_*), the others honouring labels.
 */
export function startPrometheus(
  target: string,
  jobs: { name: string; path: string; honorLabels: boolean }[],
  options: { port?: number; scrapeInterval?: string } = {},
): Promise<Daemon> {
  const interval = options.scrapeInterval ?? '1s';
  return startDaemon({
    binary: PROMETHEUS_BINARY!,
    port: options.port,
    args: (listenPort, dir) => {
      const config = {
        global: { scrape_interval: interval, evaluation_interval: interval },
        scrape_configs: jobs.map(job => ({
          job_name: job.name,
          honor_labels: job.honorLabels,
          metrics_path: job.path,
          static_configs: [{ targets: [target] }],
        })),
      };
      fs.writeFileSync(
        path.join(dir, 'prometheus.yml'),
        JSON.stringify(config),
      );
      return [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${listenPort}`,
        '--log.level=warn',
      ];
    },
    ready: url => answers200(`${url}/-/ready`),
  });
}

/** Real Alertmanager: no receivers that send anything, warnings inhibited by criticals. */
export function startAlertmanager(port?: number): Promise<Daemon> {
  return startDaemon({
    binary: ALERTMANAGER_BINARY!,
    port,
    args: (listenPort, dir) => {
      const config = {
        route: { receiver: 'null', group_by: ['alertname'] },
        receivers: [{ name: 'null' }],
        inhibit_rules: [
          {
            source_matchers: ['severity="critical"'],
            target_matchers: ['severity="warning"'],
            equal: ['namespace', 'service'],
          },
        ],
      };
      fs.writeFileSync(
        path.join(dir, 'alertmanager.yml'),
        JSON.stringify(config),
      );
      return [
        `--config.file=${path.join(dir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${listenPort}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ];
    },
    ready: url => answers200(`${url}/-/ready`),
  });
}

export async function postJson(url: string, body: unknown): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

export async function waitFor<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const result = await attempt().catch(() => undefined);
    if (result !== undefined) return result;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`${what} did not happen in ${timeoutMs} ms`);
}
