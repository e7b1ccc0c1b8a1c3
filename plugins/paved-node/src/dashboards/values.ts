import {
  fieldProblem,
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

/** One problem with the values: the field's path inside them and what is wrong. @public */
export interface ServiceDashboardValuesIssue {
  /** Where in the values, for example `['envs', 'prod']`. */
  path: PropertyKey[];
  /** What is wrong there. */
  message: string;
}

/** Why the values could not be used, one line per problem. @public */
export class ServiceDashboardValuesError extends Error {
  /** Each problem as `path: message`, the path inside the values. */
  readonly problems: string[];
  /** The same problems with their paths apart, to name them inside a larger input. */
  readonly issues: ServiceDashboardValuesIssue[];

  constructor(issues: ServiceDashboardValuesIssue[]) {
    const problems = issues.map(issue =>
      fieldProblem(issue.path, issue.message),
    );
    super(`The service values are invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'ServiceDashboardValuesError';
    this.problems = problems;
    this.issues = issues;
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
      parsed.error.issues.map(({ path, message }) => ({ path, message })),
    );
  }
  const values = parsed.data;
  const missing = values.environments.filter(env => !values.envs[env]);
  if (missing.length > 0) {
    throw new ServiceDashboardValuesError(
      missing.map(env => ({
        path: ['envs', env],
        message: 'missing for a chosen environment',
      })),
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
