import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseRepoUrl } from '@paved/plugin-paved-common';
import { ServiceClaims } from '../authorization/ServiceClaims';
import { ServicePlanner } from '../service/ServicePlanner';
import { examples } from './servicePlan.examples';

/**
 * `paved:service:plan` validates the `service` template's parameters on the server and computes
 * the values every skeleton renders, so a bad request fails before anything is written. It also
 * refuses what would take from others: an ingress host another component holds, or a pull
 * request to a repository of a component the user does not own.
 *
 * @public
 */
export function createServicePlanAction(options: {
  planner: ServicePlanner;
  claims: ServiceClaims;
}) {
  const { planner, claims } = options;
  return createTemplateAction({
    id: 'paved:service:plan',
    description:
      "Validates the Paved service template's parameters and computes the values its skeletons render",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        parameters: z =>
          z
            .record(z.string(), z.unknown())
            .describe('The template parameters, as `${{ parameters }}`'),
      },
      output: {
        values: z =>
          z
            .record(z.string(), z.unknown())
            .describe('Values for the skeletons'),
        environmentValues: z =>
          z
            .record(z.string(), z.record(z.string(), z.unknown()))
            .describe('Per environment: the values plus `env`'),
        publish: z =>
          z
            .object({
              target: z.enum(['local', 'github', 'github-pull-request']),
              repoUrl: z.string(),
              branchName: z.string(),
              title: z.string(),
              register: z.boolean(),
            })
            .describe(
              'What the publish and register steps read: target, repoUrl, branchName, title, register',
            ),
      },
    },
    async handler(ctx) {
      const parameters = planner.parse(ctx.input.parameters);
      const { values, environmentValues, publish } = planner.plan(parameters);
      await claims.assertIngressHostsFree(values);
      if (parameters.publishTarget === 'github-pull-request') {
        const repository = parseRepoUrl(parameters.repoUrl ?? '');
        if (!('problem' in repository)) {
          await claims.assertMayOpenPullRequest(
            repository,
            await ctx.getInitiatorCredentials(),
          );
        }
      }
      const gpu = values.gpu.enabled ? ` with ${values.gpu.resourceName}` : '';
      ctx.logger.info(
        `Planned ${values.name} for ${values.environmentList}${gpu}`,
      );
      ctx.output('values', values as unknown as Record<string, unknown>);
      ctx.output('environmentValues', environmentValues);
      ctx.output('publish', publish);
    },
  });
}
