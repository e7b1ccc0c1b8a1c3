import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import { EntityAccess } from '../authorization/EntityAccess';
import { examples } from './environmentTeardown.examples';
import { resolveTeardown, scaffolderRunOptions } from './environmentAccess';
import {
  environmentTargetInput,
  planJson,
  planOutput,
  teardownInput,
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
        ...teardownInput,
      },
      output: {
        namespace: z => z.string().describe('The environment’s namespace'),
        plan: planOutput,
        deleted: z => z.array(z.string()).describe('The objects deleted'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { target } = await resolveTeardown(
        access,
        input,
        await ctx.getInitiatorCredentials(),
        { dryRun: ctx.isDryRun },
      );
      const result = await provisioner.teardown(
        target,
        scaffolderRunOptions(ctx, input.cluster, ctx.isDryRun),
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
