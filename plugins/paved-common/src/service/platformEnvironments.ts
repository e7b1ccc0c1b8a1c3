import { z } from 'zod';
import { PavedEnvironment } from '../annotations';
import { validate, ValidationResult } from './validation';

/**
 * Argo CD's name for the cluster it runs in.
 *
 * @public
 */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

const EKS_CLUSTER = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const AWS_ACCOUNT_ID = /^[0-9]{12}$/;

function unknownKeys(message: string) {
  return (issue: { code?: string }) =>
    issue.code === 'unrecognized_keys' ? message : undefined;
}

const platformEnvironmentSchema = z.strictObject(
  {
    eksCluster: z
      .string()
      .regex(
        EKS_CLUSTER,
        'must be an EKS cluster name: letters, digits, dashes and underscores, at most 100',
      )
      .optional(),
    argocdServer: z
      .url({
        protocol: /^https$/,
        error: 'must be the https URL of a cluster registered in Argo CD',
      })
      .optional(),
    awsAccountId: z
      .string({
        error: issue =>
          typeof issue.input === 'number'
            ? 'must be quoted in YAML: as a number it loses leading zeros'
            : 'must be a string of 12 digits',
      })
      .regex(AWS_ACCOUNT_ID, 'must be 12 digits')
      .optional(),
  },
  {
    error: unknownKeys(
      'is not a setting; the settings are eksCluster, argocdServer and awsAccountId',
    ),
  },
);

/**
 * `paved.templates.environments`: where each environment of the platform runs. Every field is
 * optional; see {@link resolvePlatformEnvironment} for the defaults.
 *
 * @public
 */
export const platformEnvironmentsSchema = z.strictObject(
  {
    dev: platformEnvironmentSchema.optional(),
    staging: platformEnvironmentSchema.optional(),
    prod: platformEnvironmentSchema.optional(),
  },
  {
    error: unknownKeys(
      'is not a Paved environment; the environments are dev, staging and prod',
    ),
  },
);

/** The platform's environments as configured. @public */
export type PlatformEnvironments = z.output<typeof platformEnvironmentsSchema>;

/** Where one environment runs, with defaults filled in. @public */
export interface PlatformEnvironment {
  /** EKS cluster whose OIDC provider the service's IAM role trusts. */
  eksCluster: string;
  /** Argo CD destination server of the environment's Applications. */
  argocdServer: string;
  /** AWS account of the environment's cloud resources, when the platform configured it. */
  awsAccountId?: string;
}

/**
 * Validates `paved.templates.environments`, or returns readable problems.
 *
 * @public
 */
export function parsePlatformEnvironments(
  input: unknown,
): ValidationResult<PlatformEnvironments> {
  return validate(platformEnvironmentsSchema, input ?? {});
}

/**
 * One environment's settings: an EKS cluster named `paved-<env>` and the cluster Argo CD runs in
 * unless configured otherwise.
 *
 * @public
 */
export function resolvePlatformEnvironment(
  env: PavedEnvironment,
  configured: PlatformEnvironments = {},
): PlatformEnvironment {
  const settings = configured[env] ?? {};
  return {
    eksCluster: settings.eksCluster ?? `paved-${env}`,
    argocdServer: settings.argocdServer ?? IN_CLUSTER_SERVER,
    awsAccountId: settings.awsAccountId,
  };
}
