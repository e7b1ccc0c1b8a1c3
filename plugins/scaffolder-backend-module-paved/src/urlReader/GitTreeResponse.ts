import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadTreeResponseDirOptions,
  UrlReaderServiceReadTreeResponseFile,
} from '@backstage/backend-plugin-api';
import { ReadTreeResponseFactory } from '@backstage/backend-defaults/urlReader';
import { pack, Pack } from 'tar-stream';
import { GitSnapshotFile, joinRepoPath } from './GitSnapshot';
import { LocalGitReadLimits, TreeReadBudget } from './readLimits';
import {
  linksInsideTree,
  MAX_LINK_TARGET_BYTES,
  removeEscapingLinks,
  TreeLink,
} from './safeLinks';

const MODES = { file: 0o644, executable: 0o755, symlink: 0o777 } as const;

/** What a response writes out: a file, or a link whose target stays inside the tree. */
type TreeEntry =
  | (GitSnapshotFile & { kind: 'file' | 'executable' })
  | (TreeLink & { kind: 'symlink' });

/**
 * A directory of a commit as a read-tree response. `files()` lists the regular and executable
 * files; `dir()` and `archive()` also keep executable bits and the symbolic links whose target,
 * followed through the tree's own links, is a file or directory of the tree, as a checkout would.
 *
 * @remarks
 *
 * The size of the tree is checked against the limits when the response is created; contents
 * are loaded one file at a time when they are read, and archives are streamed.
 *
 * @internal
 */
export class GitTreeResponse implements UrlReaderServiceReadTreeResponse {
  readonly etag: string;
  readonly #entries: TreeEntry[];
  readonly #lastModifiedAt: Date;
  readonly #treeResponseFactory: ReadTreeResponseFactory;
  #read = false;

  /**
   * @param options.directory - the tree's path in the repository, for error messages
   * @throws NotAllowedError when a selected file exceeds `limits.maxFileBytes`, or all of them
   * `limits.maxTreeBytes`
   */
  static async create(options: {
    files: GitSnapshotFile[];
    directory: string;
    etag: string;
    lastModifiedAt: Date;
    filter?: (path: string, info: { size: number }) => boolean;
    limits: LocalGitReadLimits;
    treeResponseFactory: ReadTreeResponseFactory;
  }): Promise<GitTreeResponse> {
    const { filter, directory, limits } = options;
    const budget = new TreeReadBudget(limits, directory);
    const files: TreeEntry[] = [];
    const links: TreeLink[] = [];
    for (const file of options.files) {
      const size = await file.size();
      if (filter && !filter(file.path, { size })) {
        continue;
      }
      budget.add(joinRepoPath(directory, file.path), size);
      if (file.kind !== 'symlink') {
        files.push({ ...file, kind: file.kind });
      } else if (size <= MAX_LINK_TARGET_BYTES) {
        const target = (await file.content()).toString('utf8');
        links.push({ path: file.path, target });
      }
    }
    const linksInside = linksInsideTree(
      files.map(file => file.path),
      links,
    ).map(link => ({ ...link, kind: 'symlink' as const }));
    const entries = [...files, ...linksInside];
    return new GitTreeResponse(entries, options);
  }

  private constructor(
    entries: TreeEntry[],
    options: {
      etag: string;
      lastModifiedAt: Date;
      treeResponseFactory: ReadTreeResponseFactory;
    },
  ) {
    this.#entries = entries;
    this.etag = options.etag;
    this.#lastModifiedAt = options.lastModifiedAt;
    this.#treeResponseFactory = options.treeResponseFactory;
  }

  async files(): Promise<UrlReaderServiceReadTreeResponseFile[]> {
    this.#onlyOnce();
    return this.#entries.flatMap(entry =>
      entry.kind === 'symlink'
        ? []
        : [
            {
              path: entry.path,
              content: entry.content,
              lastModifiedAt: this.#lastModifiedAt,
            },
          ],
    );
  }

  async archive(): Promise<NodeJS.ReadableStream> {
    this.#onlyOnce();
    return this.#tar();
  }

  async dir(
    options?: UrlReaderServiceReadTreeResponseDirOptions,
  ): Promise<string> {
    this.#onlyOnce();
    if (options?.targetDir) {
      await fs.mkdir(options.targetDir, { recursive: true });
    }
    // Backstage's own tar response writes the files with their modes; it checks link targets
    // as text only, so the links are checked again on disk once everything is written.
    // node-tar refuses an archive without entries, hence the empty array for an empty tree.
    const response =
      this.#entries.length === 0
        ? await this.#treeResponseFactory.fromReadableArray([])
        : await this.#treeResponseFactory.fromTarArchive({
            stream: this.#tar(),
            etag: this.etag,
            stripFirstDirectory: false,
          });
    const dir = await response.dir(options);
    await removeEscapingLinks(
      dir,
      this.#entries.filter(e => e.kind === 'symlink').map(e => e.path),
    );
    return dir;
  }

  #onlyOnce() {
    if (this.#read) {
      throw new Error('Response has already been read');
    }
    this.#read = true;
  }

  /** Streams the entries as a tar archive, loading the next file only once one is consumed. */
  #tar(): Readable {
    const archive = pack();
    const writeEntries = async () => {
      for (const entry of this.#entries) {
        await this.#writeEntry(archive, entry);
      }
      archive.finalize();
    };
    writeEntries().catch(error => archive.destroy(error));
    return Readable.from(archive, { objectMode: false });
  }

  async #writeEntry(archive: Pack, entry: TreeEntry): Promise<void> {
    const header = {
      name: entry.path,
      mode: MODES[entry.kind],
      mtime: this.#lastModifiedAt,
    };
    if (entry.kind === 'symlink') {
      const linkname = entry.target;
      await written(done =>
        archive.entry({ ...header, type: 'symlink', linkname }, done),
      );
    } else {
      const content = await entry.content();
      await written(done => archive.entry(header, content, done));
    }
  }
}

// tar-stream calls an entry back once the consumer has taken it in.
function written(
  addEntry: (done: (error?: Error | null) => void) => void,
): Promise<void> {
  return new Promise((resolve, reject) =>
    addEntry(error => (error ? reject(error) : resolve())),
  );
}
