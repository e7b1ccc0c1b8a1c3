import fs from 'node:fs';
import path from 'node:path';
import { checkDashboardTypes } from './__testUtils__/checkDashboardTypes';
import {
  parameterSets,
  plan,
  renderAndParse,
} from './__testUtils__/serviceDashboardFixtures';
import {
  buildServiceDashboard,
  renderServiceDashboard,
  SERVICE_DASHBOARD_PANEL_IDS,
  serviceDashboardPath,
  serviceDashboardUid,
} from './serviceDashboard';

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

  it('keeps a panel id whatever else the dashboard holds', () => {
    const idsByTitle = new Map<string, Set<number>>();
    for (const name of Object.keys(parameterSets)) {
      for (const p of renderAndParse(plan(name)).panels) {
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
    const ids = renderAndParse(plan(name)).panels.map(p => p.id);
    expect(ids.every(id => Number.isInteger(id) && id > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('derives a stable, valid uid from the service name', () => {
    const a = renderAndParse(plan('gpuMig'));
    expect(a.uid).toBe('vision-inference-overview');
    expect(a.uid).toBe(serviceDashboardUid('vision-inference'));
    const other = renderAndParse({
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

  it.each(Object.keys(parameterSets))(
    'conforms to the Grafana Foundation SDK dashboard types (%s)',
    name => {
      expect(checkDashboardTypes(renderAndParse(plan(name)))).toEqual([]);
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
