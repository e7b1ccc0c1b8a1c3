import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { fieldProblem } from '@paved/plugin-paved-common';
import {
  buildServiceDashboard,
  parseServiceDashboardValues,
  ServiceDashboardValuesError,
  serviceDashboardPath,
  stableJson,
} from '@paved/plugin-paved-node';
import { examples } from './grafanaDashboard.examples';

/**
 * `paved:grafana:dashboard` renders the generated service's Grafana dashboard from the
 * `paved:service:plan` values with the Grafana Foundation SDK and writes it into the workspace,
 * where the chart's ConfigMap template picks it up. It only touches the workspace, so it also
 * runs in dry runs.
 *
 * @public
 */
export function createGrafanaDashboardAction() {
  return createTemplateAction({
    id: 'paved:grafana:dashboard',
    description:
      "Writes the Paved service's Grafana dashboard (JSON built with the Grafana Foundation SDK) into the workspace",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        values: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The service values, as `${{ steps.plan.output.values }}`',
            ),
        path: z =>
          z
            .string()
            .regex(/\.json$/, 'path must name a .json file')
            .optional()
            .describe(
              'Where to write the dashboard, relative to the workspace. Defaults to ' +
                '`charts/<name>/dashboards/<name>-overview.json`, which the chart loads',
            ),
      },
      output: {
        path: z =>
          z.string().describe('The file written, relative to the workspace'),
        uid: z => z.string().describe("The dashboard's Grafana uid"),
        title: z => z.string().describe("The dashboard's title"),
        panelCount: z =>
          z.number().describe('How many panels it has, rows not counted'),
      },
    },
    async handler(ctx) {
      let values;
      try {
        values = parseServiceDashboardValues(ctx.input.values);
      } catch (error) {
        if (error instanceof ServiceDashboardValuesError) {
          throw new InputError(
            error.issues
              .map(issue =>
                fieldProblem(['values', ...issue.path], issue.message),
              )
              .join('; '),
          );
        }
        throw error;
      }
      const relative = ctx.input.path ?? serviceDashboardPath(values.name);
      let target: string;
      try {
        target = resolveSafeChildPath(ctx.workspacePath, relative);
      } catch {
        throw new InputError(
          `path: '${relative}' must be a file inside the workspace`,
        );
      }
      const dashboard = buildServiceDashboard(values);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, stableJson(dashboard), 'utf8');

      const panelCount = (dashboard.panels ?? []).filter(
        p => p.type !== 'row',
      ).length;
      ctx.logger.info(
        `Wrote the Grafana dashboard '${dashboard.title}' (uid ${dashboard.uid}, ${panelCount} panels) to ${relative}`,
      );
      ctx.output('path', path.relative(ctx.workspacePath, target));
      ctx.output('uid', dashboard.uid ?? '');
      ctx.output('title', dashboard.title ?? '');
      ctx.output('panelCount', panelCount);
    },
  });
}
