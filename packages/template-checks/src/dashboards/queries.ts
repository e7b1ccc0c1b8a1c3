/** A Grafana dashboard as the checks read it: only the parts that hold PromQL. */
export interface DashboardJson {
  uid: string;
  title: string;
  panels: {
    id: number;
    type: string;
    title: string;
    targets?: { refId: string; expr: string; legendFormat?: string }[];
  }[];
  templating: {
    list: {
      name: string;
      type: string;
      query?: unknown;
      definition?: string;
    }[];
  };
  annotations: { list: { name: string; expr?: string }[] };
}

/** One PromQL expression of a dashboard and where it sits. */
export interface DashboardQuery {
  /** e.g. `panel 13 "GPU utilization" A`, `annotation "Firing alerts"`, `variable pod`. */
  where: string;
  kind: 'panel' | 'annotation' | 'variable';
  /** The row the panel sits under; empty for annotations and variables. */
  section: string;
  panelId?: number;
  panelTitle?: string;
  /** The expression as stored, with Grafana variables. */
  expr: string;
}

/** Grafana's interval variables, as Grafana would fill them for a 1 s scrape interval. */
export const GRAFANA_INTERVALS = {
  __rate_interval: '10s',
  __interval: '5s',
  __range: '1m',
};

/** `label_values(<selector>, <label>)` of a query variable: the selector is PromQL. */
const LABEL_VALUES = /^label_values\(\s*(.+)\s*,\s*(\w+)\s*\)$/s;

/** Every PromQL expression of the dashboard: panel targets, annotation queries, query variables. */
export function dashboardQueries(dashboard: DashboardJson): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  let section = '';
  for (const panel of dashboard.panels) {
    if (panel.type === 'row') {
      section = panel.title;
      continue;
    }
    for (const target of panel.targets ?? []) {
      queries.push({
        where: `panel ${panel.id} "${panel.title}" ${target.refId}`,
        kind: 'panel',
        section,
        panelId: panel.id,
        panelTitle: panel.title,
        expr: target.expr,
      });
    }
  }
  for (const annotation of dashboard.annotations.list) {
    if (annotation.expr) {
      queries.push({
        where: `annotation "${annotation.name}"`,
        kind: 'annotation',
        section: '',
        expr: annotation.expr,
      });
    }
  }
  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query') continue;
    const text = String(variable.query ?? '');
    const match = LABEL_VALUES.exec(text);
    if (!match) {
      throw new Error(
        `variable ${variable.name}: only label_values(selector, label) queries are understood, got ${text}`,
      );
    }
    queries.push({
      where: `variable ${variable.name}`,
      kind: 'variable',
      section: '',
      expr: match[1],
    });
  }
  return queries;
}

/** The value of each hidden constant variable (the metric names the chart may override). */
export function dashboardConstants(
  dashboard: DashboardJson,
): Record<string, string> {
  return Object.fromEntries(
    dashboard.templating.list
      .filter(v => v.type === 'constant')
      .map(v => [v.name, String(v.query)]),
  );
}

/**
 * Replaces Grafana variables (`$name`, `${name}`, `${name:format}`, `[[name]]`) as Grafana
 * would. A variable without a value is an error: it would reach Prometheus verbatim. `$1` and the
 * like are label_replace replacements, not variables, and stay.
 */
export function substituteVariables(
  expr: string,
  values: Record<string, string>,
): string {
  return expr.replace(
    /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)(?::\w+)?\]\]|\$(\w+)/g,
    (match, braced, bracketed, plain) => {
      const name: string = braced ?? bracketed ?? plain;
      if (/^\d+$/.test(name)) return match;
      if (!(name in values)) {
        throw new Error(`no value for the variable ${match} in ${expr}`);
      }
      return values[name];
    },
  );
}
