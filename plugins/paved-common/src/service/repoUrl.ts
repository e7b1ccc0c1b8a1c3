/**
 * A repository on an SCM host, as the scaffolder's `RepoUrlPicker` names it:
 * `<host>?owner=<owner>&repo=<repo>`.
 *
 * @public
 */
export interface RepositoryCoordinates {
  host: string;
  owner: string;
  repo: string;
}

const HOST =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?$/;
const OWNER_OR_REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** Whether `name` may be a GitHub owner or repository: `[A-Za-z0-9._-]`, not `.` or `..`. */
function isRepositoryName(name: string): boolean {
  return OWNER_OR_REPO.test(name) && name !== '.' && name !== '..';
}

/**
 * Parses `<host>?owner=<owner>&repo=<repo>`; returns the problem as text when it is malformed.
 * Only these two parameters are accepted, and owner and repository only as `[A-Za-z0-9._-]`.
 *
 * @public
 */
export function parseRepoUrl(
  repoUrl: string,
): RepositoryCoordinates | { problem: string } {
  const [host, query = '', ...rest] = repoUrl.split('?');
  if (rest.length || !HOST.test(host)) {
    return {
      problem: `repoUrl must look like github.com?owner=<owner>&repo=<repo>, got '${repoUrl}'`,
    };
  }
  const params = new URLSearchParams(query);
  const owner = params.get('owner') ?? '';
  const repo = params.get('repo') ?? '';
  const unknown = [...params.keys()].filter(k => k !== 'owner' && k !== 'repo');
  if (unknown.length) {
    return { problem: `repoUrl has unknown parameters: ${unknown.join(', ')}` };
  }
  if (!isRepositoryName(owner) || !isRepositoryName(repo)) {
    return {
      problem: `repoUrl must name an owner and a repository of letters, digits, '.', '_' and '-', got owner '${owner}' and repo '${repo}'`,
    };
  }
  return { host, owner, repo };
}

/**
 * The `<host>?owner=<owner>&repo=<repo>` form of a repository, as `publish:github` takes it.
 *
 * @public
 */
export function formatRepoUrl(repository: RepositoryCoordinates): string {
  return `${repository.host}?owner=${repository.owner}&repo=${repository.repo}`;
}
