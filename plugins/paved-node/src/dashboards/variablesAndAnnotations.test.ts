import {
  parameterSets,
  plan,
  renderAndParse,
} from './__testUtils__/serviceDashboardFixtures';
import { SERVICE_DASHBOARD_METRIC_CONSTANTS } from './serviceDashboard';

const GRAFANA_GLOBALS = new Set(['__rate_interval', '__interval', '__range']);

function variablesIn(text: string): string[] {
  return [...text.matchAll(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g)]
    .map(m => m[1] ?? m[2])
    .filter(name => !/^\d+$/.test(name)); // $1: a label_replace replacement
}

describe('the service dashboard’s variables and annotations', () => {
  it('offers datasource, environment and pod variables and defines every variable it uses', () => {
    for (const name of Object.keys(parameterSets)) {
      const values = plan(name);
      const dashboard = renderAndParse(values);
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
    const dashboard = renderAndParse(plan('gpuMig'));
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

  it('shows the service’s firing alerts as annotations', () => {
    const [annotation] = renderAndParse(plan('autoscaled')).annotations.list;
    expect(annotation.expr).toBe(
      'ALERTS{alertstate="firing", service="orders-api", namespace=~"$namespace|"}',
    );
    expect(annotation.datasource.uid).toBe('${datasource}');
  });
});
