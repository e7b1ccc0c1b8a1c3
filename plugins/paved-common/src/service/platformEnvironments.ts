import { z } from 'zod';
import { PAVED_ENVIRONMENTS, PavedEnvironment } from '../annotations';
import { validate, ValidationResult } from './validation';

/**
 * Argo CD's name for the cluster it runs in.
 *
 * @public
 */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

const EKS_CLUSTER = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const AWS_ACCOUNT_ID = /^[0-9]{12}$/;
const KMS_KEY_ARN =
  /^arn:aws[a-z-]*:kms:[a-z]{2}(-gov)?-[a-z]+-[0-9]:[0-9]{12}:(key\/[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]{1,250})$/;

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
    stateKmsKey: z
      .string()
      .regex(
        KMS_KEY_ARN,
        'must be the ARN of a KMS key or alias (arn:aws:kms:<region>:<account>:key/<id> or …:alias/<name>)',
      )
      .optional(),
  },
  {
    error: unknownKeys(
      'is not a setting; the settings are eksCluster, argocdServer, awsAccountId and stateKmsKey',
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
  /** KMS key that encrypts the environment's Terraform state, when the platform configured one. */
  stateKmsKey?: string;
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
    stateKmsKey: settings.stateKmsKey,
  };
}

/** A setting of `paved.templates.environments` that does not fit a service. @public */
export interface PlatformEnvironmentProblem {
  /** The setting's path below `paved.templates.environments`, e.g. `prod.eksCluster`. */
  field: string;
  message: string;
}

/**
 * What keeps the platform's settings from placing a service that needs AWS in `environments`:
 * each must name its EKS cluster (whose OIDC provider the IAM role trusts) and its AWS account
 * (the role's ARN, `allowed_account_ids`), and the environments must agree with each other: one
 * Argo CD destination is one cluster, and one cluster has one destination and one account.
 *
 * @public
 */
export function awsPlacementProblems(
  environments: PavedEnvironment[],
  configured: PlatformEnvironments = {},
): PlatformEnvironmentProblem[] {
  const problems: PlatformEnvironmentProblem[] = [];
  const placed: Array<{ env: PavedEnvironment } & PlatformEnvironment> = [];
  // In promotion order, so a problem names the later of two environments.
  for (const env of PAVED_ENVIRONMENTS.filter(e => environments.includes(e))) {
    const settings = configured[env] ?? {};
    if (!settings.eksCluster) {
      problems.push({
        field: `${env}.eksCluster`,
        message: `is not set: a service with AWS resources needs the EKS cluster ${env} runs on, whose OIDC provider its IAM role trusts`,
      });
    }
    if (!settings.awsAccountId) {
      problems.push({
        field: `${env}.awsAccountId`,
        message: `is not set: a service with AWS resources needs the AWS account of ${env} for its IAM role's ARN and the Terraform provider's allowed_account_ids`,
      });
    }
    if (settings.eksCluster) {
      placed.push({ env, ...resolvePlatformEnvironment(env, configured) });
    }
  }
  for (const [index, a] of placed.entries()) {
    for (const b of placed.slice(index + 1)) {
      const sameCluster = a.eksCluster === b.eksCluster;
      if (sameCluster && a.argocdServer !== b.argocdServer) {
        problems.push({
          field: `${b.env}.argocdServer`,
          message: `disagrees with ${a.env}: both run on the EKS cluster ${a.eksCluster}, but Argo CD would deploy ${a.env} to ${a.argocdServer} and ${b.env} to ${b.argocdServer}`,
        });
      }
      if (!sameCluster && a.argocdServer === b.argocdServer) {
        problems.push({
          field: `${b.env}.argocdServer`,
          message: `disagrees with ${a.env}: Argo CD would deploy both to ${a.argocdServer}, but their IAM roles trust different EKS clusters (${a.eksCluster}, ${b.eksCluster}); set the Argo CD destination of each cluster`,
        });
      }
      if (
        sameCluster &&
        a.awsAccountId &&
        b.awsAccountId &&
        a.awsAccountId !== b.awsAccountId
      ) {
        problems.push({
          field: `${b.env}.awsAccountId`,
          message: `disagrees with ${a.env}: both run on the EKS cluster ${a.eksCluster}, which lives in one AWS account, not in ${a.awsAccountId} and ${b.awsAccountId}`,
        });
      }
    }
  }
  return problems;
}
