import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  renderServiceDashboard,
  serviceDashboardUid,
  SERVICE_DASHBOARD_METRIC_CONSTANTS,
  SERVICE_DASHBOARD_ROWS,
} from '@paved/plugin-paved-node';
import yaml from 'yaml';
import {
  GRAFANA_URL,
  planOf,
  PreparedChart,
  helmTemplateEnv,
  prepareChart,
  renderLikeScaffolder,
} from './dashboards/chart';
import {
  Lab,
  LabWorkload,
  readLabWorkloads,
  Sample,
  startLab,
} from './dashboards/lab';
import { promtoolParse, Expression } from './dashboards/promtool';
import {
  DashboardJson,
  dashboardConstants,
  dashboardQueries,
  GRAFANA_INTERVALS,
  substituteVariables,
} from './dashboards/queries';
import {
  HelmMajor,
  HelmTools,
  installHelm,
  KubeObject,
  locatePromtool,
} from './helm';
import { ParameterSetName, parameterSets } from './parameterSets';
import { TEMPLATES_DIR, TemplateDryRunner } from './TemplateDryRunner';

// The service dashboard's PromQL, checked with real tools: every expression parses with promtool,
// the chart's ConfigMap template ships the dashboard with Helm 3 and 4, and every panel returns
// series for its own service from a real Prometheus scraping the synthetic exporter in lab/.

const SETS = Object.keys(parameterSets) as ParameterSetName[];
const MAJORS: HelmMajor[] = [3, 4];

interface SetInfo {
  name: string;
  envs: string[];
  /** The namespace of the last (production-most) environment. */
  namespace: string;
  dashboard: DashboardJson;
  values: ReturnType<typeof planOf>;
}

const sets = new Map<ParameterSetName, SetInfo>();
for (const set of SETS) {
  const values = planOf(parameterSets[set]);
  sets.set(set, {
    name: values.name,
    envs: values.environments,
    namespace:
      values.envs[values.environments[values.environments.length - 1]]
        .namespace,
    dashboard: JSON.parse(renderServiceDashboard(values)),
    values,
  });
}
const info = (set: ParameterSetName) => sets.get(set)!;

function variablesFor(s: SetInfo, namespace: string, pod: string) {
  return {
    ...dashboardConstants(s.dashboard),
    ...GRAFANA_INTERVALS,
    datasource: 'prometheus',
    namespace,
    pod,
  };
}

let promtool: string;
let workDir: string;
let lab: Lab | undefined;
let labWorkloads: LabWorkload[] = [];
const tools = new Map<HelmMajor, HelmTools>();
const charts = new Map<ParameterSetName, PreparedChart>();
/** The longest name the template accepts; the dashboard uid cuts it to 31 characters. */
const LONG_NAME = `${'a'.repeat(20)}-${'b'.repeat(19)}`;

/** What a dry run of the service template scaffolded that the catalog check reads. */
interface Scaffolded {
  files: Map<string, Buffer>;
  catalog: string;
  dashboard: string;
}

/** The dry runs of every parameter set, and of `minimal` renamed to {@link LONG_NAME}. */
const scaffolded = new Map<ParameterSetName | 'longName', Scaffolded>();

function scaffoldedOf(key: ParameterSetName | 'longName'): Scaffolded {
  const result = scaffolded.get(key);
  if (!result) throw new Error(`${key} was not dry-run`);
  return result;
}

/** Dry-runs the service template; throws unless it succeeds and scaffolds both files. */
async function scaffold(
  runner: TemplateDryRunner,
  parameters: Record<string, unknown> & { name: string },
): Promise<Scaffolded> {
  const { name } = parameters;
  const result = await runner.dryRun('service', parameters);
  if (result.status !== 200) {
    throw new Error(
      `dry run of ${name} failed: ${JSON.stringify(result.error)}`,
    );
  }
  const file = (at: string) => {
    const content = result.files.get(at);
    if (!content) throw new Error(`the dry run of ${name} produced no ${at}`);
    return content.toString('utf8');
  };
  return {
    files: result.files,
    catalog: file('catalog-info.yaml'),
    dashboard: file(`charts/${name}/dashboards/${name}-overview.json`),
  };
}

function chartOf(set: ParameterSetName): PreparedChart {
  const chart = charts.get(set);
  if (!chart) throw new Error(`the chart of ${set} was not rendered`);
  return chart;
}

