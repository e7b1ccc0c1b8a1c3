import fs from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@backstage/errors';
import git, { TreeEntry } from 'isomorphic-git';

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
  author: { name: string; email: string };
  /** Commit time; defaults to now. */
  date?: Date;
}

const EXECUTABLE_BITS = 0o111;

async function writeDirectory(
  gitdir: string,
  dir: string,
): Promise<{ oid: string; fileCount: number } | undefined> {
  const entries: TreeEntry[] = [];
  let fileCount = 0;
  const dirents = await fs.promises.readdir(dir, { withFileTypes: true });
  for (const dirent of dirents) {
    const path = join(dir, dirent.name);
    if (dirent.isDirectory()) {
      // A nested repository's metadata is not content; git itself refuses `.git` in trees.
      if (dirent.name === '.git') continue;
      const subtree = await writeDirectory(gitdir, path);
      if (subtree) {
        entries.push({
          mode: '040000',
          path: dirent.name,
          oid: subtree.oid,
          type: 'tree',
        });
        fileCount += subtree.fileCount;
      }
    } else if (dirent.isFile()) {
      const [content, stat] = await Promise.all([
        fs.promises.readFile(path),
        fs.promises.stat(path),
      ]);
      const oid = await git.writeBlob({ fs, gitdir, blob: content });
      const mode = stat.mode & EXECUTABLE_BITS ? '100755' : '100644';
      entries.push({ mode, path: dirent.name, oid, type: 'blob' });
      fileCount += 1;
    } else if (dirent.isSymbolicLink()) {
      // Stored as a link, never followed, so a link cannot pull in files from outside.
      const target = await fs.promises.readlink(path, { encoding: 'buffer' });
      const oid = await git.writeBlob({ fs, gitdir, blob: target });
      entries.push({ mode: '120000', path: dirent.name, oid, type: 'blob' });
      fileCount += 1;
    }
  }
  if (entries.length === 0) {
    return undefined;
  }
  return { oid: await git.writeTree({ fs, gitdir, tree: entries }), fileCount };
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
  const tree = await writeDirectory(gitdir, options.sourceDir);
  if (!tree) {
    throw new InputError('There are no files to publish');
  }
  const signature = {
    ...options.author,
    timestamp: Math.floor((options.date ?? new Date()).getTime() / 1000),
    timezoneOffset: 0,
  };
  const message = options.message.endsWith('\n')
    ? options.message
    : `${options.message}\n`;
  const commitHash = await git.writeCommit({
    fs,
    gitdir,
    commit: {
      message,
      tree: tree.oid,
      parent: [],
      author: signature,
      committer: signature,
    },
  });
  await git.writeRef({
    fs,
    gitdir,
    ref: `refs/heads/${branch}`,
    value: commitHash,
  });
  return { commitHash, fileCount: tree.fileCount };
}
