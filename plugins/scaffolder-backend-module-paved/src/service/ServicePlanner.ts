import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  awsPlacementProblems,
  parsePlatformEnvironments,
  parseRepoUrl,
  parseServiceParameters,
  planService,
  PlatformEnvironments,
  PlatformTemplateDefaults,
  ServiceParameters,
  ServiceValues,
} from '@paved/plugin-paved-common';
import { SERVICE_PARAMETERS_PATH } from './checkedOutService';
import { readPlatformTemplateDefaults } from './platformTemplateDefaults';

const DEFAULT_STATE_BUCKET = 'paved-terraform-state';
const ENVIRONMENTS_KEY = 'paved.templates.environments';
const STATE_REGION_KEY = 'paved.templates.terraformStateRegion';
const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/;

/** What the planner needs from the platform's configuration. @public */
export interface ServicePlannerOptions {
  /** S3 bucket for Terraform state. */
  stateBucket: string;
  /** Region of the state bucket; default: each service's `awsRegion`. */
  stateRegion?: string;
  /** The Backstage app's base URL, where the alerts' runbook links open the TechDocs page. */
  backstageUrl?: string;
  /** Base URL of the platform's Grafana, linked from generated catalog entries. */
  grafanaUrl?: string;
  /** Where the platform's environments run. */
  platformEnvironments?: PlatformEnvironments;
  /** The platform's ingress, GPU and Prometheus add-ons; default: none configured. */
  platformDefaults?: PlatformTemplateDefaults;
  /** The URL Argo CD will read a locally published repository from. */
  localRepositoryUrl(name: string): string;
  /** Hosts a GitHub `repoUrl` may name: the configured GitHub integrations. Default: github.com. */
  githubHosts?: string[];
}

/**
 * What the template's publish and register steps read, so no step after the plan reads the raw
 * parameters. @public
 */
export interface ServicePublishPlan {
  target: ServiceParameters['publishTarget'];
  /** `repoUrl` in the scaffolder's `host?owner=&repo=` form for the GitHub steps; else empty. */
  repoUrl: string;
  /** The branch of the pull request (`github-pull-request`). */
  branchName: string;
  /** The commit message of a local repository, and the title of a pull request. */
  title: string;
  /** Whether the template registers the entity now (not for a pull request). */
  register: boolean;
}

/** Values for the skeletons plus, per environment, the values with `env` set. @public */
export interface ServicePlan {
  values: ServiceValues;
  environmentValues: Record<string, ServiceValues & { env: unknown }>;
  publish: ServicePublishPlan;
}

/**
 * Validates the `service` template's parameters and turns them into what the skeletons render.
 * Shared by the actions that create a service and that add an environment to one.
 *
 * @public
 */
export class ServicePlanner {
  readonly #options: ServicePlannerOptions;
  readonly #githubHosts: string[];

  static create(options: ServicePlannerOptions): ServicePlanner {
    return new ServicePlanner(options);
  }

  /**
   * Reads `paved.templates`; refuses to start with a readable list of problems when
   * `paved.templates.environments` is invalid, rather than generating services that point at the
   * wrong place.
   */
  static fromConfig(
    config: Config,
    options: Pick<ServicePlannerOptions, 'localRepositoryUrl'>,
  ): ServicePlanner {
    const environments = parsePlatformEnvironments(
      config.getOptional(ENVIRONMENTS_KEY),
    );
    if (!environments.success) {
      throw new Error(
        `Invalid ${ENVIRONMENTS_KEY}:\n- ${environments.problems.join('\n- ')}`,
      );
    }
    const stateRegion = config.getOptionalString(STATE_REGION_KEY);
    if (stateRegion !== undefined && !AWS_REGION.test(stateRegion)) {
      throw new Error(
        `Invalid ${STATE_REGION_KEY}: must be an AWS region such as eu-west-1`,
      );
    }
    return ServicePlanner.create({
      ...options,
      stateBucket:
        config.getOptionalString('paved.templates.terraformStateBucket') ??
        DEFAULT_STATE_BUCKET,
      stateRegion,
      grafanaUrl: config.getOptionalString('paved.templates.grafanaUrl'),
      backstageUrl: config.getOptionalString('app.baseUrl'),
      platformEnvironments: environments.data,
      platformDefaults: readPlatformTemplateDefaults(config),
      githubHosts: ScmIntegrations.fromConfig(config)
        .github.list()
        .map(integration => integration.config.host),
    });
  }

