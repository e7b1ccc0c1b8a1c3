import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadTreeResponseDirOptions,
  UrlReaderServiceReadTreeResponseFile,
} from '@backstage/backend-plugin-api';
import { ReadTreeResponseFactory } from '@backstage/backend-defaults/urlReader';
import { pack } from 'tar-stream';
import { GitSnapshotFile } from './GitSnapshot';

const MODES = { file: 0o644, executable: 0o755, symlink: 0o777 } as const;

/**
 * A directory of a commit as a read-tree response. `files()` lists the regular and executable
 * files; `dir()` and `archive()` also keep executable bits and symbolic links, as a checkout
 * would. Links that point outside the directory are dropped when it is written out.
 *
 * @internal
 */
export class GitTreeResponse implements UrlReaderServiceReadTreeResponse {
  readonly etag: string;
  readonly #files: GitSnapshotFile[];
  readonly #lastModifiedAt: Date;
  readonly #treeResponseFactory: ReadTreeResponseFactory;
  #read = false;

  static async create(options: {
    files: GitSnapshotFile[];
    etag: string;
    lastModifiedAt: Date;
    filter?: (path: string, info: { size: number }) => boolean;
    treeResponseFactory: ReadTreeResponseFactory;
  }): Promise<GitTreeResponse> {
    const { filter } = options;
    const selected: GitSnapshotFile[] = [];
    for (const file of options.files) {
      const content = await file.content();
      if (!filter || filter(file.path, { size: content.length })) {
        selected.push({ ...file, content: async () => content });
      }
    }
    return new GitTreeResponse(selected, options);
  }

  private constructor(
    files: GitSnapshotFile[],
    options: {
      etag: string;
      lastModifiedAt: Date;
      treeResponseFactory: ReadTreeResponseFactory;
    },
  ) {
    this.#files = files;
    this.etag = options.etag;
    this.#lastModifiedAt = options.lastModifiedAt;
    this.#treeResponseFactory = options.treeResponseFactory;
  }

  async files(): Promise<UrlReaderServiceReadTreeResponseFile[]> {
    this.#onlyOnce();
    return this.#files
      .filter(file => file.kind !== 'symlink')
      .map(file => ({
        path: file.path,
        content: file.content,
        lastModifiedAt: this.#lastModifiedAt,
      }));
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
    // Backstage's own tar response writes the files, with their modes, and refuses links that
    // leave the target directory.
    const response = await this.#treeResponseFactory.fromTarArchive({
      stream: await this.#tar(),
      etag: this.etag,
      stripFirstDirectory: false,
    });
    return response.dir(options);
  }

  #onlyOnce() {
    if (this.#read) {
      throw new Error('Response has already been read');
    }
    this.#read = true;
  }

  async #tar(): Promise<Readable> {
    const archive = pack();
    const mtime = this.#lastModifiedAt;
    for (const file of this.#files) {
      const content = await file.content();
      const header = { name: file.path, mode: MODES[file.kind], mtime };
      if (file.kind === 'symlink') {
        archive.entry({
          ...header,
          type: 'symlink',
          linkname: content.toString('utf8'),
        });
      } else {
        archive.entry(header, content);
      }
    }
    archive.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of archive) {
      chunks.push(chunk as Buffer);
    }
    return Readable.from([Buffer.concat(chunks)]);
  }
}
