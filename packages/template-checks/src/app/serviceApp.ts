import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { Child, freePort, httpGet } from '../dashboards/processes';
import {
  PrometheusServer,
  startPrometheus,
  waitUntil,
} from '../dashboards/prometheus';
import { KubeObject } from '../helm';

// These checks run from source in the repository, never from a build.
// eslint-disable-next-line no-restricted-syntax
const REPOSITORY_ROOT = path.resolve(__dirname, '../../../..');

/**
 * Gives a generated repository a `node_modules` of symlinks to this repository's copies of the
 * packages its package.json names (nothing can be installed offline), and returns their names.
 * A package the app imports without declaring it is missing there, so the app fails to start.
 */
export async function linkDependencies(dir: string): Promise<string[]> {
  const manifest = JSON.parse(
    await fs.readFile(path.join(dir, 'package.json'), 'utf8'),
  );
  const names = Object.keys({
    ...manifest.dependencies,
    ...manifest.devDependencies,
  });
  for (const name of names) {
    const source = path.dirname(
      require.resolve(`${name}/package.json`, { paths: [REPOSITORY_ROOT] }),
    );
    const link = path.join(dir, 'node_modules', name);
    await fs.mkdir(path.dirname(link), { recursive: true });
    await fs.symlink(source, link, 'dir');
  }
  return names;
}

/** The `tsc` of this repository's TypeScript. */
export function typescriptCompiler(): string {
  return require.resolve('typescript/bin/tsc', { paths: [REPOSITORY_ROOT] });
}

/** A generated app running on loopback. */
export interface RunningApp {
  child: Child;
  port: number;
  metricsPort: number;
  get(pathname: string, onMetricsPort?: boolean): ReturnType<typeof httpGet>;
}

type EnvVar = { name: string; value?: string; valueFrom?: unknown };

/**
 * Starts `src/server.ts` of a generated repository with Node's type stripping and the environment
 * the chart's Deployment gives the container (`valueFrom` entries get `fromField`), on free ports
 * of 127.0.0.1 instead of the chart's. Resolves once `/healthz` answers.
 */
export async function startApp(
  dir: string,
  container: { env: EnvVar[] },
  fromField: Record<string, string>,
  timeoutMs = 20_000,
): Promise<RunningApp> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
  for (const variable of container.env) {
    env[variable.name] = variable.value ?? fromField[variable.name] ?? '';
  }
  Object.assign(env, {
    PORT: String(port),
    OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    HOST: '127.0.0.1',
  });
  const child = new Child(
    process.execPath,
    ['--experimental-strip-types', '--no-warnings', 'src/server.ts'],
    dir,
    env,
  );
  const get = (pathname: string, onMetricsPort = false) =>
    httpGet(
      `http://127.0.0.1:${onMetricsPort ? metricsPort : port}${pathname}`,
    );
  await waitUntil(
    'the app answering /healthz',
    Date.now() + timeoutMs,
    async () => {
      if (!child.running) throw new Error('the app exited');
      return (await get('/healthz')).status === 200 ? true : undefined;
    },
    () => child.output,
  );
  return { child, port, metricsPort, get };
}

/** Labels the Prometheus Operator gives a target it scrapes through a ServiceMonitor. */
export interface TargetLabels {
  namespace: string;
  service: string;
  pod: string;
  container: string;
}

/**
 * Starts a real Prometheus in `dir` that scrapes `target` the way the Prometheus Operator turns
 * the chart's ServiceMonitor into a scrape config (its path, its job and target labels), every
 * second, and evaluates the chart's PrometheusRule groups.
 */
export async function scrapeLikeServiceMonitor(
  dir: string,
  serviceMonitor: KubeObject,
  prometheusRule: KubeObject,
  target: string,
  labels: TargetLabels,
  timeoutMs = 30_000,
): Promise<PrometheusServer> {
  const [endpoint] = serviceMonitor.spec.endpoints;
  await fs.writeFile(
    path.join(dir, 'rules.yml'),
    yaml.stringify({ groups: prometheusRule.spec.groups }),
  );
  await fs.writeFile(
    path.join(dir, 'prometheus.yml'),
    yaml.stringify({
      global: {
        scrape_interval: '1s',
        scrape_timeout: '1s',
        evaluation_interval: '1s',
      },
      rule_files: ['rules.yml'],
      scrape_configs: [
        {
          job_name: labels.service,
          metrics_path: endpoint.path,
          honor_labels: endpoint.honorLabels ?? false,
          static_configs: [
            {
              targets: [target],
              labels: { ...labels, endpoint: endpoint.port },
            },
          ],
        },
      ],
    }),
  );
  return startPrometheus(dir, Date.now() + timeoutMs);
}

/** Vector selectors of `expr` that match on `matcher` (e.g. `service="orders-api"`). */
export function selectorsMatching(expr: string, matcher: string): string[] {
  const selectors = expr.match(/[a-zA-Z_:][a-zA-Z0-9_:]*\{[^{}]*\}/g) ?? [];
  return selectors.filter(selector => selector.includes(matcher));
}

/**
 * The selector with every regular-expression matcher turned into "the label is set": the series
 * exists with that label, whichever values the query later picks (`=~"5.."` needs no failed request).
 */
export function requiringLabels(selector: string): string {
  return selector.replace(/(\w+)=~"(?:[^"\\]|\\.)*"/g, '$1=~".+"');
}
