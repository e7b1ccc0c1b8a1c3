import { resolve as resolvePath, relative, isAbsolute, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  assertRepoName,
  isCommitHash,
  isValidRefName,
  isValidRepoName,
  normalizeRepoPath,
} from './names';

/**
 * Where the local repositories live when `paved.localGit.directory` is not set, relative to the
 * backend's working directory.
 *
 * @public
 */
export const DEFAULT_LOCAL_GIT_DIRECTORY = '.paved/git';

/**
 * A file, directory or glob inside one of the local repositories, as named by a URL.
 *
 * @public
 */
export interface LocalGitLocation {
  /** The repository name, a DNS-1123 label. */
  repoName: string;
  /** Absolute path of the bare repository. */
  gitdir: string;
  /** Branch, tag or full commit hash; `undefined` means the repository's HEAD. */
  ref?: string;
  /** Slash-separated path inside the tree, `''` for its root. */
  path: string;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * The directory of bare repositories behind `paved:publish:local`, and the `file:` URLs that
 * name their contents.
 *
 * @remarks
 *
 * `file:///<directory>/<name>.git` is the repository itself (what `git clone` takes);
 * `.../<name>.git/blob/<ref>/<path>` is a file and `.../<name>.git/tree/<ref>/<path>/` a
 * directory at a branch, tag or commit, as on GitHub. Everything after `<name>.git` is read from
 * the git objects, never from the file system.
 *
 * @public
 */
export class LocalGitDirectory {
  /** Absolute path of the directory that holds the bare repositories. */
  readonly root: string;

  /**
   * Reads `paved.localGit.directory`; relative paths resolve against the working directory.
   */
  static fromConfig(config: Config): LocalGitDirectory {
    return LocalGitDirectory.create({
      directory:
        config.getOptionalString('paved.localGit.directory') ??
        DEFAULT_LOCAL_GIT_DIRECTORY,
    });
  }

  /** Uses `options.directory`, resolved against the working directory when relative. */
  static create(options: { directory: string }): LocalGitDirectory {
    return new LocalGitDirectory(resolvePath(options.directory));
  }

  private constructor(root: string) {
    this.root = root;
  }

  /** Absolute path of the bare repository `<name>.git`. */
  repositoryPath(repoName: string): string {
    assertRepoName(repoName);
    return resolvePath(this.root, `${repoName}.git`);
  }

  /** The `file:` URL of the bare repository, as `git clone` takes it. */
  remoteUrl(repoName: string): string {
    return pathToFileURL(this.repositoryPath(repoName)).href;
  }

  /** URL of the file at `path` on `ref`. */
  blobUrl(repoName: string, ref: string, path: string): string {
    const filePath = normalizeRepoPath(path, 'path');
    return `${this.remoteUrl(repoName)}/blob/${encodeURIComponent(
      ref,
    )}/${encodePath(filePath)}`;
  }

  /** URL of the directory at `path` (default: the root) on `ref`, with a trailing slash. */
  treeUrl(repoName: string, ref: string, path: string = ''): string {
    const dirPath = normalizeRepoPath(path, 'path');
    const suffix = dirPath ? `${encodePath(dirPath)}/` : '';
    return `${this.remoteUrl(repoName)}/tree/${encodeURIComponent(
      ref,
    )}/${suffix}`;
  }

  /** Whether `url` is a `file:` URL below this directory, i.e. one this package must answer. */
  owns(url: URL): boolean {
    return this.#relativeSegments(url) !== undefined;
  }

  /**
   * Parses a URL below this directory.
   *
   * @throws InputError when the URL is below the directory but does not name a repository
   * location.
   */
  parseUrl(url: string | URL): LocalGitLocation {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    const segments = this.#relativeSegments(parsed);
    if (!segments) {
      throw new InputError(`url: '${parsed.href}' is not below ${this.root}`);
    }
    const [repoDir, kind, ref, ...rest] = segments;
    const repoName = repoDir.endsWith('.git') ? repoDir.slice(0, -4) : '';
    const malformed = () =>
      new InputError(
        `url: '${parsed.href}' does not name a local repository location; expected ` +
          `file://${this.root}/<name>.git[/blob|tree/<ref>/<path>]`,
      );
    if (!isValidRepoName(repoName) || parsed.search || parsed.hash) {
      throw malformed();
    }
    const gitdir = resolvePath(this.root, repoDir);
    if (kind === undefined) {
      return { repoName, gitdir, path: '' };
    }
    if (
      (kind !== 'blob' && kind !== 'tree') ||
      ref === undefined ||
      !(isValidRefName(ref) || isCommitHash(ref))
    ) {
      throw malformed();
    }
    return {
      repoName,
      gitdir,
      ref,
      path: normalizeRepoPath(rest.join('/'), 'url'),
    };
  }

  #relativeSegments(url: URL): string[] | undefined {
    if (url.protocol !== 'file:' || url.hostname !== '') {
      return undefined;
    }
    let fsPath: string;
    try {
      fsPath = fileURLToPath(url);
    } catch {
      return undefined;
    }
    const rel = relative(this.root, fsPath);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) {
      return undefined;
    }
    return rel.split(sep);
  }
}
