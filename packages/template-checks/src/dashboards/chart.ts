import fs from 'node:fs/promises';
import path from 'node:path';
import {
  parseServiceParameters,
  planService,
  ServiceValues,
} from '@paved/plugin-paved-common';
import { renderServiceDashboard } from '@paved/plugin-paved-node';
import { createTemplateRenderer, TemplateValue } from 'nunjitsu';
import yaml from 'yaml';
import { HelmTools, KubeObject, TOOLS_DIR } from '../helm';
import { execute, Finished } from './processes';

/** The snippets the chart's and catalog's owners merge: plugins/paved-node/chart-values-snippet.md. */
export const SNIPPET_FILE = path.resolve(
  // These checks run from source in the repository, never from a build.
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../../plugins/paved-node/chart-values-snippet.md',
);

/** The plan the `paved:service:plan` step makes from a parameter set. */
export function planOf(parameters: Record<string, unknown>): ServiceValues {
  const parsed = parseServiceParameters(parameters);
  if (!parsed.success) {
    throw new Error(parsed.problems.join('\n'));
  }
  return planService(parsed.data, {
    repoUrl: `file:///paved/git/${parsed.data.name}.git`,
    stateBucket: 'paved-terraform-state',
  });
}

/** The fenced block after `<!-- snippet:<name> -->` in the snippet file. */
export async function readSnippet(name: string): Promise<string> {
  const text = await fs.readFile(SNIPPET_FILE, 'utf8');
  const marker = `<!-- snippet:${name} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`${SNIPPET_FILE} has no ${marker}`);
  const block = /```\w*\n([\s\S]*?)\n```/.exec(text.slice(at + marker.length));
  if (!block) throw new Error(`no code block after ${marker}`);
  return `${block[1]}\n`;
}

/** Renders text the way the scaffolder's fetch:template does, with `values` in scope. */
export function renderLikeScaffolder(text: string, values: object): string {
  const renderer = createTemplateRenderer({ allowRegexExecution: true });
  // The values arrive as JSON, as they do through a scaffolder task.
  const json = JSON.parse(JSON.stringify(values)) as TemplateValue;
  return renderer.render(text, renderer.prepareContext({ values: json }));
}

/** A chart as the checks use it: written to disk, with the dashboard and the Grafana values in. */
export interface PreparedChart {
  dir: string;
  name: string;
  /** The dashboard files came from the scaffolder (the template has the dashboard step). */
  dashboardFromScaffolder: boolean;
  /** values.yaml already had the grafana block (merged by its owner); else the snippet was appended. */
  grafanaValuesInChart: boolean;
  grafanaSchemaInChart: boolean;
  valuesFile(env: string): string;
}

/**
 * Writes `charts/<name>/` of a dry run's files into `dir`. Until the template runs the dashboard
 * step and the chart's values hold the `grafana` block, the generator's dashboard and the snippet
 * are added here, so the ConfigMap template is checked with exactly what will be merged.
 */
export async function prepareChart(
  files: Map<string, Buffer>,
  values: ServiceValues,
  dir: string,
): Promise<PreparedChart> {
  const prefix = `charts/${values.name}/`;
  const chartDir = path.join(dir, values.name);
  for (const [file, content] of files) {
    if (file.startsWith(prefix)) {
      const dest = path.join(chartDir, file.slice(prefix.length));
      await fs.mkdir(path.dirname(dest), { recursive: true });
      await fs.writeFile(dest, content);
    }
  }
  const dashboardFromScaffolder = [...files.keys()].some(f =>
    f.startsWith(`${prefix}dashboards/`),
  );
  if (!dashboardFromScaffolder) {
    await fs.mkdir(path.join(chartDir, 'dashboards'), { recursive: true });
    await fs.writeFile(
      path.join(chartDir, 'dashboards', `${values.name}-overview.json`),
      renderServiceDashboard(values),
    );
  }

  const valuesPath = path.join(chartDir, 'values.yaml');
  const valuesText = await fs.readFile(valuesPath, 'utf8');
  const grafanaValuesInChart = yaml.parse(valuesText)?.grafana !== undefined;
  if (!grafanaValuesInChart) {
    const snippet = renderLikeScaffolder(
      await readSnippet('values.yaml'),
      values,
    );
    await fs.writeFile(valuesPath, `${valuesText.trimEnd()}\n\n${snippet}`);
  }

  const schemaPath = path.join(chartDir, 'values.schema.json');
  const schema = JSON.parse(await fs.readFile(schemaPath, 'utf8'));
  const grafanaSchemaInChart = schema.properties?.grafana !== undefined;
  if (!grafanaSchemaInChart) {
    const fragment = JSON.parse(await readSnippet('values.schema.json'));
    schema.properties = { ...schema.properties, ...fragment };
    await fs.writeFile(schemaPath, JSON.stringify(schema, null, 2));
  }

  return {
    dir: chartDir,
    name: values.name,
    dashboardFromScaffolder,
    grafanaValuesInChart,
    grafanaSchemaInChart,
    valuesFile: env => path.join(chartDir, `values-${env}.yaml`),
  };
}

function helmEnv(): NodeJS.ProcessEnv {
  const home = path.join(TOOLS_DIR, 'helm-home');
  return {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
  };
}

/** `helm template` of one environment; `set` entries go in as `--set-json key=<json>`. */
export async function helmTemplateEnv(
  tools: HelmTools,
  chart: PreparedChart,
  env: string,
  set: Record<string, unknown> = {},
): Promise<Finished & { objects: KubeObject[] }> {
  const args = [
    'template',
    chart.name,
    chart.dir,
    '--namespace',
    `${chart.name}-${env}`,
    '-f',
    chart.valuesFile(env),
    '--api-versions',
    'monitoring.coreos.com/v1',
    ...Object.entries(set).flatMap(([k, v]) => [
      '--set-json',
      `${k}=${JSON.stringify(v)}`,
    ]),
  ];
  const result = await execute(tools.helm, args, helmEnv());
  const objects =
    result.code === 0
      ? yaml
          .parseAllDocuments(result.stdout)
          .map(doc => doc.toJS())
          .filter(Boolean)
      : [];
  return { ...result, objects };
}
