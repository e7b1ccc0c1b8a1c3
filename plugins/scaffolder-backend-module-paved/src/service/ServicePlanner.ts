import { InputError } from '@backstage/errors';
import {
  parseServiceParameters,
  planService,
  ServiceParameters,
  ServiceValues,
} from '@paved/plugin-paved-common';

/** What the planner needs from the platform's configuration. @public */
export interface ServicePlannerOptions {
  /** S3 bucket for Terraform state. */
  stateBucket: string;
  /** Base URL of the platform's Grafana, linked from generated catalog entries. */
  grafanaUrl?: string;
  /** The URL Argo CD will read a locally published repository from. */
  localRepositoryUrl(name: string): string;
}

/** Values for the skeletons plus, per environment, the values with `env` set. @public */
export interface ServicePlan {
  values: ServiceValues;
  environmentValues: Record<string, ServiceValues & { env: unknown }>;
}

/**
 * Validates the `service` template's parameters and turns them into what the skeletons render.
 * Shared by the actions that create a service and that add an environment to one.
 *
 * @public
 */
export class ServicePlanner {
  readonly #options: ServicePlannerOptions;

  static create(options: ServicePlannerOptions): ServicePlanner {
    return new ServicePlanner(options);
  }

  private constructor(options: ServicePlannerOptions) {
    this.#options = options;
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

  plan(parameters: ServiceParameters): ServicePlan {
    const values = planService(parameters, {
      repoUrl: this.#repositoryUrl(parameters),
      stateBucket: this.#options.stateBucket,
      grafanaUrl: this.#options.grafanaUrl,
    });
    const environmentValues = Object.fromEntries(
      values.environments.map(env => [
        env,
        { ...values, env: values.envs[env] },
      ]),
    );
    return { values, environmentValues };
  }

  #repositoryUrl(parameters: ServiceParameters): string {
    if (parameters.publishTarget === 'local') {
      return this.#options.localRepositoryUrl(parameters.name);
    }
    const parsed = new URL(`https://${parameters.repoUrl}`);
    const owner = parsed.searchParams.get('owner');
    const repo = parsed.searchParams.get('repo');
    if (!owner || !repo) {
      throw new InputError(
        `repoUrl must name an owner and a repository, got '${parameters.repoUrl}'`,
      );
    }
    return `https://${parsed.host}/${owner}/${repo}.git`;
  }
}
