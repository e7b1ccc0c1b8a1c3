import fs from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@backstage/errors';
import git, { TreeEntry } from 'isomorphic-git';
import { CommitAuthor } from './commitAuthor';

const EXECUTABLE_BITS = 0o111;

/** A tree written from a directory, with the number of files in it. @internal */
export interface WrittenTree {
  oid: string;
  fileCount: number;
}

async function writeDirectory(
  gitdir: string,
  dir: string,
): Promise<WrittenTree | undefined> {
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
 * Writes every file below `sourceDir` into the object store of `gitdir` and returns the root
 * tree: executable bits and symbolic links are kept (links are stored, never followed), `.git`
 * directories and empty directories are left out.
 *
 * @throws InputError when there is no file to write.
 * @internal
 */
export async function writeDirectoryTree(
  gitdir: string,
  sourceDir: string,
): Promise<WrittenTree> {
  const tree = await writeDirectory(gitdir, sourceDir);
  if (!tree) {
    throw new InputError('sourcePath: there are no files to publish');
  }
  return tree;
}

/**
 * Writes a commit object (and nothing else: no ref moves) and returns its hash. The author is
 * also the committer; the time zone is UTC.
 *
 * @internal
 */
export async function writeCommitObject(options: {
  gitdir: string;
  tree: string;
  parents: string[];
  message: string;
  author: CommitAuthor;
  /** Defaults to now. */
  date?: Date;
}): Promise<string> {
  const signature = {
    ...options.author,
    timestamp: Math.floor((options.date ?? new Date()).getTime() / 1000),
    timezoneOffset: 0,
  };
  const message = options.message.endsWith('\n')
    ? options.message
    : `${options.message}\n`;
  return git.writeCommit({
    fs,
    gitdir: options.gitdir,
    commit: {
      message,
      tree: options.tree,
      parent: options.parents,
      author: signature,
      committer: signature,
    },
  });
}
