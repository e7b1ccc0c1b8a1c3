import fs from 'node:fs/promises';
import path from 'node:path';
import {
  linkDependencies,
  requiringLabels,
  RunningApp,
  scrapeLikeServiceMonitor,
  selectorsMatching,
  startApp,
  TargetLabels,
  typescriptCompiler,
} from './app/serviceApp';
import { execute } from './dashboards/processes';
import { PrometheusServer, waitUntil } from './dashboards/prometheus';
import {
  DashboardJson,
  dashboardConstants,
  dashboardQueries,
  GRAFANA_INTERVALS,
  substituteVariables,
} from './dashboards/queries';
import { KubeObject } from './helm';
import { only, renderHelmChartsOfEverySet } from './testing/renderedHelmCharts';

// The first deploy works: the app the service template generates type-checks with this
// repository's TypeScript, starts with Node's type stripping and the environment the chart's
// Deployment gives it, answers its probes, keeps /metrics off the traffic port, and a real
// Prometheus scraping it as the chart's ServiceMonitor says finds every series of the service
// that the chart's alerts and the generated dashboard select. The metric names come from those
// queries, never from a list here.

const SET = 'full';
const ENV = 'prod';
const { render, service, chartOf } = renderHelmChartsOfEverySet();

let objects: KubeObject[];
let app: RunningApp | undefined;
let prometheus: PrometheusServer | undefined;
let labels: TargetLabels;

const container = () =>
  only(objects, 'Deployment').spec.template.spec.containers[0];

async function traffic() {
  for (let i = 0; i < 10; i++) {
    for (const pathname of ['/', '/healthz', '/readyz', '/no-such-page']) {
      await app!.get(pathname);
    }
  }
}

beforeAll(async () => {
  const dir = service.repositoryOf(SET).dir;
  await linkDependencies(dir);
  objects = await render(SET, 4, ENV);
  const deployment = only(objects, 'Deployment');
  const namespace = `${chartOf(SET).name}-${ENV}`;
  labels = {
    namespace,
    service: only(objects, 'Service').metadata.name,
    // A pod name of the Deployment, as the alerts' pod regex expects.
    pod: `${deployment.metadata.name}-7d4b9f6c8-8vhtm`,
    container: container().name,
  };
  app = await startApp(dir, container(), {
    POD_NAME: labels.pod,
    POD_NAMESPACE: namespace,
  });
  await traffic();
  const prometheusDir = path.join(service.workDir(), 'prometheus');
  await fs.mkdir(prometheusDir);
  prometheus = await scrapeLikeServiceMonitor(
    prometheusDir,
    only(objects, 'ServiceMonitor'),
    only(objects, 'PrometheusRule'),
    `127.0.0.1:${app.metricsPort}`,
    labels,
  );
  // Three scrapes, with traffic in between, so rate() sees requests.
  await waitUntil(
    'three scrapes of the app',
    Date.now() + 30_000,
    async () => {
      await traffic();
      const [sample] = await prometheus!.query(
        `count_over_time(up{service="${labels.service}"}[1m])`,
      );
      return sample && sample.value >= 3 ? true : undefined;
    },
    () => `${prometheus!.child.output}\n${app!.child.output}`,
  );
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await app?.child.stop();
});

