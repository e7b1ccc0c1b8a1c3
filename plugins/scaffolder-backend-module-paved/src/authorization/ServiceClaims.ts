import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  environmentIngressHost,
  PAVED_ANNOTATIONS,
  PAVED_ENVIRONMENTS,
  RepositoryCoordinates,
  repositoryChangePermission,
  ServiceValues,
} from '@paved/plugin-paved-common';
import { EntityAccess } from './EntityAccess';
import { ServiceRepositories } from './ServiceRepositories';

const GITHUB_SLUG_ANNOTATION = 'github.com/project-slug';

const same = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * What a new service may claim that others may already hold: the repository a pull request
 * goes to and the ingress hosts. Looks other services up in the catalog with the module's own
 * credentials, so a service hidden from the user still counts.
 *
 * @public
 */
export class ServiceClaims {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #access: EntityAccess;
  readonly #repositories: ServiceRepositories;
  readonly #ingressDomains: string[];

  static fromConfig(
    config: Config,
    options: {
      catalog: CatalogService;
      auth: AuthService;
      access: EntityAccess;
      repositories: ServiceRepositories;
    },
  ): ServiceClaims {
    return ServiceClaims.create({
      ...options,
      ingressDomains:
        config.getOptionalStringArray('paved.templates.ingressDomains') ?? [],
    });
  }

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    access: EntityAccess;
    repositories: ServiceRepositories;
    /** DNS domains ingress hosts must be in; empty allows any. */
    ingressDomains: string[];
  }): ServiceClaims {
    return new ServiceClaims(options);
  }

  private constructor(options: Parameters<typeof ServiceClaims.create>[0]) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#access = options.access;
    this.#repositories = options.repositories;
    this.#ingressDomains = options.ingressDomains.map(d =>
      d.toLocaleLowerCase('en-US'),
    );
  }

  /**
   * A pull request may only go to the repository of a component the user may change: one the
   * catalog registered from that repository (its location, not an annotation, decides).
   *
   * @throws NotAllowedError otherwise.
   */
  async assertMayOpenPullRequest(
    repository: RepositoryCoordinates,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const name = `${repository.host}/${repository.owner}/${repository.repo}`;
    const { items } = await this.#catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${GITHUB_SLUG_ANNOTATION}`]: `${repository.owner}/${repository.repo}`,
        },
      },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    const registeredThere = items.filter(entity => {
      try {
        const found = this.#repositories.of(entity);
        return (
          found.target === 'github' &&
          same(`${found.host}/${found.owner}/${found.repo}`, name)
        );
      } catch {
        return false;
      }
    });
    const denied = await this.#access.deniedAmong(
      registeredThere,
      repositoryChangePermission,
      credentials,
    );
    if (denied.length === registeredThere.length) {
      const holds = registeredThere.length
        ? ` (it holds ${registeredThere.map(describe).join(', ')})`
        : '';
      throw new NotAllowedError(
        `Pull requests go only to repositories of components you own; no component you own is registered from ${name}${holds}`,
      );
    }
  }

  /**
   * The ingress hosts of a new service must be inside the configured domains and held by no other
   * component: neither its host (recorded as `paved.dev/ingress-host`) nor the host of any
   * environment, including environments either service may add later.
   *
   * @throws InputError outside the domains, ConflictError when another component holds a host.
   */
  async assertIngressHostsFree(values: ServiceValues): Promise<void> {
    const { host } = values.ingress;
    if (!host) {
      return;
    }
    const domain = this.#ingressDomains.find(
      d => host === d || host.endsWith(`.${d}`),
    );
    if (this.#ingressDomains.length && !domain) {
      throw new InputError(
        `ingressHost: ${host} is outside the platform's ingress domains (${this.#ingressDomains.join(
          ', ',
        )})`,
      );
    }
    const claimed = PAVED_ENVIRONMENTS.map(env =>
      environmentIngressHost(host, env),
    );
    const { items } = await this.#catalog.getEntities(
      {
        filter: candidateBaseHosts(claimed).map(candidate => ({
          [`metadata.annotations.${PAVED_ANNOTATIONS.ingressHost}`]: candidate,
        })),
      },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    const others = items.filter(
      entity =>
        !(entity.kind === 'Component' && entity.metadata.name === values.name),
    );
    if (others.length) {
      throw new ConflictError(
        `ingressHost ${host} collides with the hosts of ${others
          .map(describe)
          .join(', ')}`,
      );
    }
  }
}

function describe(entity: Entity): string {
  const owner = entity.spec?.owner;
  return `${stringifyEntityRef(entity)}${owner ? ` (owner ${owner})` : ''}`;
}

/**
 * The ingress hosts of other services whose environments would serve one of `hosts`: each host
 * itself, and the host it is an environment's host of.
 */
function candidateBaseHosts(hosts: string[]): string[] {
  const bases = hosts
    .map(host => ({ host, base: host.slice(host.indexOf('.') + 1) }))
    .filter(({ host, base }) =>
      PAVED_ENVIRONMENTS.some(
        env => environmentIngressHost(base, env) === host,
      ),
    )
    .map(({ base }) => base);
  return [...new Set([...hosts, ...bases])];
}
