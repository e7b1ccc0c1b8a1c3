import fs from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  PAVED_ANNOTATIONS,
  PAVED_ENVIRONMENTS,
} from '@paved/plugin-paved-common';
import yaml from 'yaml';
import { ServicePlanner } from '../service/ServicePlanner';
import { examples } from './environmentAdd.examples';

/** Where the service template keeps the parameters it was run with. */
export const SERVICE_PARAMETERS_PATH = '.paved/service.json';

async function readParameters(workspacePath: string): Promise<unknown> {
  const file = resolveSafeChildPath(workspacePath, SERVICE_PARAMETERS_PATH);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new InputError(
      `The repository has no ${SERVICE_PARAMETERS_PATH}; only services created from the Paved service template can get a new environment`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${SERVICE_PARAMETERS_PATH} is not valid JSON: ${error}`,
    );
  }
}

/** Updates the environments annotation in place, keeping the rest of the file as it is. */
async function annotateEnvironments(
  workspacePath: string,
  environments: string,
) {
  const file = resolveSafeChildPath(workspacePath, 'catalog-info.yaml');
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    return;
  }
  const document = yaml.parseDocument(text);
  document.setIn(
    ['metadata', 'annotations', PAVED_ANNOTATIONS.environments],
    environments,
  );
  await fs.writeFile(file, document.toString());
}

/**
 * `paved:environment:add` adds an environment to a service created from the Paved service
 * template: it reads the parameters the repository keeps, plans the service with the new
 * environment and records it, so the template can render that environment's files.
 *
 * @public
 */
export function createEnvironmentAddAction(options: {
  planner: ServicePlanner;
}) {
  const { planner } = options;
  return createTemplateAction({
    id: 'paved:environment:add',
    description:
      'Adds an environment to a Paved service checked out in the workspace and plans its files',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        environment: z =>
          z.enum(PAVED_ENVIRONMENTS).describe('The environment to add'),
      },
      output: {
        values: z =>
          z
            .record(z.string(), z.unknown())
            .describe('Values for the service skeleton'),
        environmentValues: z =>
          z
            .record(z.string(), z.unknown())
            .describe('Values for the new environment’s skeleton'),
        environments: z =>
          z.array(z.string()).describe('All environments, in promotion order'),
      },
    },
    async handler(ctx) {
      const { environment } = ctx.input;
      const parameters = planner.parse(await readParameters(ctx.workspacePath));
      if (parameters.environments.includes(environment)) {
        throw new ConflictError(
          `${parameters.name} already has the environment ${environment}`,
        );
      }
      const updated = {
        ...parameters,
        environments: [...parameters.environments, environment],
      };
      const { values, environmentValues } = planner.plan(updated);

      await fs.writeFile(
        resolveSafeChildPath(ctx.workspacePath, SERVICE_PARAMETERS_PATH),
        `${JSON.stringify(values.parameters, null, 2)}\n`,
      );
      await annotateEnvironments(ctx.workspacePath, values.environmentList);
      ctx.logger.info(
        `Added ${environment} to ${values.name}; environments: ${values.environmentList}`,
      );
      ctx.output('values', values as unknown as Record<string, unknown>);
      ctx.output(
        'environmentValues',
        environmentValues[environment] as unknown as Record<string, unknown>,
      );
      ctx.output('environments', values.environments);
    },
  });
}
