import {
  PAVED_ENVIRONMENTS,
  ServiceEnvironmentValues,
  ServiceValues,
} from '@paved/plugin-paved-common';
import { z } from 'zod';

/**
 * The part of the service template's {@link @paved/plugin-paved-common#ServiceValues} the
 * dashboard is generated from.
 *
 * @public
 */
export type ServiceDashboardValues = Pick<
  ServiceValues,
  'name' | 'description' | 'ownerName' | 'environments'
> & {
  envs: Record<string, Pick<ServiceEnvironmentValues, 'namespace'>>;
  autoscaling: Pick<ServiceValues['autoscaling'], 'enabled'>;
  gpu: Pick<ServiceValues['gpu'], 'enabled' | 'mode'>;
};

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const valuesSchema = z.object({
  name: z
    .string()
    .max(40, 'name must be at most 40 characters')
    .regex(DNS_LABEL, 'name must be a DNS-1123 label'),
  description: z.string(),
  ownerName: z.string(),
  environments: z.array(z.enum(PAVED_ENVIRONMENTS)).min(1),
  envs: z.record(
    z.string(),
    z.object({
      namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    }),
  ),
  autoscaling: z.object({ enabled: z.boolean() }),
  gpu: z.object({
    enabled: z.boolean(),
    mode: z.enum(['none', 'count', 'mig']),
  }),
});

/** Why the values could not be used, one line per problem. @public */
export class ServiceDashboardValuesError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`The service values are invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'ServiceDashboardValuesError';
    this.problems = problems;
  }
}

/**
 * Checks that `input` (normally the `paved:service:plan` step's `values` output) has what the
 * dashboard needs, and returns just that.
 *
 * @public
 */
export function parseServiceDashboardValues(
  input: unknown,
): ServiceDashboardValues {
  const parsed = valuesSchema.safeParse(input);
  if (!parsed.success) {
    throw new ServiceDashboardValuesError(
      parsed.error.issues.map(
        issue => `${issue.path.join('.') || '(values)'}: ${issue.message}`,
      ),
    );
  }
  const values = parsed.data;
  const missing = values.environments.filter(env => !values.envs[env]);
  if (missing.length > 0) {
    throw new ServiceDashboardValuesError(
      missing.map(env => `envs.${env}: missing for a chosen environment`),
    );
  }
  return {
    name: values.name,
    description: values.description,
    ownerName: values.ownerName,
    environments: values.environments,
    envs: Object.fromEntries(
      values.environments.map(env => [
        env,
        { namespace: values.envs[env].namespace },
      ]),
    ),
    autoscaling: { enabled: values.autoscaling.enabled },
    gpu: { enabled: values.gpu.enabled, mode: values.gpu.mode },
  };
}