  private constructor(options: ServicePlannerOptions) {
    this.#options = options;
    this.#githubHosts = options.githubHosts ?? ['github.com'];
  }

  /** Throws an `InputError` that lists every problem when the parameters are invalid. */
  parse(input: unknown): ServiceParameters {
    const parsed = parseServiceParameters(input);
    if (!parsed.success) {
      throw new InputError(
        `The service parameters are invalid:\n- ${parsed.problems.join(
          '\n- ',
        )}`,
      );
    }
    return parsed.data;
  }

  /**
   * Throws an `InputError` that starts with the platform setting's path when a service with AWS
   * resources cannot be placed in one of its environments: the first problem, then the others
   * (see `awsPlacementProblems` of `@paved/plugin-paved-common`). Refuses a custom HPA metric on a
   * platform without a custom metrics adapter, with an `InputError` naming `customMetricName`.
   */
  plan(parameters: ServiceParameters): ServicePlan {
    if (
      parameters.autoscalingEnabled &&
      parameters.customMetricName &&
      !this.#options.platformDefaults?.customMetricsAdapter
    ) {
      // Also reached by a service made earlier whose .paved/service.json keeps a custom metric,
      // when an environment is added: the message says how to fix both.
      throw new InputError(
        `customMetricName: needs a custom metrics adapter to serve '${parameters.customMetricName}', which this platform does not have (paved.templates.prometheus.customMetricsAdapter is not true). Set it if an adapter rule serves the metric; otherwise leave customMetricName empty to scale on CPU (a service made earlier keeps it in ${SERVICE_PARAMETERS_PATH}: remove customMetricName and customMetricTarget there, then add the environment again)`,
      );
    }
    const values = planService(parameters, {
      repoUrl: this.#repositoryUrl(parameters),
      stateBucket: this.#options.stateBucket,
      stateRegion: this.#options.stateRegion,
      grafanaUrl: this.#options.grafanaUrl,
      backstageUrl: this.#options.backstageUrl,
      platformEnvironments: this.#options.platformEnvironments,
      platformDefaults: this.#options.platformDefaults,
    });
    const problems = values.cloud.any
      ? awsPlacementProblems(
          values.environments,
          this.#options.platformEnvironments,
        )
      : [];
    if (problems.length > 0) {
      // Field first, like every InputError of Paved; the other problems follow.
      const [first, ...others] = problems.map(
        p => `${ENVIRONMENTS_KEY}.${p.field}: ${p.message}`,
      );
      throw new InputError(
        [
          first,
          `The platform cannot place ${parameters.name} until this is fixed${
            others.length > 0 ? ', nor while:' : '.'
          }`,
          ...others.map(line => `- ${line}`),
        ].join('\n'),
      );
    }
    const environmentValues = Object.fromEntries(
      values.environments.map(env => [
        env,
        { ...values, env: values.envs[env] },
      ]),
    );
    const github = parameters.publishTarget !== 'local';
    const publish: ServicePublishPlan = {
      target: parameters.publishTarget,
      repoUrl: github ? parameters.repoUrl ?? '' : '',
      branchName: `paved/${parameters.name}`,
      title: github
        ? `Add ${parameters.name} from the Paved service template`
        : `Scaffold ${parameters.name} from the Paved service template`,
      register: parameters.publishTarget !== 'github-pull-request',
    };
    return { values, environmentValues, publish };
  }

  #repositoryUrl(parameters: ServiceParameters): string {
    if (parameters.publishTarget === 'local') {
      return this.#options.localRepositoryUrl(parameters.name);
    }
    const parsed = parseRepoUrl(parameters.repoUrl ?? '');
    if ('problem' in parsed) {
      throw new InputError(parsed.problem);
    }
    if (!this.#githubHosts.includes(parsed.host)) {
      throw new InputError(
        `repoUrl: names the host ${
          parsed.host
        }, which is not a configured GitHub integration (${this.#githubHosts.join(
          ', ',
        )})`,
      );
    }
    return `https://${parsed.host}/${parsed.owner}/${parsed.repo}.git`;
  }
}
