import { PAVED_ENVIRONMENTS, PavedEnvironment } from '../annotations';
import { GPU_PRODUCTS, migResourceName } from './gpu';
import {
  PlatformEnvironments,
  resolvePlatformEnvironment,
} from './platformEnvironments';
import {
  DEFAULT_PLATFORM_TEMPLATE_DEFAULTS,
  PlatformIngress,
  PlatformTemplateDefaults,
} from './platformTemplates';
import { ServiceParameters } from './serviceParameters';

/** Settings of one environment of a generated service. @public */
export interface ServiceEnvironmentValues {
  name: PavedEnvironment;
  namespace: string;
  production: boolean;
  /** Replicas when autoscaling is off, and the HPA floor when it is on. */
  minReplicas: number;
  maxReplicas: number;
  ingressHost: string;
  /** Argo CD prunes and self-heals automatically outside production. */
  autoSync: boolean;
  /** A PodDisruptionBudget needs more than one replica to be useful. */
  pdbEnabled: boolean;
  logLevel: 'debug' | 'info';
  /** EKS cluster the environment's Terraform reads (OIDC provider, VPC). */
  eksCluster: string;
  /** Argo CD destination server of the environment's Application. */
  argocdServer: string;
  /**
   * ARN of the IAM role the environment's Terraform creates for the service account, when the
   * platform configured the environment's AWS account; empty otherwise.
   */
  serviceAccountRoleArn: string;
  /**
   * The AWS account the environment's resources live in (`allowed_account_ids` of its Terraform
   * root), when the platform configured it; empty otherwise.
   */
  awsAccountId: string;
  /** KMS key (ARN) that encrypts the environment's Terraform state; empty for the bucket's default. */
  stateKmsKey: string;
  /**
   * The highest severity the environment's alerts carry: only production pages (`critical`),
   * staging opens tickets at most (`warning`), dev never notifies anyone (`info`).
   */
  maxAlertSeverity: AlertSeverity;
}

/** Severities of the generated alerts, lowest first. @public */
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

/** A severity of the generated alerts. @public */
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

const MAX_ALERT_SEVERITY: Record<PavedEnvironment, AlertSeverity> = {
  dev: 'info',
  staging: 'warning',
  prod: 'critical',
};

/**
 * Everything the `service` template's skeletons read, computed once from the parameters so the
 * skeletons hold no logic. `values.x` in a skeleton is a field here.
 *
 * @public
 */
export interface ServiceValues {
  /** The validated parameters, kept in the repository so later templates can build on them. */
  parameters: ServiceParameters;
  name: string;
  description: string;
  owner: string;
  ownerName: string;
  system: string;
  /**
   * The container image: its repository, and the release a new service starts on (the chart's
   * `appVersion`, the tag the first build pushes and every environment deploys until promoted).
   */
  image: { repository: string; initialTag: string };
  port: number;
  /** Chosen environments in promotion order. */
  environments: PavedEnvironment[];
  envs: Record<string, ServiceEnvironmentValues>;
  /** Environment names joined with commas, for annotations. */
  environmentList: string;
  namespacePattern: string;
  /**
   * How the service is reached from outside: the platform's kind (`Ingress` with its class, or a
   * Gateway API `HTTPRoute` on its Gateway); `className` and `gateway` are empty for the other kind.
   */
  ingress: {
    enabled: boolean;
    host: string;
    kind: PlatformIngress['kind'];
    className: string;
    gateway: { name: string; namespace: string };
  };
  autoscaling: {
    enabled: boolean;
    minReplicas: number;
    maxReplicas: number;
    targetCpu: number;
    /** Memory target (%); null: the HPA scales on CPU only. */
    targetMemory: number | null;
    customMetric: { enabled: boolean; name: string; target: string };
  };
  gpu: {
    enabled: boolean;
    mode: 'none' | 'count' | 'mig';
    resourceName: string;
    count: number;
    product: string;
    memoryMiB: number;
    tolerations: boolean;
    /** The platform's GPU RuntimeClass; empty for none. */
    runtimeClassName: string;
  };
  /** Labels the platform's Prometheus selects the ServiceMonitor by. */
  prometheus: { serviceMonitorLabels: Record<string, string> };
  cloud: {
    any: boolean;
    postgres: boolean;
    redis: boolean;
    bucket: boolean;
    /**
     * The pods get the service's own security group, the only one its database and cache accept
     * (a service with PostgreSQL or Redis).
     */
    podSecurityGroup: boolean;
    awsRegion: string;
    stateBucket: string;
    /** Region of the state bucket: the platform's, or the service's region. */
    stateRegion: string;
  };
  alerts: { receiver: string; team: string };
  /**
   * The platform's Grafana, without a trailing slash, and the service's dashboard there; both
   * empty when Grafana is not configured.
   */
  grafana: { url: string; dashboardUrl: string };
  /**
   * The service's TechDocs pages in Backstage, the same whichever publish target: `url` is the
   * site, `runbookUrl` the runbook page the alerts link to (`<runbookUrl>#<alert anchor>`).
   */
  docs: { url: string; runbookUrl: string };
  /** The git repository Argo CD reads the chart from. */
  repoUrl: string;
  /** `owner/repo` when the repository is on github.com (`github.com/project-slug`); else empty. */
  githubSlug: string;
  /** The repository's web page (`https://…` without `.git`); empty for a repository without one. */
  repositoryWebUrl: string;
  /** `backstage.io/source-location` of the entity (`url:<web page>/tree/main/`); else empty. */
  sourceLocation: string;
  chartPath: string;
}

