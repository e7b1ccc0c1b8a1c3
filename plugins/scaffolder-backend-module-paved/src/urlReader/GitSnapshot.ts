import fs from 'node:fs';
import { NotFoundError } from '@backstage/errors';
import git from 'isomorphic-git';
import { isCommitHash } from '../localGit/names';
import { looseBlobSize } from './looseBlobSize';
import {
  assertFileSize,
  assertTreeFileCount,
  LocalGitReadLimits,
} from './readLimits';

/** How git stores a file: plain, executable, or a symbolic link whose content is its target. */
export type GitFileKind = 'file' | 'executable' | 'symlink';

const KIND_BY_MODE: Record<string, GitFileKind> = {
  '100644': 'file',
  '100755': 'executable',
  '120000': 'symlink',
};

/** A file of a tree listing; `path` is relative to the listed directory. */
export interface GitSnapshotFile {
  path: string;
  kind: GitFileKind;
  /** Its size in bytes: read from the object header when loose, else by loading the blob. */
  size(): Promise<number>;
  /** Loads the blob; @throws NotAllowedError when it is larger than `maxFileBytes`. */
  content(): Promise<Buffer>;
}

/** `path` below `directory`, both slash-separated, `''` being the root. */
export function joinRepoPath(directory: string, path: string): string {
  return directory ? `${directory}/${path}` : path;
}

const MISSING_OBJECT_ERRORS = ['NotFoundError', 'ObjectTypeError'];

function isMissing(error: unknown): boolean {
  return MISSING_OBJECT_ERRORS.includes(
    (error as { code?: string })?.code ?? '',
  );
}

/**
 * One commit of a bare repository, read straight from its objects.
 *
 * @internal
 */
export class GitSnapshot {
  /**
   * Resolves `ref` (a branch, then a tag, or a full commit hash; `undefined` is HEAD) to a commit.
   */
  static async open(
    gitdir: string,
    ref: string | undefined,
    limits: LocalGitReadLimits,
  ): Promise<GitSnapshot> {
    const candidates = ref === undefined ? ['HEAD'] : [ref];
    if (ref !== undefined && !isCommitHash(ref)) {
      candidates.splice(0, 1, `refs/heads/${ref}`, `refs/tags/${ref}`);
    }
    for (const candidate of candidates) {
      try {
        const oid = await git.resolveRef({ fs, gitdir, ref: candidate });
        // readCommit peels annotated tags down to their commit.
        const { oid: commitHash, commit } = await git.readCommit({
          fs,
          gitdir,
          oid,
        });
        return new GitSnapshot(
          gitdir,
          commitHash,
          new Date(commit.committer.timestamp * 1000),
          limits,
        );
      } catch (error) {
        if (!isMissing(error)) {
          throw error;
        }
      }
    }
    throw new NotFoundError(`No commit '${ref ?? 'HEAD'}' in the repository`);
  }

  readonly commitHash: string;
  readonly committedAt: Date;
  readonly #gitdir: string;
  readonly #limits: LocalGitReadLimits;

  private constructor(
    gitdir: string,
    commitHash: string,
    committedAt: Date,
    limits: LocalGitReadLimits,
  ) {
    this.#gitdir = gitdir;
    this.commitHash = commitHash;
    this.committedAt = committedAt;
    this.#limits = limits;
  }

  /**
   * Reads the blob at `path`; a directory or a missing path is a `NotFoundError`, a blob larger
   * than `maxFileBytes` a `NotAllowedError`.
   */
  async readFile(path: string): Promise<{ oid: string; content: Buffer }> {
    if (!path) {
      throw new NotFoundError('The repository root is a directory, not a file');
    }
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    let entries;
    try {
      ({ tree: entries } = await git.readTree({
        fs,
        gitdir: this.#gitdir,
        oid: this.commitHash,
        filepath: slash === -1 ? undefined : path.slice(0, slash),
      }));
    } catch (error) {
      if (!isMissing(error)) {
        throw error;
      }
    }
    const entry = entries?.find(e => e.path === name && e.type === 'blob');
    if (!entry) {
      throw new NotFoundError(`No file '${path}' at ${this.commitHash}`);
    }
    return { oid: entry.oid, content: await this.#readBlob(entry.oid, path) };
  }

  /**
   * Lists the files and symbolic links below directory `path` (`''` is the root), with the
   * directory's tree id; submodules are left out.
   */
  async listFiles(
    path: string,
  ): Promise<{ oid: string; files: GitSnapshotFile[] }> {
    let root;
    try {
      root = await git.readTree({
        fs,
        gitdir: this.#gitdir,
        oid: this.commitHash,
        filepath: path || undefined,
      });
    } catch (error) {
      if (isMissing(error)) {
        throw new NotFoundError(`No directory '${path}' at ${this.commitHash}`);
      }
      throw error;
    }
    const files: GitSnapshotFile[] = [];
    let listed = 0;
    const visit = async (treeOid: string, prefix: string) => {
      const { tree } = await git.readTree({
        fs,
        gitdir: this.#gitdir,
        oid: treeOid,
      });
      for (const entry of tree) {
        const entryPath = joinRepoPath(prefix, entry.path);
        if (entry.type === 'tree') {
          await visit(entry.oid, entryPath);
        } else if (KIND_BY_MODE[entry.mode]) {
          assertTreeFileCount(this.#limits, path, ++listed);
          files.push(
            this.#file(entry.oid, entryPath, KIND_BY_MODE[entry.mode], path),
          );
        }
      }
    };
    await visit(root.oid, '');
    return { oid: root.oid, files };
  }

  #file(
    oid: string,
    path: string,
    kind: GitFileKind,
    listedDirectory: string,
  ): GitSnapshotFile {
    const repoPath = joinRepoPath(listedDirectory, path);
    let size: Promise<number> | undefined;
    return {
      path,
      kind,
      size: () => {
        size ??= looseBlobSize(this.#gitdir, oid).then(
          async peeked => peeked ?? (await this.#loadBlob(oid)).length,
        );
        return size;
      },
      content: () => this.#readBlob(oid, repoPath),
    };
  }

  async #readBlob(oid: string, path: string): Promise<Buffer> {
    const peekedSize = await looseBlobSize(this.#gitdir, oid);
    if (peekedSize !== undefined) {
      assertFileSize(this.#limits, path, peekedSize);
    }
    const blob = await this.#loadBlob(oid);
    assertFileSize(this.#limits, path, blob.length);
    return blob;
  }

  async #loadBlob(oid: string): Promise<Buffer> {
    const { blob } = await git.readBlob({ fs, gitdir: this.#gitdir, oid });
    return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  }
}
