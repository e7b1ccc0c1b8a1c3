import { InputError } from '@backstage/errors';

/**
 * A repository name: a DNS-1123 label (lowercase letters, digits and inner dashes, at most 63
 * characters), so it can never contain a path separator or a dot segment.
 *
 * @public
 */
export const LOCAL_GIT_REPO_NAME_PATTERN =
  /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A branch or tag name the local repositories accept: one path component of letters, digits,
 * `.`, `_` and `-`, starting with a letter or digit. Slashes are left out so a ref always is one
 * segment of a repository URL.
 *
 * @public
 */
export const LOCAL_GIT_REF_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const COMMIT_HASH_PATTERN = /^[0-9a-f]{40}$/;

/** @internal */
export function isCommitHash(ref: string): boolean {
  return COMMIT_HASH_PATTERN.test(ref);
}

/** @internal */
export function isValidRepoName(name: string): boolean {
  return LOCAL_GIT_REPO_NAME_PATTERN.test(name);
}

/** @internal */
export function isValidRefName(ref: string): boolean {
  return (
    LOCAL_GIT_REF_NAME_PATTERN.test(ref) &&
    !ref.includes('..') &&
    !ref.endsWith('.') &&
    !ref.endsWith('.lock') &&
    ref !== 'HEAD'
  );
}

/** @internal */
export function assertRepoName(name: string, field = 'repoName'): void {
  if (!isValidRepoName(name)) {
    throw new InputError(
      `${field}: '${name}' is not a repository name; use lowercase letters, digits and dashes, ` +
        'starting and ending with a letter or digit, at most 63 characters',
    );
  }
}

/** @internal */
export function assertBranchName(branch: string, field: string): void {
  // A branch named like a commit hash would make `/blob/<ref>/` URLs ambiguous.
  if (!isValidRefName(branch) || isCommitHash(branch)) {
    throw new InputError(
      `${field}: '${branch}' is not a branch name; use letters, digits, '.', '_' and '-', ` +
        'no slashes, no "..", not ending in "." or ".lock"',
    );
  }
}

/**
 * Normalises a path inside a repository (`/catalog-info.yaml`, `docs/index.md`) to its
 * slash-separated form without a leading slash (`''` is the root), rejecting anything that
 * would leave the tree.
 *
 * @internal
 */
export function normalizeRepoPath(path: string, field: string): string {
  const segments = path.split('/').filter(s => s !== '' && s !== '.');
  if (segments.some(s => s === '..' || s.includes('\\') || s.includes('\0'))) {
    throw new InputError(`${field}: '${path}' must stay inside the repository`);
  }
  return segments.join('/');
}