async function templateOk(
  set: ParameterSetName,
  major: HelmMajor,
  env: string,
  values: Record<string, unknown> = {},
): Promise<KubeObject[]> {
  const result = await helmTemplateEnv(
    tools.get(major)!,
    chartOf(set),
    env,
    values,
  );
  if (result.code !== 0) {
    throw new Error(
      `helm ${major} template ${set}/${env} failed:\n${result.stderr}`,
    );
  }
  return result.objects;
}

const dashboardConfigMaps = (objects: KubeObject[]) =>
  objects.filter(
    o => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-dashboard'),
  );

function prometheusRuleGroups(objects: KubeObject[]): any[] {
  return objects
    .filter(o => o.kind === 'PrometheusRule')
    .flatMap(o => o.spec.groups);
}

beforeAll(async () => {
  promtool = locatePromtool();
  workDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'paved-dashboards-'));
  labWorkloads = (await readLabWorkloads()).workloads;

  for (const t of await Promise.all(MAJORS.map(m => installHelm(m)))) {
    tools.set(t.major, t);
  }
  const runner = await TemplateDryRunner.create();
  try {
    for (const set of SETS) {
      const result = await scaffold(runner, parameterSets[set]);
      scaffolded.set(set, result);
      charts.set(
        set,
        await prepareChart(
          result.files,
          info(set).name,
          path.join(workDir, set),
        ),
      );
    }
    scaffolded.set(
      'longName',
      await scaffold(runner, { ...parameterSets.minimal, name: LONG_NAME }),
    );
  } finally {
    await runner.stop();
  }

  // The chart's alert rules go into the lab's Prometheus, so they are evaluated for real too.
  const chartRules: Record<string, unknown> = {};
  for (const w of labWorkloads) {
    const set = w.parameterSet as ParameterSetName;
    const env = w.namespace.slice(info(set).name.length + 1);
    const groups = prometheusRuleGroups(await templateOk(set, 4, env));
    chartRules[`${info(set).name}.yml`] = { groups };
  }
  lab = await startLab({ chartRules, timeoutMs: 45_000 });
}, 150_000);

afterAll(async () => {
  await lab?.stop();
  if (workDir) await fsp.rm(workDir, { recursive: true, force: true });
});

describe('the PromQL of the dashboards and the alerts', () => {
  it('parses with promtool, every dashboard expression of every parameter set', async () => {
    const expressions: Expression[] = [];
    for (const set of SETS) {
      const s = info(set);
      const queries = dashboardQueries(s.dashboard);
      expect(queries.length).toBeGreaterThan(10);
      for (const q of queries) {
        for (const pod of [
          '.*',
          `(${s.name}-7d4b9f6c8-8vhtm|${s.name}-7d4b9f6c8-dq2lx)`,
        ]) {
          expressions.push({
            where: `${set}: ${q.where} (pod=${pod})`,
            expr: substituteVariables(
              q.expr,
              variablesFor(s, s.namespace, pod),
            ),
          });
        }
      }
    }
    const { problems } = await promtoolParse(promtool, expressions);
    expect(problems).toEqual([]);
  });

  it('needs its Grafana variables substituted to be PromQL: promtool rejects the raw text', async () => {
    const raw = dashboardQueries(info('gpuMig').dashboard).filter(q =>
      q.expr.includes('${'),
    );
    expect(raw.length).toBeGreaterThan(5);
    const { problems } = await promtoolParse(
      promtool,
      raw.map(q => ({ where: q.where, expr: q.expr })),
    );
    expect(problems.map(p => p.where)).toEqual(raw.map(q => q.where));
  });
});

describe("the chart's PrometheusRule", () => {
  it("parses with promtool, every expression of the chart's PrometheusRule in every environment", async () => {
    const expressions: Expression[] = [];
    for (const set of SETS) {
      for (const env of info(set).envs) {
        for (const group of prometheusRuleGroups(
          await templateOk(set, 4, env),
        )) {
          for (const rule of group.rules) {
            expressions.push({
              where: `${set}/${env}: ${group.name} ${
                rule.alert ?? rule.record
              }`,
              expr: rule.expr,
            });
          }
        }
      }
    }
    expect(expressions.length).toBeGreaterThan(SETS.length * 2);
    const { problems } = await promtoolParse(promtool, expressions);
    expect(problems).toEqual([]);
  });
});

