import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  parseServiceParameters,
  planService,
  ServiceValues,
} from '@paved/plugin-paved-common';
import { examples } from './servicePlan.examples';

/** Options for {@link createServicePlanAction}. @public */
export interface ServicePlanActionOptions {
  /** S3 bucket for Terraform state. */
  stateBucket: string;
  /** The URL Argo CD will read a locally published repository from. */
  localRepositoryUrl(name: string): string;
}

function githubRepositoryUrl(repoUrl: string): string {
  const parsed = new URL(`https://${repoUrl}`);
  const owner = parsed.searchParams.get('owner');
  const repo = parsed.searchParams.get('repo');
  if (!owner || !repo) {
    throw new InputError(
      `repoUrl must name an owner and a repository, got '${repoUrl}'`,
    );
  }
  return `https://${parsed.host}/${owner}/${repo}.git`;
}

/**
 * `paved:service:plan` validates the `service` template's parameters on the server and computes
 * the values every skeleton renders, so a bad request fails before anything is written.
 *
 * @public
 */
export function createServicePlanAction(options: ServicePlanActionOptions) {
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
          z.record(z.string(), z.unknown()).describe('Values for the skeletons'),
        environmentValues: z =>
          z
            .record(z.string(), z.record(z.string(), z.unknown()))
            .describe('Per environment: the values plus `env`'),
      },
    },
    async handler(ctx) {
      const parsed = parseServiceParameters(ctx.input.parameters);
      if (!parsed.success) {
        throw new InputError(
          `The service parameters are invalid:\n- ${parsed.problems.join('\n- ')}`,
        );
      }
      const parameters = parsed.data;
      const repoUrl =
        parameters.publishTarget === 'local'
          ? options.localRepositoryUrl(parameters.name)
          : githubRepositoryUrl(parameters.repoUrl!);
      const values: ServiceValues = planService(parameters, {
        repoUrl,
        stateBucket: options.stateBucket,
      });
      const environmentValues = Object.fromEntries(
        values.environments.map(env => [env, { ...values, env: values.envs[env] }]),
      );
      ctx.logger.info(
        `Planned ${values.name} for ${values.environmentList}` +
          (values.gpu.enabled ? ` with ${values.gpu.resourceName}` : ''),
      );
      ctx.output('values', values as unknown as Record<string, unknown>);
      ctx.output('environmentValues', environmentValues);
    },
  });
}
