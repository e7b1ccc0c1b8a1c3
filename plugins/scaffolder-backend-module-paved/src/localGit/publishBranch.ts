import fs from 'node:fs';
import os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import git from 'isomorphic-git';
import { CommitAuthor } from './commitAuthor';
import { writeCommitObject, writeDirectoryTree } from './commitDirectory';
import { diffTrees, TreeChange } from './diffTrees';

/**
 * Options for {@link publishBranch}.
 *
 * @internal
 */
export interface PublishBranchOptions {
  /** Directory whose files become the tree of the new commit. */
  sourceDir: string;
  /** An existing bare repository. */
  gitdir: string;
  /** The branch to create; it must not exist. */
  branch: string;
  /** The branch whose tip becomes the parent; defaults to the branch HEAD points at. */
  baseBranch?: string;
  message: string;
  author: CommitAuthor;
  /** Commit time; defaults to now. */
  date?: Date;
}

/** What {@link publishBranch} created, or would create. @internal */
export interface PublishBranchResult {
  commitHash: string;
  baseBranch: string;
  baseCommit: string;
  fileCount: number;
  /** Every file that differs from the base commit, sorted by path. */
  changes: TreeChange[];
}

interface Base {
  branch: string;
  commit: string;
  tree: string;
}

function repoLabel(gitdir: string): string {
  return basename(gitdir).replace(/\.git$/, '');
}

async function branchExists(gitdir: string, branch: string): Promise<boolean> {
  // listBranches reads loose and packed refs alike.
  return (await git.listBranches({ fs, gitdir })).includes(branch);
}

/**
 * Checks everything a branch needs before anything is written: the repository exists, the base
 * branch resolves to a commit and the new branch does not exist yet.
 */
async function resolveBase(options: PublishBranchOptions): Promise<Base> {
  const { gitdir, branch } = options;
  const repo = repoLabel(gitdir);
  const stat = await fs.promises.lstat(gitdir).catch(() => undefined);
  const head = stat?.isDirectory()
    ? await fs.promises.lstat(join(gitdir, 'HEAD')).catch(() => undefined)
    : undefined;
  if (!head?.isFile()) {
    throw new NotFoundError(
      `There is no local repository '${repo}'; publish it first with paved:publish:local`,
    );
  }
  const baseBranch =
    options.baseBranch ??
    (await git.currentBranch({ fs, gitdir, fullname: false }));
  if (!baseBranch) {
    throw new InputError(
      `baseBranch: is required, since the HEAD of the repository '${repo}' names no branch`,
    );
  }
  if (await branchExists(gitdir, branch)) {
    throw new ConflictError(
      `The branch '${branch}' already exists in the repository '${repo}'; it was left untouched`,
    );
  }
  let commit: string;
  try {
    commit = await git.resolveRef({
      fs,
      gitdir,
      ref: `refs/heads/${baseBranch}`,
    });
  } catch {
    throw new NotFoundError(
      `The repository '${repo}' has no branch '${baseBranch}' to start from`,
    );
  }
  const { commit: parsed } = await git.readCommit({ fs, gitdir, oid: commit });
  return { branch: baseBranch, commit, tree: parsed.tree };
}

/**
 * Creates `refs/heads/<branch>` the way git does, so it appears whole or not at all and never
 * replaces a branch: the value goes into `<ref>.lock` (created exclusively, which also keeps
 * concurrent git processes out), the branch is checked again while the lock is held, and the
 * lock is renamed into place.
 */
async function createBranchRef(
  gitdir: string,
  branch: string,
  commitHash: string,
): Promise<void> {
  const refPath = join(gitdir, 'refs', 'heads', branch);
  const lockPath = `${refPath}.lock`;
  const conflict = (reason: string) =>
    new ConflictError(
      `Cannot create the branch '${branch}' in the repository '${repoLabel(
        gitdir,
      )}': ${reason}; it was left untouched`,
    );
  await fs.promises.mkdir(dirname(refPath), { recursive: true });
  let lock: fs.promises.FileHandle;
  try {
    lock = await fs.promises.open(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw conflict('another process is updating it');
    }
    throw error;
  }
  try {
    try {
      await lock.writeFile(`${commitHash}\n`);
      await lock.sync();
    } finally {
      await lock.close();
    }
    if (await branchExists(gitdir, branch)) {
      throw conflict('it was created meanwhile');
    }
    try {
      await fs.promises.rename(lockPath, refPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A directory in the way: a branch named `<branch>/...` exists.
      if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'ENOTDIR') {
        throw conflict('a branch below that name exists');
      }
      throw error;
    }
  } finally {
    await fs.promises.rm(lockPath, { force: true });
  }
}

async function commitOnto(
  base: Base,
  objectsGitdir: string,
  options: PublishBranchOptions,
): Promise<{ commitHash: string; fileCount: number; tree: string }> {
  const tree = await writeDirectoryTree(objectsGitdir, options.sourceDir);
  const commitHash = await writeCommitObject({
    gitdir: objectsGitdir,
    tree: tree.oid,
    parents: [base.commit],
    message: options.message,
    author: options.author,
    date: options.date,
  });
  return { commitHash, fileCount: tree.fileCount, tree: tree.oid };
}

/** The result of a commit on top of `base`; its objects live in `createdGitdir`. */
async function describe(
  base: Base,
  baseGitdir: string,
  created: { commitHash: string; fileCount: number; tree: string },
  createdGitdir: string,
): Promise<PublishBranchResult> {
  return {
    commitHash: created.commitHash,
    baseBranch: base.branch,
    baseCommit: base.commit,
    fileCount: created.fileCount,
    changes: await diffTrees(
      { gitdir: baseGitdir, oid: base.tree },
      { gitdir: createdGitdir, oid: created.tree },
    ),
  };
}

/**
 * Proposes a change to an existing bare repository the way a pull request would: one new commit
 * holding every file below `sourceDir` (the rules of {@link createBareRepository}), whose parent
 * is the tip of the base branch, on a new branch. No existing ref moves; the objects are written
 * first and the branch last, so a failure leaves at most unreferenced objects behind.
 *
 * @throws NotFoundError when the repository or the base branch does not exist.
 * @throws ConflictError when the branch exists; nothing is written then.
 * @internal
 */
export async function publishBranch(
  options: PublishBranchOptions,
): Promise<PublishBranchResult> {
  const { gitdir } = options;
  const base = await resolveBase(options);
  const created = await commitOnto(base, gitdir, options);
  await createBranchRef(gitdir, options.branch, created.commitHash);
  return describe(base, gitdir, created, gitdir);
}

/**
 * Computes what {@link publishBranch} would create, with the same checks, writing the new
 * objects to a scratch repository under the OS temp directory that is removed again; the
 * repository itself is only read.
 *
 * @internal
 */
export async function previewBranch(
  options: PublishBranchOptions,
): Promise<PublishBranchResult> {
  const base = await resolveBase(options);
  const scratch = await fs.promises.mkdtemp(
    join(os.tmpdir(), 'paved-publish-branch-dry-run-'),
  );
  try {
    await git.init({ fs, gitdir: scratch, bare: true });
    const created = await commitOnto(base, scratch, options);
    return await describe(base, options.gitdir, created, scratch);
  } finally {
    await fs.promises.rm(scratch, { recursive: true, force: true });
  }
}
