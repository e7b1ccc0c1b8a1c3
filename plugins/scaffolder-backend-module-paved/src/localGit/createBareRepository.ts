import fs from 'node:fs';
import git from 'isomorphic-git';
import { CommitAuthor } from './commitAuthor';
import { writeCommitObject, writeDirectoryTree } from './commitDirectory';

/**
 * Options for {@link createBareRepository}.
 *
 * @internal
 */
export interface CreateBareRepositoryOptions {
  /** Directory whose files become the first commit. */
  sourceDir: string;
  /** Where to create the bare repository; must not exist or be empty. */
  gitdir: string;
  branch: string;
  message: string;
  author: CommitAuthor;
  /** Commit time; defaults to now. */
  date?: Date;
}

/**
 * Creates a bare repository whose only commit, on `branch`, holds every file below `sourceDir`
 * (executable bits and symbolic links kept, `.git` directories and empty directories left out).
 *
 * @internal
 */
export async function createBareRepository(
  options: CreateBareRepositoryOptions,
): Promise<{ commitHash: string; fileCount: number }> {
  const { gitdir, branch } = options;
  await git.init({ fs, gitdir, bare: true, defaultBranch: branch });
  const tree = await writeDirectoryTree(gitdir, options.sourceDir);
  const commitHash = await writeCommitObject({
    gitdir,
    tree: tree.oid,
    parents: [],
    message: options.message,
    author: options.author,
    date: options.date,
  });
  await git.writeRef({
    fs,
    gitdir,
    ref: `refs/heads/${branch}`,
    value: commitHash,
  });
  return { commitHash, fileCount: tree.fileCount };
}
