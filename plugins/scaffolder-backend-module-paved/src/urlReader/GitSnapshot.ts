import fs from 'node:fs';
import { NotFoundError } from '@backstage/errors';
import git from 'isomorphic-git';
import { isCommitHash } from '../localGit/names';

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
  content(): Promise<Buffer>;
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
  static async open(gitdir: string, ref?: string): Promise<GitSnapshot> {
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

  private constructor(gitdir: string, commitHash: string, committedAt: Date) {
    this.#gitdir = gitdir;
    this.commitHash = commitHash;
    this.committedAt = committedAt;
  }

  /** Reads the blob at `path`; a directory or a missing path is a `NotFoundError`. */
  async readFile(path: string): Promise<{ oid: string; content: Buffer }> {
    if (!path) {
      throw new NotFoundError('The repository root is a directory, not a file');
    }
    try {
      const { oid, blob } = await git.readBlob({
        fs,
        gitdir: this.#gitdir,
        oid: this.commitHash,
        filepath: path,
      });
      return { oid, content: Buffer.from(blob) };
    } catch (error) {
      if (isMissing(error)) {
        throw new NotFoundError(`No file '${path}' at ${this.commitHash}`);
      }
      throw error;
    }
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
    const visit = async (treeOid: string, prefix: string) => {
      const { tree } = await git.readTree({
        fs,
        gitdir: this.#gitdir,
        oid: treeOid,
      });
      for (const entry of tree) {
        const entryPath = prefix ? `${prefix}/${entry.path}` : entry.path;
        if (entry.type === 'tree') {
          await visit(entry.oid, entryPath);
        } else if (KIND_BY_MODE[entry.mode]) {
          files.push({
            path: entryPath,
            kind: KIND_BY_MODE[entry.mode],
            content: () => this.#readBlob(entry.oid),
          });
        }
      }
    };
    await visit(root.oid, '');
    return { oid: root.oid, files };
  }

  async #readBlob(oid: string): Promise<Buffer> {
    const { blob } = await git.readBlob({ fs, gitdir: this.#gitdir, oid });
    return Buffer.from(blob);
  }
}
