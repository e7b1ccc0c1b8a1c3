import { z } from 'zod';
import { PAVED_ENVIRONMENTS } from '../annotations';
import { GPU_PRODUCTS, MIG_PROFILES } from './gpu';
import { parseRepoUrl } from './repoUrl';
import { validate, ValidationResult } from './validation';

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const IMAGE_REPOSITORY =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const OWNER_REF =
  /^((group|user):)?([a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/i;
const SYSTEM_REF = /^(system:)?([a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/i;
const PROMETHEUS_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G)?$/;
const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/;
// Sequences that would start an interpolation in HCL (`${`, `%{`) or Go templates (`{{`), and
// control characters that would break a line-oriented file, even once quoted.
const TEMPLATE_SEQUENCES = /\$\{|%\{|\{\{|\}\}/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function plainText(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .refine(v => !CONTROL_CHARACTERS.test(v), {
      message: `${label} must be one line without control characters`,
    })
    .refine(v => !TEMPLATE_SEQUENCES.test(v), {
      message: `${label} must not contain template sequences such as \${, %{ or {{`,
    });
}

function pattern(label: string, regex: RegExp, hint: string) {
  return z.string().trim().regex(regex, `${label} ${hint}`);
}

/**
 * The parameters of the `service` template, validated again on the server: the form's JSON
 * schema is a convenience for people, this schema is the contract.
 *
 * @public
 */
export const serviceParametersSchema = z
  .object({
    name: pattern(
      'name',
      DNS_LABEL,
      'must be a DNS-1123 label: lowercase letters, digits and dashes, starting with a letter',
    ).max(40, 'name must be at most 40 characters'),
    description: plainText('description', 200).min(
      1,
      'description is required',
    ),
    owner: pattern(
      'owner',
      OWNER_REF,
      'must be an entity ref such as group:default/team-a',
    ),
    system: pattern('system', SYSTEM_REF, 'must be an entity ref or name')
      .optional()
      .or(z.literal('')),
    image: pattern(
      'image',
      IMAGE_REPOSITORY,
      'must be an image repository without a tag, e.g. ghcr.io/acme/orders-api',
    ).max(200),
    port: z
      .number()
      .int()
      .min(1024, 'port must be 1024 or higher (containers run as non-root)')
      .max(65535),
    environments: z
      .array(z.enum(PAVED_ENVIRONMENTS), {
        error: `environments must be a list of ${PAVED_ENVIRONMENTS.join(
          ', ',
        )}`,
      })
      .min(1, 'choose at least one environment')
      .refine(
        envs => new Set(envs).size === envs.length,
        'environments must not repeat',
      ),
    ingressHost: pattern(
      'ingressHost',
      HOSTNAME,
      'must be a lowercase DNS name such as orders.example.com',
    )
      .max(253, 'ingressHost must be at most 253 characters')
      .optional()
      .or(z.literal('')),
    autoscalingEnabled: z.boolean().default(true),
    minReplicas: z.number().int().min(1).max(100).default(2),
    maxReplicas: z.number().int().min(1).max(500).default(10),
    targetCpu: z.number().int().min(1).max(100).default(70),
    targetMemory: z.number().int().min(1).max(100).optional(),
    customMetricName: pattern(
      'customMetricName',
      PROMETHEUS_METRIC,
      'must be a Prometheus metric name',
    )
      .max(120)
      .optional()
      .or(z.literal('')),
    customMetricTarget: pattern(
      'customMetricTarget',
      QUANTITY,
      'must be a quantity such as 100 or 500m',
    )
      .or(z.literal(''))
      .optional()
      .transform(target => target || '100'),
    gpuMode: z.enum(['none', 'count', 'mig']).default('none'),
    gpuCount: z.number().int().min(1).max(8).default(1),
    migProfile: z
      .string()
      .refine(p => MIG_PROFILES.includes(p), {
        message: `unknown MIG profile; known profiles: ${MIG_PROFILES.join(
          ', ',
        )}`,
      })
      .optional(),
    gpuProduct: z
      .enum(Object.keys(GPU_PRODUCTS) as [keyof typeof GPU_PRODUCTS], {
        error: `gpuProduct must be one of ${Object.keys(GPU_PRODUCTS).join(
          ', ',
        )}`,
      })
      .optional(),
    gpuTolerations: z.boolean().default(true),
    postgres: z.boolean().default(false),
    redis: z.boolean().default(false),
    bucket: z.boolean().default(false),
    awsRegion: pattern(
      'awsRegion',
      AWS_REGION,
      'must be an AWS region such as eu-west-1',
    ).default('eu-west-1'),
    alertReceiver: pattern(
      'alertReceiver',
      /^[a-z0-9][a-z0-9_-]{0,62}$/,
      'must be a receiver name',
    )
      .optional()
      .or(z.literal('')),
    publishTarget: z
      .enum(['local', 'github', 'github-pull-request'])
      .default('local'),
    repoUrl: z
      .string()
      .max(300, 'repoUrl must be at most 300 characters')
      .superRefine((url, ctx) => {
        const parsed = parseRepoUrl(url);
        if ('problem' in parsed) {
          ctx.addIssue({ code: 'custom', message: parsed.problem });
        }
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.autoscalingEnabled && p.minReplicas > p.maxReplicas) {
      ctx.addIssue({
        code: 'custom',
        path: ['minReplicas'],
        message: `minReplicas (${p.minReplicas}) must not exceed maxReplicas (${p.maxReplicas})`,
      });
    }
    if (p.gpuMode === 'mig' && !p.migProfile) {
      ctx.addIssue({
        code: 'custom',
        path: ['migProfile'],
        message: 'choose a MIG profile',
      });
    }
    if (p.gpuMode === 'mig' && p.migProfile && p.gpuProduct) {
      const offered: readonly string[] = GPU_PRODUCTS[p.gpuProduct].migProfiles;
      if (!offered.includes(p.migProfile)) {
        ctx.addIssue({
          code: 'custom',
          path: ['migProfile'],
          message: `${p.gpuProduct} does not offer MIG profile ${
            p.migProfile
          }; it offers ${offered.join(', ') || 'none'}`,
        });
      }
    }
    if (p.publishTarget !== 'local' && !p.repoUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['repoUrl'],
        message: 'repoUrl is required to publish to GitHub',
      });
    }
  });

/** Parameters of the `service` template as the form sends them. @public */
export type ServiceParametersInput = z.input<typeof serviceParametersSchema>;
/** Parameters of the `service` template after validation and defaults. @public */
export type ServiceParameters = z.output<typeof serviceParametersSchema>;

/**
 * Validates template parameters and returns them with defaults, or a list of readable problems.
 *
 * @public
 */
export function parseServiceParameters(
  input: unknown,
): ValidationResult<ServiceParameters> {
  return validate(serviceParametersSchema, input);
}
