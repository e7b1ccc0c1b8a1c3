import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  environmentPermissionFor,
  PAVED_PRODUCTION_ENVIRONMENTS,
} from '@paved/plugin-paved-common';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import { EntityAccess } from '../authorization/EntityAccess';
import { examples } from './environmentTeardown.examples';
import {
  environmentTargetInput,
  planJson,
  planOutput,
} from './environmentInputs';

/**
 * `paved:environment:teardown` deletes what Paved provisioned for (component, environment) on a
 * cluster — only objects labelled as Paved's for that environment. The initiating user needs the
 * same permission as for provisioning; a production environment also needs `confirm` set to its
 * namespace.
 *
 * @public
 */
export function createEnvironmentTeardownAction(options: {
  provisioner: EnvironmentProvisioner;
  access: EntityAccess;
}) {
  const { provisioner, access } = options;
  return createTemplateAction({
    id: 'paved:environment:teardown',
    description:
      'Deletes a component’s Paved environment (only Paved-labelled objects)',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...environmentTargetInput,
        confirm: z =>
          z
            .string()
            .max(100)
            .optional()
            .describe(
              'For production: the namespace (<component>-prod), typed to confirm',
            ),
      },
      output: {
        namespace: z => z.string().describe('The environment’s namespace'),
        plan: planOutput,
        deleted: z => z.array(z.string()).describe('The objects deleted'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const entity = await access.authorize({
        entityRef: input.entityRef,
        field: 'entityRef',
        permission: environmentPermissionFor(input.environment),
        credentials: await ctx.getInitiatorCredentials(),
        purpose: `tear down ${input.environment} of`,
      });
      const namespace = `${entity.metadata.name}-${input.environment}`;
      if (
        PAVED_PRODUCTION_ENVIRONMENTS.includes(input.environment) &&
        input.confirm !== namespace &&
        !ctx.isDryRun
      ) {
        throw new InputError(
          `confirm: tearing down production needs confirm set to ${namespace}`,
        );
      }
      const result = await provisioner.teardown(
        {
          component: entity.metadata.name,
          environment: input.environment,
          cluster: input.cluster,
        },
        {
          dryRun: ctx.isDryRun,
          progress: line => ctx.logger.info(line),
          step: (key, fn) =>
            ctx.checkpoint({ key: `${input.cluster}: ${key}`, fn }),
        },
      );
      ctx.logger.info(
        `${ctx.isDryRun ? 'Would delete' : 'Deleted'} ${
          ctx.isDryRun
            ? result.plan.filter(p => p.action === 'delete').length
            : result.deleted.length
        } objects of ${result.namespace} on ${result.cluster}`,
      );
      ctx.output('namespace', result.namespace);
      ctx.output('plan', planJson(result.plan));
      ctx.output('deleted', result.deleted);
    },
  });
}
