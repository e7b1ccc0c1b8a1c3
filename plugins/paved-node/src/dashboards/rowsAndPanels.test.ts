import {
  panelsByRow,
  parameterSets,
  plan,
  renderAndParse,
} from './__testUtils__/serviceDashboardFixtures';
import {
  renderServiceDashboard,
  SERVICE_DASHBOARD_PANEL_IDS,
  SERVICE_DASHBOARD_ROWS,
} from './serviceDashboard';

describe('the service dashboard’s rows and panels', () => {
  it.each(Object.keys(parameterSets))(
    'has GPU panels only for GPU services (%s)',
    name => {
      const values = plan(name);
      const gpu = panelsByRow(renderAndParse(values).panels).get(
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
      const hpa = panelsByRow(renderAndParse(values).panels).get(
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

  it.each(Object.keys(parameterSets))(
    'gives every panel a datasource, a description and a unit (%s)',
    name => {
      const panels = renderAndParse(plan(name)).panels.filter(
        p => p.type !== 'row',
      );
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
      renderAndParse(plan('gpuMig'))
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

  it('queries both label layouts of dcgm-exporter', () => {
    const exprs = renderAndParse(plan('gpuCount'))
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
      renderAndParse(plan(name)).panels.find(
        p => p.id === SERVICE_DASHBOARD_PANEL_IDS.gpuUtilization,
      )!.targets![0].expr;
    expect(utilization('gpuCount')).toMatch(
      /^avg by \(pod\) \(\(DCGM_FI_DEV_GPU_UTIL/,
    );
    expect(utilization('gpuMig')).toMatch(
      /^avg by \(pod\) \(\(DCGM_FI_PROF_GR_ENGINE_ACTIVE/,
    );
  });
});