describe('the dashboard ConfigMap template', () => {
  it('ships every dashboard in every environment, labelled for the sidecar, with Helm 3 and 4', async () => {
    for (const set of SETS) {
      const s = info(set);
      for (const major of MAJORS) {
        for (const env of s.envs) {
          const maps = dashboardConfigMaps(await templateOk(set, major, env));
          expect(maps.map(m => m.metadata.name)).toEqual([
            `${s.name}-overview-dashboard`,
          ]);
          const [map] = maps;
          expect(map.metadata.labels).toMatchObject({
            grafana_dashboard: '1',
            'app.kubernetes.io/name': s.name,
            'app.kubernetes.io/instance': s.name,
            'app.kubernetes.io/managed-by': 'Helm',
            'backstage.io/kubernetes-id': s.name,
          });
          expect(map.metadata.annotations).toEqual({
            grafana_folder: s.values.ownerName,
          });
          const data = map.data as Record<string, string>;
          expect(Object.keys(data)).toEqual([`${s.name}-overview.json`]);
          // Unchanged metric names: the ConfigMap holds the generated dashboard as it is.
          expect(JSON.parse(data[`${s.name}-overview.json`])).toEqual(
            s.dashboard,
          );
        }
      }
      // The file the template's dashboard step wrote is the generator's output, byte for byte.
      expect(scaffoldedOf(set).dashboard).toBe(
        renderServiceDashboard(s.values),
      );
    }
  });

  it('follows metrics.names without a new dashboard, and so do the alerts', async () => {
    const names = {
      httpRequestDuration: 'app_http_request_seconds',
      httpStatusCodeLabel: 'status',
      gpuXidErrors: 'gpu_xid_last',
      gpuFramebufferUsed: 'gpu_fb_used_mib',
      gpuFramebufferFree: 'gpu_fb_free_mib',
    };
    for (const set of ['gpuMig', 'full'] as ParameterSetName[]) {
      const s = info(set);
      for (const major of MAJORS) {
        const objects = await templateOk(set, major, 'prod', {
          'metrics.names': names,
        });
        const [map] = dashboardConfigMaps(objects);
        const dashboard: DashboardJson = JSON.parse(
          (map.data as Record<string, string>)[`${s.name}-overview.json`],
        );
        const constants = dashboardConstants(dashboard);
        const generated = dashboardConstants(s.dashboard);
        expect(constants).toEqual(
          Object.fromEntries(
            Object.entries(SERVICE_DASHBOARD_METRIC_CONSTANTS)
              .filter(([, c]) => c.variable in generated)
              .map(([key, c]) => [
                c.variable,
                names[key as keyof typeof names],
              ]),
          ),
        );
        // Nothing else changed.
        const restored = structuredClone(dashboard);
        for (const v of restored.templating.list.filter(
          x => x.type === 'constant',
        )) {
          v.query = generated[v.name];
        }
        expect(restored).toEqual(s.dashboard);

        // The dashboard's queries and the chart's alerts now name the same series.
        const vars = variablesFor(s, s.namespace, '.*');
        const dashboardText = dashboardQueries(dashboard)
          .map(q => substituteVariables(q.expr, { ...vars, ...constants }))
          .join('\n');
        const rulesText = prometheusRuleGroups(objects)
          .flatMap(g => g.rules.map((r: { expr: string }) => r.expr))
          .join('\n');
        for (const metric of [
          'app_http_request_seconds_bucket',
          'app_http_request_seconds_count',
          'status=~"5.."',
        ]) {
          expect(dashboardText).toContain(metric);
          expect(rulesText).toContain(metric);
        }
        expect(`${dashboardText}\n${rulesText}`).not.toContain(
          'http_server_request_duration_seconds',
        );
        for (const metric of [
          'gpu_xid_last',
          'gpu_fb_used_mib',
          'gpu_fb_free_mib',
        ]) {
          expect(dashboardText.includes(metric)).toBe(s.values.gpu.enabled);
          expect(rulesText.includes(metric)).toBe(s.values.gpu.enabled);
        }
      }
    }
  });

  it('takes the sidecar label, folder and on/off switch from values', async () => {
    const custom = await templateOk('gpuCount', 4, 'prod', {
      'grafana.dashboards.label': {
        name: 'grafana.example.com/dashboard',
        value: 'true',
      },
      'grafana.dashboards.folderAnnotation': 'k8s-sidecar-target-directory',
      'grafana.dashboards.folder': 'ML/serving',
    });
    const [map] = dashboardConfigMaps(custom);
    expect(map.metadata.labels).toMatchObject({
      'grafana.example.com/dashboard': 'true',
    });
    expect(map.metadata.labels).not.toHaveProperty('grafana_dashboard');
    expect(map.metadata.annotations).toEqual({
      'k8s-sidecar-target-directory': 'ML/serving',
    });

    const noFolder = await templateOk('gpuCount', 4, 'prod', {
      'grafana.dashboards.folder': '',
    });
    expect(
      dashboardConfigMaps(noFolder)[0].metadata.annotations,
    ).toBeUndefined();

    for (const major of MAJORS) {
      const off = await templateOk('gpuCount', major, 'prod', {
        'grafana.dashboards.enabled': false,
      });
      expect(dashboardConfigMaps(off)).toEqual([]);
      expect(off.some(o => o.kind === 'Deployment')).toBe(true);
      // Values without the grafana block (a repository scaffolded before it existed) render none.
      const before = await templateOk('gpuCount', major, 'prod', {
        grafana: null,
      });
      expect(dashboardConfigMaps(before)).toEqual([]);
    }
  });

  it('rejects malformed Grafana values through values.schema.json', async () => {
    for (const [key, value] of [
      ['grafana.dashboards.label.value', 1],
      ['grafana.dashboards.label.name', 'not a label'],
      ['grafana.dashboards.colour', 'red'],
      ['grafana.dashboards.enabled', 'yes'],
    ] as const) {
      const result = await helmTemplateEnv(
        tools.get(4)!,
        chartOf('gpuCount'),
        'prod',
        {
          [key]: value,
        },
      );
      expect({ key, code: result.code }).toEqual({ key, code: 1 });
      expect(result.stderr).toMatch(/schema/i);
    }
  });
});

