import fs from 'node:fs/promises';
import path from 'node:path';
import {
  parseServiceParameters,
  planService,
  ServiceValues,
} from '@paved/plugin-paved-common';
import { createTemplateRenderer, TemplateValue } from 'nunjitsu';
import yaml from 'yaml';
import { helmEnv, HelmTools, KubeObject } from '../helm';
import { execute, Finished } from './processes';

/** `paved.templates.grafanaUrl` of the backends the checks dry-run the templates with. */
export const GRAFANA_URL = 'https://grafana.example.com';

/**
 * The plan the `paved:service:plan` step makes from a parameter set, as in the dry runs (or on a
 * platform with another Grafana URL, empty for none).
 */
export function planOf(
  parameters: Record<string, unknown>,
  grafanaUrl = GRAFANA_URL,
): ServiceValues {
  const parsed = parseServiceParameters(parameters);
  if (!parsed.success) {
    throw new Error(parsed.problems.join('\n'));
  }
  return planService(parsed.data, {
    repoUrl: `file:///paved/git/${parsed.data.name}.git`,
    stateBucket: 'paved-terraform-state',
    grafanaUrl,
  });
}

/** Renders text the way the scaffolder's fetch:template does, with `values` in scope. */
export function renderLikeScaffolder(text: string, values: object): string {
  const renderer = createTemplateRenderer({ allowRegexExecution: true });
  // The values arrive as JSON, as they do through a scaffolder task.
  const json = JSON.parse(JSON.stringify(values)) as TemplateValue;
  return renderer.render(text, renderer.prepareContext({ values: json }));
}

/** A dry run's chart, written to disk for Helm. */
export interface PreparedChart {
  dir: string;
  name: string;
  valuesFile(env: string): string;
}

/**
 * Writes `charts/<name>/` of a dry run's files into `dir`, as the scaffolder produced it. Throws
 * when the chart lacks what the dashboard ConfigMaps need (the dashboard the template's
 * `dashboard` step writes, the `grafana` block of values.yaml and its schema): a regression of
 * the template, not something to paper over here.
 */
export async function prepareChart(
  files: Map<string, Buffer>,
  name: string,
  dir: string,
): Promise<PreparedChart> {
  const prefix = `charts/${name}/`;
  const chartDir = path.join(dir, name);
  const missing: string[] = [];
  const fileOf = (file: string) => {
    const content = files.get(`${prefix}${file}`);
    if (!content) missing.push(`${prefix}${file}`);
    return content;
  };
  fileOf(`dashboards/${name}-overview.json`);
  const values = fileOf('values.yaml');
  if (values && yaml.parse(values.toString('utf8'))?.grafana === undefined) {
    missing.push(`the grafana block of ${prefix}values.yaml`);
  }
  const schema = fileOf('values.schema.json');
  if (
    schema &&
    JSON.parse(schema.toString('utf8')).properties?.grafana === undefined
  ) {
    missing.push(`the grafana property of ${prefix}values.schema.json`);
  }
  if (missing.length > 0) {
    throw new Error(
      `the dry run's chart lacks what the dashboards need: ${missing.join(
        ', ',
      )}`,
    );
  }

  for (const [file, content] of files) {
    if (file.startsWith(prefix)) {
      const dest = path.join(chartDir, file.slice(prefix.length));
      await fs.mkdir(path.dirname(dest), { recursive: true });
      await fs.writeFile(dest, content);
    }
  }
  return {
    dir: chartDir,
    name,
    valuesFile: env => path.join(chartDir, `values-${env}.yaml`),
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
