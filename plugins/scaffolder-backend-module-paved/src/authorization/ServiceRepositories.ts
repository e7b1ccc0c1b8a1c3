import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  formatRepoUrl,
  parseRepoUrl,
  RepositoryCoordinates,
} from '@paved/plugin-paved-common';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';

/**
 * The repository a catalog entity was registered from.
 *
 * @public
 */
export type ServiceRepository =
  | { target: 'local'; repoName: string }
  | (RepositoryCoordinates & {
      target: 'github';
      /** `<host>?owner=<owner>&repo=<repo>`, as `publish:github:pull-request` takes it. */
      repoUrl: string;
    });

/**
 * Finds the repository of a catalog entity from the location the catalog read it from
 * (`backstage.io/managed-by-location`), which the catalog sets itself. Annotations the entity's
 * authors write, such as `github.com/project-slug` or `backstage.io/source-location`, are never
 * used: anyone could point them at someone else's repository.
 *
 * @public
 */
export class ServiceRepositories {
  readonly #localGit: LocalGitDirectory;
  readonly #integrations: ScmIntegrationRegistry;

  static create(options: {
    localGit: LocalGitDirectory;
    integrations: ScmIntegrationRegistry;
  }): ServiceRepositories {
    return new ServiceRepositories(options.localGit, options.integrations);
  }

  private constructor(
    localGit: LocalGitDirectory,
    integrations: ScmIntegrationRegistry,
  ) {
    this.#localGit = localGit;
    this.#integrations = integrations;
  }

  /** @throws InputError when the entity was not registered from a local or GitHub repository. */
  of(entity: Entity): ServiceRepository {
    const ref = stringifyEntityRef(entity);
    const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
    const unsupported = (where: string) =>
      new InputError(
        `entityRef: ${ref} was registered from ${where}, which is neither a local Paved repository nor a GitHub repository`,
      );
    if (!location) {
      throw unsupported('no location');
    }
    const { type, target } = parseLocationRef(location);
    const url = type === 'url' ? this.#parseUrl(target) : undefined;
    if (!url) {
      throw unsupported(location);
    }
    if (this.#localGit.owns(url)) {
      return {
        target: 'local',
        repoName: this.#localGit.parseUrl(url).repoName,
      };
    }
    if (this.#integrations.github.byUrl(url)) {
      const [owner = '', repo = ''] = url.pathname.split('/').slice(1);
      const repository = parseRepoUrl(
        `${url.host}?owner=${encodeURIComponent(
          owner,
        )}&repo=${encodeURIComponent(repo)}`,
      );
      if ('problem' in repository) {
        throw unsupported(location);
      }
      return {
        target: 'github',
        ...repository,
        repoUrl: formatRepoUrl(repository),
      };
    }
    throw unsupported(location);
  }

  #parseUrl(target: string): URL | undefined {
    try {
      return new URL(target);
    } catch {
      return undefined;
    }
  }
}