describe('the generated app', () => {
  it('type-checks with strict TypeScript', async () => {
    const dir = service.repositoryOf(SET).dir;
    const result = await execute(process.execPath, [
      typescriptCompiler(),
      '-p',
      path.join(dir, 'tsconfig.json'),
      '--noEmit',
    ]);
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.code).toBe(0);
  });

  it("answers the Deployment's probes on the traffic port, and /metrics only on the metrics port", async () => {
    const probes = container();
    const paths = [
      probes.startupProbe,
      probes.livenessProbe,
      probes.readinessProbe,
    ].map(probe => probe.httpGet.path);
    expect(paths.length).toBe(3);
    for (const pathname of paths) {
      expect({ pathname, status: (await app!.get(pathname)).status }).toEqual({
        pathname,
        status: 200,
      });
    }
    const metricsPath = only(objects, 'ServiceMonitor').spec.endpoints[0].path;
    expect((await app!.get(metricsPath)).status).toBe(404);
    const metrics = await app!.get(metricsPath, true);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('# TYPE');
  });

  it('is the image the Dockerfile builds: multi-stage, non-root as the chart runs it, both ports exposed', () => {
    const dockerfile = service.file(SET, 'Dockerfile');
    const stages = dockerfile.split('\n').filter(l => /^FROM\s/.test(l));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const user = /^USER\s+(\d+)(?::(\d+))?\s*$/m.exec(finalStage);
    const pod = only(objects, 'Deployment').spec.template.spec;
    expect(user?.slice(1, 3).map(Number)).toEqual([
      pod.securityContext.runAsUser,
      pod.securityContext.runAsGroup,
    ]);
    const exposed = /^EXPOSE\s+(.+)$/m
      .exec(finalStage)?.[1]
      .split(/\s+/)
      .map(Number);
    const ports = container().ports.map((p: any) => p.containerPort);
    expect(exposed?.sort()).toEqual([...ports].sort());
    // The compiled entry point is the one the test ran from source.
    expect(finalStage).toMatch(/^CMD \["dist\/server\.js"\]$/m);
    const tsconfig = JSON.parse(service.file(SET, 'tsconfig.json'));
    expect(tsconfig.compilerOptions).toMatchObject({
      rootDir: 'src',
      outDir: 'dist',
    });
  });
});

describe('Prometheus scraping the app as the ServiceMonitor says', () => {
  const ownSeries = () => `service="${labels.service}"`;

  it("has every series of the service that the chart's alerts select, and evaluates every rule", async () => {
    const rules = only(objects, 'PrometheusRule').spec.groups.flatMap(
      (g: any) => g.rules,
    );
    const selectors = [
      ...new Set<string>(
        rules.flatMap((r: any) => selectorsMatching(r.expr, ownSeries())),
      ),
    ];
    expect(selectors.length).toBeGreaterThan(0);
    const empty: string[] = [];
    for (const selector of selectors) {
      const query = requiringLabels(selector);
      if ((await prometheus!.query(query)).length === 0) empty.push(query);
    }
    expect(empty).toEqual([]);

    const health = await waitUntil(
      'one evaluation of every rule',
      Date.now() + 15_000,
      async () => {
        const data = await prometheus!.api('/api/v1/rules');
        const all = data.groups.flatMap((g: any) => g.rules);
        return all.every((r: any) => !r.lastEvaluation.startsWith('0001-'))
          ? all
          : undefined;
      },
      () => prometheus!.child.output,
    );
    expect(
      health
        .filter((r: any) => r.health !== 'ok')
        .map((r: any) => `${r.name}: ${r.lastError}`),
    ).toEqual([]);
    expect(health.length).toBe(rules.length);
  });

  it("returns data for every dashboard panel of the service's own series", async () => {
    const name = chartOf(SET).name;
    const dashboard: DashboardJson = JSON.parse(
      service.file(SET, `charts/${name}/dashboards/${name}-overview.json`),
    );
    const variables = {
      ...dashboardConstants(dashboard),
      ...GRAFANA_INTERVALS,
      datasource: 'prometheus',
      namespace: labels.namespace,
      pod: '.*',
    };
    // Panels: the annotation of firing alerts rightly shows nothing while none fires.
    const queries = dashboardQueries(dashboard)
      .filter(q => q.kind === 'panel')
      .map(q => ({
        where: q.where,
        expr: substituteVariables(q.expr, variables),
      }))
      .filter(q => selectorsMatching(q.expr, ownSeries()).length > 0);
    expect(queries.length).toBeGreaterThan(0);
    const empty: string[] = [];
    for (const q of queries) {
      if ((await prometheus!.query(q.expr)).length === 0) {
        empty.push(`${q.where}: ${q.expr}`);
      }
    }
    expect(empty).toEqual([]);
  });
});