describe("the catalog entry's Grafana annotations and dashboard link", () => {
  it('select the service’s dashboards and alerts and link the scaffolded dashboard', () => {
    const cases = [
      ...SETS.map(set => ({ set, name: info(set).name, ...scaffoldedOf(set) })),
      { set: 'longName', name: LONG_NAME, ...scaffoldedOf('longName') },
    ];
    for (const { set, name, catalog, dashboard } of cases) {
      const entity = yaml.parse(catalog);
      const uid = serviceDashboardUid(name);
      // The link's uid comes from the skeleton's `truncate`, the dashboard's from the generator.
      expect({ set, uid: JSON.parse(dashboard).uid }).toEqual({ set, uid });
      expect({ set, annotations: entity.metadata.annotations }).toMatchObject({
        set,
        annotations: {
          'grafana/dashboard-selector': `tags @> 'paved' && tags @> '${name}'`,
          'grafana/alert-label-selector': `service=${name}`,
        },
      });
      expect({
        set,
        links: entity.metadata.links.filter(
          (l: { title: string }) => l.title === 'Grafana dashboard',
        ),
      }).toEqual({
        set,
        links: [
          {
            url: `${GRAFANA_URL}/d/${uid}`,
            title: 'Grafana dashboard',
            icon: 'dashboard',
          },
        ],
      });
    }
    expect(serviceDashboardUid(LONG_NAME)).not.toContain(LONG_NAME);
    // The selector finds the dashboard by the tags the generator gives it.
    for (const set of SETS) {
      const tags = (info(set).dashboard as unknown as { tags: string[] }).tags;
      expect(tags).toEqual(expect.arrayContaining(['paved', info(set).name]));
    }
  });

  it('has no dashboard link without a configured Grafana URL', async () => {
    const skeleton = await fsp.readFile(
      path.join(TEMPLATES_DIR, 'service/skeleton/catalog-info.yaml'),
      'utf8',
    );
    const linkTitles = (grafanaUrl: string) => {
      const values = planOf(parameterSets.full, grafanaUrl);
      const entity = yaml.parse(renderLikeScaffolder(skeleton, values));
      expect(entity.metadata.annotations).toHaveProperty(
        'grafana/dashboard-selector',
      );
      return entity.metadata.links.map((l: { title: string }) => l.title);
    };
    expect(linkTitles(GRAFANA_URL)).toContain('Grafana dashboard');
    expect(linkTitles('')).not.toContain('Grafana dashboard');
  });
});

