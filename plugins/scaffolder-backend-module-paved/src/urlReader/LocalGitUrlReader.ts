import fs from 'node:fs';
import { Readable } from 'node:stream';
import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReaderFactory,
  ReadTreeResponseFactory,
  ReadUrlResponseFactory,
} from '@backstage/backend-defaults/urlReader';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import {
  LocalGitDirectory,
  LocalGitLocation,
} from '../localGit/LocalGitDirectory';
import { GitSnapshot, joinRepoPath } from './GitSnapshot';
import { GitTreeResponse } from './GitTreeResponse';
import {
  DEFAULT_LOCAL_GIT_READ_LIMITS,
  LocalGitReadLimits,
  readLimitsFromConfig,
  TreeReadBudget,
} from './readLimits';
import { parseSearchPattern } from './searchPattern';

/**
 * Reads the `file:` URLs of {@link LocalGitDirectory} (what `paved:publish:local` outputs) from
 * the committed git objects, so the catalog can register and refresh locally published
 * components.
 *
 * @remarks
 *
 * Only URLs below the configured directory are claimed; every other `file:` URL still falls
 * through to the default readers, which refuse it. Content comes from the commit a branch, tag
 * or hash names, never from a working copy, and the path inside the repository is looked up in
 * git trees, so it cannot reach the file system. What one read may load is bounded by
 * `paved.localGit.reader` ({@link LocalGitReadLimits}).
 *
 * @public
 */
export class LocalGitUrlReader implements UrlReaderService {
  /**
   * The {@link @backstage/backend-defaults/urlReader#ReaderFactory} that installs a reader of
   * `directory`, claiming only its URLs, with the limits of `paved.localGit.reader`.
   */
  static readerFactory(directory: LocalGitDirectory): ReaderFactory {
    return ({ config, treeResponseFactory }) => {
      const reader = LocalGitUrlReader.create({
        directory,
        treeResponseFactory,
        limits: readLimitsFromConfig(config),
      });
      return [{ reader, predicate: url => directory.owns(url) }];
    };
  }

  /**
   * Creates a reader for the repositories of `options.directory`; `options.limits` defaults to
   * {@link DEFAULT_LOCAL_GIT_READ_LIMITS}.
   */
  static create(options: {
    directory: LocalGitDirectory;
    treeResponseFactory: ReadTreeResponseFactory;
    limits?: LocalGitReadLimits;
  }): LocalGitUrlReader {
    return new LocalGitUrlReader(
      options.directory,
      options.treeResponseFactory,
      options.limits ?? DEFAULT_LOCAL_GIT_READ_LIMITS,
    );
  }

  readonly #directory: LocalGitDirectory;
  readonly #treeResponseFactory: ReadTreeResponseFactory;
  readonly #limits: LocalGitReadLimits;

  private constructor(
    directory: LocalGitDirectory,
    treeResponseFactory: ReadTreeResponseFactory,
    limits: LocalGitReadLimits,
  ) {
    this.#directory = directory;
    this.#treeResponseFactory = treeResponseFactory;
    this.#limits = limits;
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { snapshot, location } = await this.#open(url);
    const { oid, content } = await snapshot.readFile(location.path);
    // A blob cannot change without a new commit, so the commit time bounds its last change.
    if (
      options?.etag === oid ||
      (options?.lastModifiedAfter &&
        snapshot.committedAt <= options.lastModifiedAfter)
    ) {
      throw new NotModifiedError();
    }
    return ReadUrlResponseFactory.fromReadable(Readable.from([content]), {
      etag: oid,
      lastModifiedAt: snapshot.committedAt,
    });
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const { snapshot, location } = await this.#open(url);
    const { oid, files } = await snapshot.listFiles(location.path);
    if (options?.etag === oid) {
      throw new NotModifiedError();
    }
    return GitTreeResponse.create({
      files,
      directory: location.path,
      etag: oid,
      lastModifiedAt: snapshot.committedAt,
      filter: options?.filter,
      limits: this.#limits,
      treeResponseFactory: this.#treeResponseFactory,
    });
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    const { snapshot, location } = await this.#open(url);
    const pattern = parseSearchPattern(location.path);
    const ref = location.ref ?? snapshot.commitHash;

    if (pattern.kind === 'file') {
      let file;
      try {
        file = await snapshot.readFile(location.path);
      } catch (error) {
        if ((error as Error).name === 'NotFoundError') {
          return { files: [], etag: snapshot.commitHash };
        }
        throw error;
      }
      if (options?.etag === file.oid) {
        throw new NotModifiedError();
      }
      return {
        etag: file.oid,
        files: [
          {
            url: this.#directory.blobUrl(location.repoName, ref, location.path),
            content: async () => file.content,
            lastModifiedAt: snapshot.committedAt,
          },
        ],
      };
    }

    const { base } = pattern;
    let listing;
    try {
      listing = await snapshot.listFiles(base);
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') {
        return { files: [], etag: snapshot.commitHash };
      }
      throw error;
    }
    if (options?.etag === listing.oid) {
      throw new NotModifiedError();
    }
    const matching = listing.files
      .filter(file => file.kind !== 'symlink')
      .map(file => ({
        ...file,
        path: joinRepoPath(base, file.path),
      }))
      .filter(file => pattern.matches(file.path));
    const budget = new TreeReadBudget(this.#limits, base);
    for (const file of matching) {
      budget.add(file.path, await file.size());
    }
    return {
      etag: listing.oid,
      files: matching.map(file => ({
        url: this.#directory.blobUrl(location.repoName, ref, file.path),
        content: file.content,
        lastModifiedAt: snapshot.committedAt,
      })),
    };
  }

  toString() {
    return `paved-local-git{directory=${this.#directory.root}}`;
  }

  async #open(
    url: string,
  ): Promise<{ snapshot: GitSnapshot; location: LocalGitLocation }> {
    const location = this.#directory.parseUrl(url);
    const stat = await fs.promises
      .lstat(location.gitdir)
      .catch(() => undefined);
    if (!stat?.isDirectory()) {
      throw new NotFoundError(`No local repository '${location.repoName}'`);
    }
    const snapshot = await GitSnapshot.open(
      location.gitdir,
      location.ref,
      this.#limits,
    );
    return { snapshot, location };
  }
}
