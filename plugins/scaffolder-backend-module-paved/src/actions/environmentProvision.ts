import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import { EntityAccess } from '../authorization/EntityAccess';
import { examples } from './environmentProvision.examples';
import { resolveProvision, scaffolderRunOptions } from './environmentAccess';
import {
  environmentTargetInput,
  planJson,
  planOutput,
  provisionInput,
} from './environmentInputs';

/**
 * `paved:environment:provision` ensures a component's environment on a cluster: namespace,
 * quota, limits, network policies, the owners' RoleBinding and the Argo CD Application, as
 * server-side applies by field manager `paved`. The initiating user must hold
 * `paved.environment.provision` (`.production` for prod) on the component. A dry run returns
 * the plan and writes nothing; each write is a checkpoint, so a retried task skips done ones.
 *
 * @public
 */
export function createEnvironmentProvisionAction(options: {
  provisioner: EnvironmentProvisioner;
  access: EntityAccess;
}) {
  const { provisioner, access } = options;
  return createTemplateAction({
    id: 'paved:environment:provision',
    description:
      'Provisions a component’s environment on Kubernetes (namespace, quota, limits, network policies, access, Argo CD Application), idempotently',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...environmentTargetInput,
        ...provisionInput,
        planOnly: z =>
          z
            .boolean()
            .optional()
            .describe('Only plan, as in a dry run: nothing is written'),
        repoUrl: z =>
          z
            .string()
            .max(500)
            .optional()
            .describe(
              'The git repository of the chart; defaults to the entity’s source location',
            ),
      },
      output: {
        namespace: z => z.string().describe('The environment’s namespace'),
        application: z =>
          z.string().optional().describe('The Argo CD Application’s name'),
        expiresAt: z =>
          z.string().optional().describe('When a preview expires'),
        plan: planOutput,
        applied: z =>
          z.array(z.string()).describe('The objects written by this run'),
        links: z =>
          z
            .array(z.object({ title: z.string(), url: z.string() }))
            .describe('Where to look next'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { entity, request } = await resolveProvision(
        access,
        input,
        await ctx.getInitiatorCredentials(),
      );
      const dryRun = !!ctx.isDryRun || !!input.planOnly;
      const result = await provisioner.provision(
        request,
        scaffolderRunOptions(ctx, input.cluster, dryRun),
      );
      const changed = result.plan.filter(p => p.action !== 'unchanged');
      ctx.logger.info(
        `${dryRun ? 'Planned' : 'Provisioned'} ${result.namespace} on ${
          result.cluster
        }: ${changed.length} of ${
          result.plan.length
        } objects to create or change, ${result.applied.length} written`,
      );
      ctx.output('namespace', result.namespace);
      if (result.application) {
        ctx.output('application', result.application);
      }
      if (result.expiresAt) {
        ctx.output('expiresAt', result.expiresAt);
      }
      ctx.output('plan', planJson(result.plan));
      ctx.output('applied', result.applied);
      ctx.output('links', [
        {
          title: `${entity.metadata.name} in the catalog`,
          url: `/catalog/${entity.metadata.namespace ?? 'default'}/component/${
            entity.metadata.name
          }`,
        },
      ]);
    },
  });
}