describe('the dashboards against a real Prometheus scraping the lab', () => {
  const QUERY_WAIT_MS = 10_000;

  function describeSamples(samples: Sample[]): string {
    return (
      samples.map(s => JSON.stringify(s.metric)).join(', ') || '(no series)'
    );
  }

  it('runs workloads that match parameter sets, GPU and HPA ones among them', () => {
    expect(labWorkloads.length).toBeGreaterThanOrEqual(3);
    for (const w of labWorkloads) {
      const s = info(w.parameterSet as ParameterSetName);
      expect(w.service).toBe(s.name);
      expect(Object.values(s.values.envs).map(e => e.namespace)).toContain(
        w.namespace,
      );
      expect(Boolean(w.gpu)).toBe(s.values.gpu.enabled);
      expect(Boolean(w.hpa)).toBe(s.values.autoscaling.enabled);
      expect(w.gpu?.mode ?? 'none').toBe(s.values.gpu.mode);
    }
    expect(labWorkloads.some(w => w.gpu?.mode === 'mig')).toBe(true);
    expect(labWorkloads.some(w => w.gpu?.mode === 'count')).toBe(true);
    expect(labWorkloads.some(w => w.hpa && w.gpu)).toBe(true);
    expect(labWorkloads.some(w => w.service === 'vision-inference')).toBe(true);
  });

  describe.each([
    'gpuMig',
    'gpuCount',
    'full',
    'noAutoscaling',
  ] as ParameterSetName[])('%s', set => {
    const s = info(set);
    const workload = () => {
      const w = labWorkloads.find(x => x.parameterSet === set);
      if (!w) throw new Error(`lab/workloads.json has no workload for ${set}`);
      return w;
    };
    const panelQueries = () =>
      dashboardQueries(s.dashboard).filter(q => q.kind === 'panel');

    /**
     * Queries that rightly return nothing for this workload, and why. The chart sets no CPU limit
     * on services without GPUs (throttling hurts latency), so kube-state-metrics has no
     * `resource="cpu"` limit series for their pods; the panel shows the limit once one is set.
     */
    const expectedEmpty = (w: LabWorkload, expr: string): string | undefined =>
      w.cpu.limit === null &&
      expr.includes('kube_pod_container_resource_limits') &&
      expr.includes('resource="cpu"')
        ? 'the pods have no CPU limit'
        : undefined;

    it('returns series for every panel query, all of them the service’s own', async () => {
      const w = workload();
      const failures: string[] = [];
      for (const q of panelQueries()) {
        const expr = substituteVariables(
          q.expr,
          variablesFor(s, w.namespace, '.*'),
        );
        const why = expectedEmpty(w, expr);
        const samples = why
          ? await lab!.query(expr)
          : await lab!.queryUntilData(expr, QUERY_WAIT_MS);
        if (why) {
          if (samples.length > 0) {
            failures.push(
              `${q.where} should return nothing (${why}): ${describeSamples(
                samples,
              )}`,
            );
          }
          continue;
        }
        if (samples.length === 0) {
          failures.push(`${q.where} returned nothing: ${expr}`);
          continue;
        }
        for (const sample of samples) {
          const { pod, namespace } = sample.metric;
          if (pod !== undefined && !w.pods.includes(pod)) {
            failures.push(
              `${q.where} returned another pod: ${JSON.stringify(
                sample.metric,
              )}`,
            );
          }
          if (namespace !== undefined && namespace !== w.namespace) {
            failures.push(
              `${q.where} returned another namespace: ${JSON.stringify(
                sample.metric,
              )}`,
            );
          }
          if (!Number.isFinite(sample.value)) {
            failures.push(
              `${q.where} returned ${sample.value}: ${JSON.stringify(
                sample.metric,
              )}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('has HPA panels exactly when the lab runs an HPA, showing every metric and its target', async () => {
      const w = workload();
      const hpa = panelQueries().filter(
        q => q.section === SERVICE_DASHBOARD_ROWS.autoscaling,
      );
      expect(hpa.length > 0).toBe(Boolean(w.hpa));
      if (!w.hpa) return;
      expect(hpa).toHaveLength(6);
      const vars = variablesFor(s, w.namespace, '.*');
      for (const q of hpa.filter(x => x.expr.includes('target_metric'))) {
        const samples = await lab!.queryUntilData(
          substituteVariables(q.expr, vars),
          QUERY_WAIT_MS,
        );
        const names = new Set(samples.map(x => x.metric.metric_name));
        expect([...names].sort()).toEqual(
          w.hpa.metrics.map(m => m.name).sort(),
        );
      }
      const replicas = hpa.find(q => q.expr.includes('spec_max_replicas'))!;
      const [max] = await lab!.query(substituteVariables(replicas.expr, vars));
      expect(max.value).toBe(w.hpa.max);
    });

    it('has GPU panels exactly when the lab runs GPUs, covering both dcgm-exporter label layouts', async () => {
      const w = workload();
      const gpu = panelQueries().filter(
        q => q.section === SERVICE_DASHBOARD_ROWS.gpu,
      );
      expect(gpu.length > 0).toBe(Boolean(w.gpu));
      if (!w.gpu) return;
      expect(gpu.map(q => q.panelTitle)).toEqual([
        'GPU utilization',
        'GPU framebuffer memory',
        'GPU framebuffer memory',
        'GPU XID errors',
      ]);
      // Pod 0 is scraped with honor_labels (pod=…), pod 1 through a ServiceMonitor (exported_pod=…).
      for (const q of gpu) {
        const all = await lab!.queryUntilData(
          substituteVariables(q.expr, variablesFor(s, w.namespace, '.*')),
          QUERY_WAIT_MS,
        );
        expect({
          where: q.where,
          pods: all.map(x => x.metric.pod).sort(),
        }).toEqual({
          where: q.where,
          pods: [...w.pods].sort(),
        });
        for (const pod of w.pods) {
          const one = await lab!.query(
            substituteVariables(q.expr, variablesFor(s, w.namespace, pod)),
          );
          expect({ where: q.where, pods: one.map(x => x.metric.pod) }).toEqual({
            where: q.where,
            pods: [pod],
          });
        }
      }
      const [util] = gpu;
      for (const sample of await lab!.query(
        substituteVariables(util.expr, variablesFor(s, w.namespace, '.*')),
      )) {
        expect(sample.value).toBeGreaterThanOrEqual(0);
        expect(sample.value).toBeLessThanOrEqual(100);
      }
    });

    if (set === 'gpuMig') {
      it('runs a GPU workload whose pods dcgm-exporter labels both ways, as the real one does', async () => {
        const w = workload();
        const honored = await lab!.queryUntilData(
          `DCGM_FI_DEV_FB_USED{namespace="${w.namespace}"}`,
          QUERY_WAIT_MS,
        );
        const exported = await lab!.queryUntilData(
          `DCGM_FI_DEV_FB_USED{exported_namespace="${w.namespace}"}`,
          QUERY_WAIT_MS,
        );
        // A query for one layout alone would miss a pod: the dashboards must ask for both.
        expect(honored.map(x => x.metric.pod)).toEqual([w.pods[0]]);
        expect(exported.map(x => x.metric.exported_pod)).toEqual([w.pods[1]]);
        expect(exported.map(x => x.metric.namespace)).toEqual(['gpu-operator']);
        expect(honored[0].metric).toHaveProperty('Hostname');
        expect(exported[0].metric).toHaveProperty('hostname');
        expect(honored[0].metric).toHaveProperty('GPU_I_PROFILE', '1g.10gb');
      });
    }

    it('lists the service’s pods in the pod variable', async () => {
      const w = workload();
      const variable = dashboardQueries(s.dashboard).find(
        q => q.where === 'variable pod',
      )!;
      const samples = await lab!.queryUntilData(
        substituteVariables(variable.expr, variablesFor(s, w.namespace, '.*')),
        QUERY_WAIT_MS,
      );
      expect(samples.map(x => x.metric.pod).sort()).toEqual([...w.pods].sort());
    });

    it('marks the service’s firing alerts', async () => {
      const w = workload();
      const [annotation] = dashboardQueries(s.dashboard).filter(
        q => q.kind === 'annotation',
      );
      const samples = await lab!.queryUntilData(
        substituteVariables(
          annotation.expr,
          variablesFor(s, w.namespace, '.*'),
        ),
        QUERY_WAIT_MS,
      );
      expect(samples.length).toBeGreaterThan(0);
      for (const sample of samples) {
        expect(sample.metric).toMatchObject({
          alertstate: 'firing',
          service: s.name,
        });
      }
      expect(describeSamples(samples)).toContain('LabServiceServerErrors');
    });
  });

  describe('with the chart’s alert rules loaded', () => {
    it('evaluates them without errors', async () => {
      const deadline = Date.now() + 15_000;
      let rules = (await lab!.rules()).filter(r => r.group !== 'lab.services');
      while (rules.some(r => !r.evaluated) && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 250));
        rules = (await lab!.rules()).filter(r => r.group !== 'lab.services');
      }
      expect(rules.length).toBeGreaterThan(labWorkloads.length);
      expect(
        rules
          .filter(r => !r.evaluated || r.health !== 'ok')
          .map(r => `${r.group}/${r.name}: ${r.health} ${r.lastError ?? ''}`),
      ).toEqual([]);
    });
  });
});
