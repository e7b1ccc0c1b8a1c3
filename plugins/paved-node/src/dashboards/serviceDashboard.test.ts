import fs from 'node:fs';
import path from 'node:path';
import {
  parseServiceParameters,
  planService,
  ServiceValues,
} from '@paved/plugin-paved-common';
import { checkDashboardTypes } from './__testUtils__/checkDashboardTypes';
import {
  buildServiceDashboard,
  renderServiceDashboard,
  SERVICE_DASHBOARD_METRIC_CONSTANTS,
  SERVICE_DASHBOARD_PANEL_IDS,
  SERVICE_DASHBOARD_ROWS,
  serviceDashboardPath,
  serviceDashboardUid,
} from './serviceDashboard';
import {
  parseServiceDashboardValues,
  ServiceDashboardValuesError,
} from './values';

const base = {
  description: 'Test service',
  owner: 'group:default/product-team',
  image: 'ghcr.io/acme/svc',
  port: 8080,
  publishTarget: 'local',
};

const parameterSets: Record<string, Record<string, unknown>> = {
  plain: {
    ...base,
    name: 'billing-worker',
    environments: ['dev', 'prod'],
    autoscalingEnabled: false,
  },
  autoscaled: {
    ...base,
    name: 'orders-api',
    environments: ['dev', 'staging', 'prod'],
    customMetricName: 'http_requests_per_second',
  },
  gpuCount: {
    ...base,
    name: 'llm-serving',
    environments: ['staging', 'prod'],
    gpuMode: 'count',
    gpuCount: 2,
    gpuProduct: 'NVIDIA-H100-80GB-HBM3',
  },
  gpuMig: {
    ...base,
    name: 'vision-inference',
    description: 'Image classification on MIG slices — ünïcödé is fine',
    owner: 'user:default/grace',
    environments: ['dev', 'staging', 'prod'],
    customMetricName: 'inference_queue_depth',
    customMetricTarget: '500m',
    gpuMode: 'mig',
    migProfile: '1g.10gb',
    gpuProduct: 'NVIDIA-H100-80GB-HBM3',
  },
  gpuNoAutoscaling: {
    ...base,
    name: 'batch-embedder',
    environments: ['prod'],
    autoscalingEnabled: false,
    gpuMode: 'count',
    gpuCount: 1,
    gpuProduct: 'NVIDIA-L4',
  },
};

function plan(name: keyof typeof parameterSets): ServiceValues {
  const parsed = parseServiceParameters(parameterSets[name]);
  if (!parsed.success) throw new Error(parsed.problems.join('\n'));
  return planService(parsed.data, {
    repoUrl: `https://github.com/acme/${parsed.data.name}.git`,
    stateBucket: 'paved-terraform-state',
  });
}

interface AnyPanel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type?: string; uid?: string };
  fieldConfig?: { defaults: { unit?: string } };
  targets?: { expr: string; refId: string; datasource?: { uid?: string } }[];
}

function parse(values: ServiceValues) {
  return JSON.parse(renderServiceDashboard(values)) as {
    uid: string;
    panels: AnyPanel[];
    templating: {
      list: { name: string; type: string; query: unknown; options?: unknown }[];
    };
    annotations: { list: { expr: string; datasource: { uid: string } }[] };
  };
}

/** Panels grouped by the row they sit under. */
function sections(panels: AnyPanel[]): Map<string, AnyPanel[]> {
  const result = new Map<string, AnyPanel[]>();
  let current = '';
  for (const p of panels) {
    if (p.type === 'row') {
      current = p.title;
      result.set(current, []);
    } else {
      result.get(current)!.push(p);
    }
  }
  return result;
}