/** Facts from the platform's configuration that the plan needs. @public */
export interface ServicePlanOptions {
  /** Where the generated repository will live, known before it is published. */
  repoUrl: string;
  /** S3 bucket that holds Terraform state, one key per component and environment. */
  stateBucket: string;
  /** Region of the state bucket; default: the service's `awsRegion`. */
  stateRegion?: string;
  /** Base URL of the platform's Grafana, for the catalog's dashboard link; empty for none. */
  grafanaUrl?: string;
  /** Where the platform's environments run (`paved.templates.environments`). */
  platformEnvironments?: PlatformEnvironments;
  /**
   * The Backstage app's base URL (`app.baseUrl`), where TechDocs serves the service's docs.
   * Default: `http://localhost:3000`, the `app.baseUrl` of a new Backstage app.
   */
  backstageUrl?: string;
  /** The platform's ingress, GPU and Prometheus settings (`paved.templates`); default: none set. */
  platformDefaults?: PlatformTemplateDefaults;
}

const DEFAULT_BACKSTAGE_URL = 'http://localhost:3000';

/** The release a new service starts on: its first image tag and the chart's appVersion. */
const INITIAL_RELEASE = '0.1.0';

const GITHUB_REPOSITORY = /^https:\/\/github\.com\/([^/]+\/[^/]+?)(\.git)?$/;

function githubSlug(repoUrl: string): string {
  return GITHUB_REPOSITORY.exec(repoUrl)?.[1] ?? '';
}

function repositoryWebUrl(repoUrl: string): string {
  return repoUrl.startsWith('https://') ? repoUrl.replace(/\.git$/, '') : '';
}

/** Grafana allows at most 40 characters in a dashboard uid. */
const DASHBOARD_UID_MAX = 40;
const DASHBOARD_UID_SUFFIX = '-overview';

/**
 * The uid of a service's Grafana dashboard: the service name (cut to fit Grafana's 40 characters)
 * plus `-overview`.
 *
 * @public
 */
export function serviceDashboardUid(name: string): string {
  return `${name.slice(
    0,
    DASHBOARD_UID_MAX - DASHBOARD_UID_SUFFIX.length,
  )}${DASHBOARD_UID_SUFFIX}`;
}

/**
 * The host an environment of a service serves: its ingress host in production, `<env>.<host>`
 * elsewhere; empty without an ingress host.
 *
 * @public
 */
export function environmentIngressHost(host: string, env: string): string {
  return host && env !== 'prod' ? `${env}.${host}` : host;
}

