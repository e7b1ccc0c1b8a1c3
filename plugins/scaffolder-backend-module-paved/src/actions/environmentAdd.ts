import fs from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  environmentPermissionFor,
  PAVED_ANNOTATIONS,
  PAVED_ENVIRONMENTS,
} from '@paved/plugin-paved-common';
import yaml from 'yaml';
import { EntityAccess } from '../authorization/EntityAccess';
import { ServiceRepositories } from '../authorization/ServiceRepositories';
import {
  assertCheckoutOf,
  readStoredParameters,
  SERVICE_PARAMETERS_PATH,
} from '../service/checkedOutService';
import { ServicePlanner } from '../service/ServicePlanner';
import { examples } from './environmentAdd.examples';

export { SERVICE_PARAMETERS_PATH };

/**
 * Updates the environments annotation of a YAML file in place (at `annotationsPath`), keeping the
 * rest of the file as it is; a missing file is left missing.
 */
async function annotateEnvironments(
  workspacePath: string,
  path: string,
  annotationsPath: string[],
  environments: string,
) {
  const file = resolveSafeChildPath(workspacePath, path);
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    return;
  }
  const document = yaml.parseDocument(text);
  document.setIn(
    [...annotationsPath, PAVED_ANNOTATIONS.environments],
    environments,
  );
  await fs.writeFile(file, document.toString());
}

/**
 * `paved:environment:add` adds an environment to a service created from the Paved service
 * template: it checks that the user may provision that environment of the catalog entity (its
 * owners and the admins may; production has its own permission), reads the parameters the
 * checked-out repository keeps, plans the service with the new environment and records it
 * (`.paved/service.json`, and the `paved.dev/environments` annotation of `catalog-info.yaml` and
 * of the chart's `Chart.yaml`, edited in place), so the template can render that environment's
 * files. Where the change goes comes from the entity's catalog location, never from the
 * checkout.
 *
 * @public
 */
export function createEnvironmentAddAction(options: {
  planner: ServicePlanner;
  access: EntityAccess;
  repositories: ServiceRepositories;
}) {
  const { planner, access, repositories } = options;
  return createTemplateAction({
    id: 'paved:environment:add',
    description:
      'Adds an environment to a Paved service checked out in the workspace and plans its files',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .max(300)
            .describe(
              'The service’s catalog entity, whose repository is checked out in the workspace',
            ),
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
        publishTarget: z =>
          z
            .enum(['local', 'github'])
            .describe(
              'Where the service’s repository is, from its catalog location: `local` or `github`',
            ),
        repoName: z =>
          z
            .string()
            .describe(
              'The service name, which is also the name of its local repository',
            ),
        repoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'For GitHub, the service’s own repository as `publish:github:pull-request` takes it: `github.com?owner=<owner>&repo=<repo>`',
            ),
      },
    },
    async handler(ctx) {
      const { environment } = ctx.input;
      const entity = await access.authorize({
        entityRef: ctx.input.entityRef,
        field: 'entityRef',
        permission: environmentPermissionFor(environment),
        credentials: await ctx.getInitiatorCredentials(),
        purpose: `add ${environment} to`,
      });
      const repository = repositories.of(entity);
      const parameters = planner.parse(
        await readStoredParameters(ctx.workspacePath),
      );
      assertCheckoutOf(parameters, entity, repository);
      if (parameters.environments.includes(environment)) {
        throw new ConflictError(
          `${parameters.name} already has the environment ${environment}`,
        );
      }
      // Stored in promotion order, as if the environment had been chosen from the start.
      const updated = {
        ...parameters,
        environments: PAVED_ENVIRONMENTS.filter(
          env => env === environment || parameters.environments.includes(env),
        ),
      };
      const { values, environmentValues } = planner.plan(updated);

      await fs.writeFile(
        resolveSafeChildPath(ctx.workspacePath, SERVICE_PARAMETERS_PATH),
        `${JSON.stringify(values.parameters, null, 2)}\n`,
      );
      await annotateEnvironments(
        ctx.workspacePath,
        'catalog-info.yaml',
        ['metadata', 'annotations'],
        values.environmentList,
      );
      await annotateEnvironments(
        ctx.workspacePath,
        `${values.chartPath}/Chart.yaml`,
        ['annotations'],
        values.environmentList,
      );
      ctx.logger.info(
        `Added ${environment} to ${values.name}; environments: ${values.environmentList}`,
      );
      ctx.output('values', values as unknown as Record<string, unknown>);
      ctx.output(
        'environmentValues',
        environmentValues[environment] as unknown as Record<string, unknown>,
      );
      ctx.output('environments', values.environments);
      ctx.output('publishTarget', repository.target);
      ctx.output('repoName', parameters.name);
      if (repository.target === 'github') {
        ctx.output('repoUrl', repository.repoUrl);
      }
    },
  });
}