/** Deep copy with every object's keys in reverse order. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    ) as T;
  }
  return value;
}

const GRAFANA_GLOBALS = new Set(['__rate_interval', '__interval', '__range']);

function variablesIn(text: string): string[] {
  return [...text.matchAll(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g)]
    .map(m => m[1] ?? m[2])
    .filter(name => !/^\d+$/.test(name)); // $1: a label_replace replacement
}

describe('buildServiceDashboard', () => {
  it.each(Object.keys(parameterSets))(
    'renders the same bytes for the same values (%s)',
    name => {
      const values = plan(name);
      const first = renderServiceDashboard(values);
      expect(renderServiceDashboard(structuredClone(values))).toBe(first);
      expect(renderServiceDashboard(reversedKeys(values))).toBe(first);
      expect(first.endsWith('}\n')).toBe(true);
      expect(first.endsWith('\n\n')).toBe(false);
    },
  );

  it('sorts object keys at every level', () => {
    const unsorted: string[] = [];
    const check = (value: unknown, where: string): void => {
      if (Array.isArray(value)) {
        value.forEach((v, i) => check(v, `${where}[${i}]`));
      } else if (value && typeof value === 'object') {
        const keys = Object.keys(value);
        if (keys.join() !== [...keys].sort().join()) unsorted.push(where);
        Object.entries(value).forEach(([k, v]) => check(v, `${where}.${k}`));
      }
    };
    check(JSON.parse(renderServiceDashboard(plan('gpuMig'))), '$');
    expect(unsorted).toEqual([]);
  });

  it.each(Object.keys(parameterSets))(
    'has GPU panels only for GPU services (%s)',
    name => {
      const values = plan(name);
      const gpu = sections(parse(values).panels).get(
        SERVICE_DASHBOARD_ROWS.gpu,
      );
      const text = renderServiceDashboard(values);
      const ids = SERVICE_DASHBOARD_PANEL_IDS;
      expect(gpu?.map(p => p.id)).toEqual(
        values.gpu.enabled
          ? [ids.gpuUtilization, ids.gpuMemory, ids.gpuXidErrors]
          : undefined,
      );
      expect(/DCGM_|gpu_/.test(text)).toBe(values.gpu.enabled);
    },
  );

  it.each(Object.keys(parameterSets))(
    'has HPA panels only when the service autoscales (%s)',
    name => {
      const values = plan(name);
      const hpa = sections(parse(values).panels).get(
        SERVICE_DASHBOARD_ROWS.autoscaling,
      );
      const text = renderServiceDashboard(values);
      const ids = SERVICE_DASHBOARD_PANEL_IDS;
      expect(hpa?.map(p => p.id)).toEqual(
        values.autoscaling.enabled
          ? [ids.hpaReplicas, ids.hpaMetrics]
          : undefined,
      );
      for (const metric of [
        'kube_horizontalpodautoscaler_spec_target_metric',
        'kube_horizontalpodautoscaler_status_target_metric',
        'kube_horizontalpodautoscaler_spec_max_replicas',
      ]) {
        expect(text.includes(metric)).toBe(values.autoscaling.enabled);
      }
    },
  );

  it('keeps a panel id whatever else the dashboard holds', () => {
    const idsByTitle = new Map<string, Set<number>>();
    for (const name of Object.keys(parameterSets)) {
      for (const p of parse(plan(name)).panels) {
        idsByTitle.set(
          p.title,
          (idsByTitle.get(p.title) ?? new Set()).add(p.id),
        );
      }
    }
    const ids = [...idsByTitle.values()];
    expect(ids.every(set => set.size === 1)).toBe(true);
    expect(ids.map(set => [...set][0]).sort((a, b) => a - b)).toEqual(
      Object.values(SERVICE_DASHBOARD_PANEL_IDS).sort((a, b) => a - b),
    );
  });

  it.each(Object.keys(parameterSets))('has unique panel ids (%s)', name => {
    const ids = parse(plan(name)).panels.map(p => p.id);
    expect(ids.every(id => Number.isInteger(id) && id > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(Object.keys(parameterSets))(
    'gives every panel a datasource, a description and a unit (%s)',
    name => {
      const panels = parse(plan(name)).panels.filter(p => p.type !== 'row');
      expect(panels.length).toBeGreaterThanOrEqual(6);
      for (const p of panels) {
        expect(p.datasource).toEqual({
          type: 'prometheus',
          uid: '${datasource}',
        });
        expect(p.description?.length ?? 0).toBeGreaterThan(40);
        expect(p.fieldConfig?.defaults.unit).toMatch(/^\w+$/);
        expect(p.targets?.length ?? 0).toBeGreaterThan(0);
        const refIds = p.targets!.map(t => t.refId);
        expect(new Set(refIds).size).toBe(refIds.length);
        for (const t of p.targets!) {
          expect(t.datasource?.uid).toBe('${datasource}');
          expect(t.expr.trim()).not.toBe('');
        }
      }
    },
  );

  it('uses units that fit the metrics', () => {
    const units = Object.fromEntries(
      parse(plan('gpuMig'))
        .panels.filter(p => p.type !== 'row')
        .map(p => [p.id, p.fieldConfig!.defaults.unit]),
    );
    const ids = SERVICE_DASHBOARD_PANEL_IDS;
    expect(units[ids.requestRate]).toBe('reqps');
    expect(units[ids.errorRatio]).toBe('percentunit');
    expect(units[ids.latencyP95]).toBe('s');
    expect(units[ids.memory]).toBe('bytes');
    expect(units[ids.gpuUtilization]).toBe('percent');
    expect(units[ids.gpuMemory]).toBe('mbytes'); // DCGM reports MiB
  });

  it('derives a stable, valid uid from the service name', () => {
    const a = parse(plan('gpuMig'));
    expect(a.uid).toBe('vision-inference-overview');
    expect(a.uid).toBe(serviceDashboardUid('vision-inference'));
    const other = parse({
      ...plan('gpuMig'),
      description: 'changed',
      environments: ['prod'],
    });
    expect(other.uid).toBe(a.uid);
    const long = `${'a'.repeat(20)}-${'b'.repeat(19)}`;
    expect(long).toHaveLength(40);
    expect(serviceDashboardUid(long)).toHaveLength(40);
    expect(serviceDashboardUid(long)).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(serviceDashboardUid('orders-api')).not.toBe(
      serviceDashboardUid('orders-apis'),
    );
    expect(serviceDashboardPath('orders-api')).toBe(
      'charts/orders-api/dashboards/orders-api-overview.json',
    );
  });

  it('offers datasource, environment and pod variables and defines every variable it uses', () => {
    for (const name of Object.keys(parameterSets)) {
      const values = plan(name);
      const dashboard = parse(values);
      const defined = new Map(dashboard.templating.list.map(v => [v.name, v]));
      expect(defined.get('datasource')?.type).toBe('datasource');
      expect(defined.get('namespace')?.type).toBe('custom');
      expect(defined.get('pod')?.type).toBe('query');
      expect(defined.get('namespace')?.query).toBe(
        values.environments
          .map(env => `${env} : ${values.envs[env].namespace}`)
          .join(','),
      );

      const exprs = [
        ...dashboard.panels.flatMap(p => p.targets ?? []).map(t => t.expr),
        ...dashboard.annotations.list.map(a => a.expr),
        String(defined.get('pod')?.query),
      ];
      const used = new Set(exprs.flatMap(variablesIn));
      for (const variable of used) {
        expect(defined.has(variable) || GRAFANA_GLOBALS.has(variable)).toBe(
          true,
        );
      }
      // Every constant the dashboard carries is used, so the chart's override matters.
      for (const v of dashboard.templating.list.filter(
        t => t.type === 'constant',
      )) {
        expect(used.has(v.name)).toBe(true);
      }
    }
  });

  it('names the metrics the chart may rename only through constant variables', () => {
    const dashboard = parse(plan('gpuMig'));
    const constants = dashboard.templating.list.filter(
      v => v.type === 'constant',
    );
    expect(Object.fromEntries(constants.map(v => [v.name, v.query]))).toEqual(
      Object.fromEntries(
        Object.values(SERVICE_DASHBOARD_METRIC_CONSTANTS).map(c => [
          c.variable,
          c.default,
        ]),
      ),
    );
    const exprs = dashboard.panels
      .flatMap(p => p.targets ?? [])
      .map(t => t.expr);
    for (const c of Object.values(SERVICE_DASHBOARD_METRIC_CONSTANTS)) {
      // The literal name never appears in a query, only the variable does.
      expect(exprs.some(e => e.includes(c.default))).toBe(false);
      expect(exprs.some(e => e.includes(`\${${c.variable}}`))).toBe(true);
    }
  });

  it('queries both label layouts of dcgm-exporter', () => {
    const exprs = parse(plan('gpuCount'))
      .panels.filter(p => p.type !== 'row' && p.title.startsWith('GPU'))
      .flatMap(p => p.targets!)
      .map(t => t.expr);
    expect(exprs).toHaveLength(4);
    for (const expr of exprs) {
      expect(expr).toContain('namespace="$namespace", pod=~"$pod"');
      expect(expr).toContain(
        'exported_namespace="$namespace", exported_pod=~"$pod"',
      );
    }
  });

  it('prefers the metric each GPU mode reports for utilization', () => {
    const utilization = (name: string) =>
      parse(plan(name)).panels.find(
        p => p.id === SERVICE_DASHBOARD_PANEL_IDS.gpuUtilization,
      )!.targets![0].expr;
    expect(utilization('gpuCount')).toMatch(
      /^avg by \(pod\) \(\(DCGM_FI_DEV_GPU_UTIL/,
    );
    expect(utilization('gpuMig')).toMatch(
      /^avg by \(pod\) \(\(DCGM_FI_PROF_GR_ENGINE_ACTIVE/,
    );
  });

  it('shows the service’s firing alerts as annotations', () => {
    const [annotation] = parse(plan('autoscaled')).annotations.list;
    expect(annotation.expr).toBe(
      'ALERTS{alertstate="firing", service="orders-api", namespace=~"$namespace|"}',
    );
    expect(annotation.datasource.uid).toBe('${datasource}');
  });

  it.each(Object.keys(parameterSets))(
    'conforms to the Grafana Foundation SDK dashboard types (%s)',
    name => {
      expect(checkDashboardTypes(parse(plan(name)))).toEqual([]);
    },
  );

  it.each([
    [
      'a value outside an enum',
      /DashboardCursorSync/,
      (d: any) => (d.graphTooltip = 7),
    ],
    [
      'a string enum value',
      /"top"/,
      (d: any) => (d.panels[1].options.legend.placement = 'top'),
    ],
    [
      'an unknown panel field',
      /colour/,
      (d: any) => (d.panels[1].colour = 'red'),
    ],
    [
      'an unknown time series field option',
      /lineWidht/,
      (d: any) => (d.panels[1].fieldConfig.defaults.custom.lineWidht = 2),
    ],
    [
      'a query without an expression',
      /'expr' is missing/,
      (d: any) => delete d.panels[1].targets[0].expr,
    ],
    ['a wrong type', /templating/, (d: any) => (d.templating = [])],
  ])('the type check catches %s', (_, message, mutate) => {
    const dashboard = JSON.parse(renderServiceDashboard(plan('plain')));
    expect(checkDashboardTypes(dashboard)).toEqual([]);
    mutate(dashboard);
    expect(checkDashboardTypes(dashboard).join('\n')).toMatch(message);
  });

  it('builds through the SDK: the object and the rendered JSON agree', () => {
    const values = plan('gpuMig');
    expect(JSON.parse(renderServiceDashboard(values))).toEqual(
      JSON.parse(JSON.stringify(buildServiceDashboard(values))),
    );
  });

  it('matches the golden dashboard', () => {
    const golden = path.join(
      __dirname,
      '__fixtures__',
      'vision-inference-overview.json.golden',
    );
    const rendered = renderServiceDashboard(plan('gpuMig'));
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, rendered);
    expect(rendered).toBe(fs.readFileSync(golden, 'utf8'));
  });
});

describe('parseServiceDashboardValues', () => {
  it('accepts the plan values and keeps only what the dashboard reads', () => {
    const values = plan('gpuMig');
    const parsed = parseServiceDashboardValues(
      JSON.parse(JSON.stringify(values)),
    );
    expect(parsed).toEqual({
      name: 'vision-inference',
      description: values.description,
      ownerName: 'grace',
      environments: ['dev', 'staging', 'prod'],
      envs: {
        dev: { namespace: 'vision-inference-dev' },
        staging: { namespace: 'vision-inference-staging' },
        prod: { namespace: 'vision-inference-prod' },
      },
      autoscaling: { enabled: true },
      gpu: { enabled: true, mode: 'mig' },
    });
    expect(renderServiceDashboard(parsed)).toBe(renderServiceDashboard(values));
  });

  it('names every problem', () => {
    const values = JSON.parse(JSON.stringify(plan('plain')));
    values.name = 'Not A Label';
    values.gpu.mode = 'tpu';
    delete values.envs.prod;
    let error: unknown;
    try {
      parseServiceDashboardValues(values);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ServiceDashboardValuesError);
    const problems = (error as ServiceDashboardValuesError).problems.join('\n');
    expect(problems).toMatch(/^name: /m);
    expect(problems).toMatch(/^gpu\.mode: /m);
  });

  it('wants a namespace for every chosen environment', () => {
    const values = JSON.parse(JSON.stringify(plan('plain')));
    delete values.envs.prod;
    expect(() => parseServiceDashboardValues(values)).toThrow(
      'envs.prod: missing for a chosen environment',
    );
  });
});