function awsPartition(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

function entityName(ref: string): string {
  return ref.split(/[:/]/).pop()!;
}

function fullRef(ref: string, defaultKind: string): string {
  const [kindPart, rest] = ref.includes(':')
    ? ref.split(':', 2)
    : [defaultKind, ref];
  const qualified = rest.includes('/') ? rest : `default/${rest}`;
  return `${kindPart.toLocaleLowerCase('en-US')}:${qualified}`;
}

/**
 * Turns validated parameters into the values the skeletons render.
 *
 * @public
 */
export function planService(
  p: ServiceParameters,
  options: ServicePlanOptions,
): ServiceValues {
  const environments = PAVED_ENVIRONMENTS.filter(env =>
    p.environments.includes(env),
  );
  const owner = fullRef(p.owner, 'group');
  const host = p.ingressHost ?? '';
  const envs: Record<string, ServiceEnvironmentValues> = {};
  for (const env of environments) {
    const production = env === 'prod';
    const minReplicas = env === 'dev' ? 1 : p.minReplicas;
    const platform = resolvePlatformEnvironment(
      env,
      options.platformEnvironments,
    );
    envs[env] = {
      name: env,
      namespace: `${p.name}-${env}`,
      production,
      minReplicas,
      maxReplicas:
        env === 'dev' ? Math.max(1, Math.min(p.maxReplicas, 3)) : p.maxReplicas,
      ingressHost: environmentIngressHost(host, env),
      autoSync: !production,
      pdbEnabled: minReplicas > 1,
      logLevel: env === 'dev' ? 'debug' : 'info',
      eksCluster: platform.eksCluster,
      argocdServer: platform.argocdServer,
      // The Terraform module names the role `<name>-<env>`.
      serviceAccountRoleArn: platform.awsAccountId
        ? `arn:${awsPartition(p.awsRegion)}:iam::${
            platform.awsAccountId
          }:role/${p.name}-${env}`
        : '',
      awsAccountId: platform.awsAccountId ?? '',
      stateKmsKey: platform.stateKmsKey ?? '',
      maxAlertSeverity: MAX_ALERT_SEVERITY[env],
    };
  }
  const gpuEnabled = p.gpuMode !== 'none';
  const product = gpuEnabled ? p.gpuProduct ?? '' : '';
  const customMetricName = p.customMetricName ?? '';
  const platformDefaults =
    options.platformDefaults ?? DEFAULT_PLATFORM_TEMPLATE_DEFAULTS;
  const platformIngress = platformDefaults.ingress;
  const grafanaUrl = (options.grafanaUrl ?? '').replace(/\/+$/, '');
  const webUrl = repositoryWebUrl(options.repoUrl);
  // The catalog entity is a Component in the default namespace (catalog-info.yaml); MkDocs
  // serves docs/runbook.md as runbook/.
  const docsUrl = `${(options.backstageUrl ?? DEFAULT_BACKSTAGE_URL).replace(
    /\/+$/,
    '',
  )}/docs/default/component/${p.name}/`;
  return {
    parameters: p,
    name: p.name,
    description: p.description,
    owner,
    ownerName: entityName(owner),
    system: p.system ? entityName(p.system) : '',
    image: { repository: p.image, initialTag: INITIAL_RELEASE },
    port: p.port,
    environments,
    envs,
    environmentList: environments.join(','),
    namespacePattern: `${p.name}-{env}`,
    ingress: {
      enabled: host !== '',
      host,
      kind: platformIngress.kind,
      className:
        platformIngress.kind === 'Ingress' ? platformIngress.className : '',
      gateway:
        platformIngress.kind === 'HTTPRoute'
          ? platformIngress.gateway
          : { name: '', namespace: '' },
    },
    autoscaling: {
      enabled: p.autoscalingEnabled,
      minReplicas: p.minReplicas,
      maxReplicas: p.maxReplicas,
      targetCpu: p.targetCpu,
      targetMemory: p.targetMemory ?? null,
      customMetric: {
        enabled: customMetricName !== '',
        name: customMetricName,
        target: p.customMetricTarget,
      },
    },
    gpu: {
      enabled: gpuEnabled,
      mode: p.gpuMode,
      resourceName:
        p.gpuMode === 'mig' && p.migProfile
          ? migResourceName(p.migProfile)
          : 'nvidia.com/gpu',
      count: p.gpuMode === 'count' ? p.gpuCount : 1,
      product,
      memoryMiB: product
        ? GPU_PRODUCTS[product as keyof typeof GPU_PRODUCTS].memoryMiB
        : 0,
      tolerations: gpuEnabled && p.gpuTolerations,
      runtimeClassName: platformDefaults.gpuRuntimeClassName,
    },
    prometheus: {
      serviceMonitorLabels: platformDefaults.serviceMonitorLabels,
    },
    cloud: {
      any: p.postgres || p.redis || p.bucket,
      postgres: p.postgres,
      redis: p.redis,
      bucket: p.bucket,
      podSecurityGroup: p.postgres || p.redis,
      awsRegion: p.awsRegion,
      stateBucket: options.stateBucket,
      stateRegion: options.stateRegion ?? p.awsRegion,
    },
    alerts: {
      receiver: p.alertReceiver || entityName(owner),
      team: entityName(owner),
    },
    grafana: {
      url: grafanaUrl,
      dashboardUrl: grafanaUrl
        ? `${grafanaUrl}/d/${serviceDashboardUid(p.name)}`
        : '',
    },
    docs: { url: docsUrl, runbookUrl: `${docsUrl}runbook/` },
    repoUrl: options.repoUrl,
    githubSlug: githubSlug(options.repoUrl),
    repositoryWebUrl: webUrl,
    sourceLocation: webUrl ? `url:${webUrl}/tree/main/` : '',
    chartPath: `charts/${p.name}`,
  };
}
