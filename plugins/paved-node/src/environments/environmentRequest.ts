import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  MIG_PROFILES,
  migResourceName,
  PAVED_ENVIRONMENTS,
  PavedEnvironment,
} from '@paved/plugin-paved-common';

/** What a caller asks for, as it came in (action input, CLI flags, MCP arguments). @public */
export interface EnvironmentRequestInput {
  /** The component's name, e.g. `orders-api`. */
  component: string;
  /** `dev`, `staging`, `prod`, or a preview such as `pr-42` or `preview-login`. */
  environment: string;
  /** A cluster of `kubernetes.clusterLocatorMethods` (or of the kubeconfig for the CLI). */
  cluster: string;
  /** The owning group, e.g. `group:default/team-a`; bound to the configured ClusterRole. */
  owner?: string;
  /** The git repository Argo CD reads the chart from. */
  repoUrl?: string;
  /** Lifetime of a preview, e.g. `72h`, `30m`, `7d`. */
  ttl?: string;
  /** GPU quota, e.g. `{"nvidia.com/gpu": 2}` or `{"nvidia.com/mig-1g.10gb": 4}`. */
  gpu?: Record<string, number | string>;
  /** Overrides of the default quota. */
  quota?: { cpu?: string; memory?: string; pods?: string };
}

/** A validated request: every field checked, names derived once. @public */
export interface EnvironmentRequest {
  component: string;
  environment: string;
  /** The platform environment whose settings and values file a preview uses (`dev`). */
  baseEnvironment: PavedEnvironment;
  cluster: string;
  /** `<component>-<environment>`, which is also the Argo CD Application's name. */
  namespace: string;
  ownerRef?: string;
  ownerGroup?: string;
  repoUrl?: string;
  ttl?: { text: string; ms: number };
  gpu: Record<string, number>;
  quota: { cpu?: string; memory?: string; pods?: string };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PREVIEW = /^(pr-[0-9]{1,10}|preview-[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;
/** The Kubernetes quantity grammar (resource.Quantity). */
const QUANTITY =
  /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;
const TTL = /^([1-9][0-9]{0,4})(m|h|d)$/;
const TTL_UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_TTL_MS = 90 * TTL_UNIT_MS.d;

/**
 * The GPU resources a quota may ask for: whole GPUs and the MIG profiles of known products.
 *
 * @public
 */
export const GPU_RESOURCES: string[] = [
  'nvidia.com/gpu',
  ...MIG_PROFILES.map(migResourceName),
];

/** True when `value` is a Kubernetes quantity such as `500m`, `8Gi` or `2`. @public */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** Parses `--gpu nvidia.com/gpu=2` style entries into a GPU request. @public */
export function parseGpuFlags(entries: string[]): Record<string, string> {
  const gpu: Record<string, string> = {};
  for (const entry of entries) {
    const [resource, count] = entry.split('=', 2);
    if (count === undefined) {
      throw new InputError(
        `gpu: '${entry}' must look like nvidia.com/gpu=2 or nvidia.com/mig-1g.10gb=4`,
      );
    }
    gpu[resource.trim()] = count.trim();
  }
  return gpu;
}

function baseEnvironmentOf(environment: string): PavedEnvironment | undefined {
  if ((PAVED_ENVIRONMENTS as readonly string[]).includes(environment)) {
    return environment as PavedEnvironment;
  }
  return PREVIEW.test(environment) ? 'dev' : undefined;
}

function checkOwner(owner: string | undefined, problems: string[]) {
  if (owner === undefined) {
    return {};
  }
  try {
    const ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new Error(`it names a ${ref.kind}`);
    }
    if (!DNS_LABEL.test(ref.name)) {
      throw new Error('the group name must be a DNS label');
    }
    return { ownerRef: stringifyEntityRef(ref), ownerGroup: ref.name };
  } catch (error) {
    problems.push(
      `owner: '${owner}' must be a group such as group:default/team-a (${
        (error as Error).message
      })`,
    );
    return {};
  }
}

function checkRepoUrl(repoUrl: string | undefined, problems: string[]) {
  if (repoUrl === undefined || repoUrl === '') {
    return undefined;
  }
  const scp = /^[\w.-]+@[\w.-]+:[\w./-]+$/.test(repoUrl);
  let url: URL | undefined;
  try {
    url = new URL(repoUrl);
  } catch {
    url = undefined;
  }
  if (
    !scp &&
    (!url || !['https:', 'http:', 'ssh:', 'file:'].includes(url.protocol))
  ) {
    problems.push(
      `repoUrl: '${repoUrl}' must be a git URL Argo CD can read, e.g. https://github.com/acme/orders-api.git`,
    );
  }
  return repoUrl;
}

function checkGpu(
  gpu: EnvironmentRequestInput['gpu'],
  problems: string[],
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [resource, raw] of Object.entries(gpu ?? {})) {
    const count = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (!GPU_RESOURCES.includes(resource)) {
      problems.push(
        `gpu: '${resource}' is not a GPU resource; use nvidia.com/gpu or a MIG resource such as nvidia.com/mig-1g.10gb`,
      );
    } else if (!Number.isInteger(count) || count < 0 || count > 1024) {
      problems.push(
        `gpu: ${resource} must be a whole number of devices, not '${raw}'`,
      );
    } else if (count > 0) {
      result[resource] = count;
    }
  }
  return result;
}

/**
 * Checks every field of a request and derives the names, or throws one `InputError` naming each
 * bad field, before anything touches a cluster.
 *
 * @public
 */
export function parseEnvironmentRequest(
  input: EnvironmentRequestInput,
): EnvironmentRequest {
  const problems: string[] = [];
  const text = (field: keyof EnvironmentRequestInput) => {
    const value = input[field];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`${field}: is required`);
      return '';
    }
    return value.trim();
  };
  const component = text('component');
  const environment = text('environment');
  const cluster = text('cluster');
  if (component && !DNS_LABEL.test(component)) {
    problems.push(
      `component: '${component}' must be a DNS label (lowercase letters, digits and dashes)`,
    );
  }
  const baseEnvironment = environment
    ? baseEnvironmentOf(environment)
    : undefined;
  if (environment && !baseEnvironment) {
    problems.push(
      `environment: '${environment}' is not an environment; use ${PAVED_ENVIRONMENTS.join(
        ', ',
      )} or a preview such as pr-42 or preview-login`,
    );
  }
  const namespace = `${component}-${environment}`;
  if (component && environment && namespace.length > 63) {
    problems.push(
      `component: the namespace '${namespace}' would be longer than 63 characters`,
    );
  }
  let ttl: EnvironmentRequest['ttl'];
  if (input.ttl !== undefined && input.ttl !== '') {
    const match = TTL.exec(String(input.ttl).trim());
    const ms = match
      ? Number(match[1]) * TTL_UNIT_MS[match[2] as 'm' | 'h' | 'd']
      : NaN;
    if (!match || ms > MAX_TTL_MS) {
      problems.push(
        `ttl: '${input.ttl}' must be a duration such as 30m, 72h or 7d, at most 90d`,
      );
    } else {
      ttl = { text: match[0], ms };
    }
  }
  const quota: EnvironmentRequest['quota'] = {};
  for (const [key, value] of Object.entries(input.quota ?? {})) {
    if (!['cpu', 'memory', 'pods'].includes(key)) {
      problems.push(`quota.${key}: is not a quota; use cpu, memory or pods`);
    } else if (value !== undefined && !isQuantity(String(value))) {
      problems.push(
        `quota.${key}: '${value}' is not a Kubernetes quantity such as 500m, 8Gi or 20`,
      );
    } else if (value !== undefined) {
      quota[key as 'cpu'] = String(value);
    }
  }
  const owner = checkOwner(input.owner, problems);
  const repoUrl = checkRepoUrl(input.repoUrl, problems);
  const gpu = checkGpu(input.gpu, problems);
  if (problems.length) {
    throw new InputError(problems.join('; '));
  }
  return {
    component,
    environment,
    baseEnvironment: baseEnvironment!,
    cluster,
    namespace,
    ...owner,
    repoUrl,
    ttl,
    gpu,
    quota,
  };
}
