import fs from 'node:fs';
import { join } from 'node:path';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import git, { TreeEntry } from 'isomorphic-git';
import { LocalGitDirectory } from '../../localGit/LocalGitDirectory';
import { LocalGitUrlReader } from '../LocalGitUrlReader';

/**
 * A URL reader service that has the local git reader for `directory`, configured with
 * `paved.localGit.reader: readerConfig`; config names no directory, so the reader uses the one
 * it is given.
 */
export function createTestReader(
  directory: LocalGitDirectory,
  readerConfig?: object,
): UrlReaderService {
  return UrlReaders.create({
    config: new ConfigReader({ paved: { localGit: { reader: readerConfig } } }),
    logger: mockServices.logger.mock(),
    factories: [LocalGitUrlReader.readerFactory(directory)],
  });
}

/** A file of a test repository: its content, an executable, or a link and its target. */
export type TestRepositoryFile =
  | string
  | Buffer
  | { executable: string }
  | { symlink: string };

interface TestDirectory {
  [name: string]: TestDirectory | TestRepositoryFile;
}

function isFile(
  node: TestDirectory | TestRepositoryFile,
): node is TestRepositoryFile {
  return (
    typeof node === 'string' ||
    Buffer.isBuffer(node) ||
    'executable' in node ||
    'symlink' in node
  );
}

function nest(files: Record<string, TestRepositoryFile>): TestDirectory {
  const root: TestDirectory = {};
  for (const [path, file] of Object.entries(files)) {
    const names = path.split('/');
    let directory = root;
    for (const name of names.slice(0, -1)) {
      directory[name] ??= {};
      directory = directory[name] as TestDirectory;
    }
    directory[names[names.length - 1]] = file;
  }
  return root;
}

/**
 * Creates the bare repository `gitdir` with one commit on `main` that holds `files` (keys are
 * slash-separated paths). Objects are written one by one, so link targets are stored exactly as
 * given, as a repository pushed from anywhere could hold them.
 *
 * @returns the commit and every object written, loose
 */
export async function createTestRepository(
  gitdir: string,
  files: Record<string, TestRepositoryFile>,
): Promise<{ commitHash: string; oids: string[] }> {
  await git.init({ fs, gitdir, bare: true, defaultBranch: 'main' });
  const oids: string[] = [];
  const writeBlob = async (content: string | Buffer) => {
    const oid = await git.writeBlob({ fs, gitdir, blob: Buffer.from(content) });
    oids.push(oid);
    return oid;
  };
  const writeDirectory = async (directory: TestDirectory): Promise<string> => {
    const tree: TreeEntry[] = [];
    for (const [path, node] of Object.entries(directory)) {
      if (!isFile(node)) {
        const oid = await writeDirectory(node);
        tree.push({ mode: '040000', path, oid, type: 'tree' });
      } else if (typeof node === 'string' || Buffer.isBuffer(node)) {
        const oid = await writeBlob(node);
        tree.push({ mode: '100644', path, oid, type: 'blob' });
      } else if ('executable' in node) {
        const oid = await writeBlob(node.executable);
        tree.push({ mode: '100755', path, oid, type: 'blob' });
      } else {
        const oid = await writeBlob(node.symlink);
        tree.push({ mode: '120000', path, oid, type: 'blob' });
      }
    }
    const oid = await git.writeTree({ fs, gitdir, tree });
    oids.push(oid);
    return oid;
  };
  const tree = await writeDirectory(nest(files));
  const commitHash = await writeTestCommit({ gitdir, tree, message: 'test' });
  oids.push(commitHash);
  await git.writeRef({ fs, gitdir, ref: 'refs/heads/main', value: commitHash });
  return { commitHash, oids };
}

/** Writes a commit of `tree` (no ref moves), with a fixed author and time. */
export async function writeTestCommit(options: {
  gitdir: string;
  tree: string;
  message: string;
  parents?: string[];
}): Promise<string> {
  const author = {
    name: 'a',
    email: 'a@b',
    timestamp: 1767323045,
    timezoneOffset: 0,
  };
  return git.writeCommit({
    fs,
    gitdir: options.gitdir,
    commit: {
      message: `${options.message}\n`,
      tree: options.tree,
      parent: options.parents ?? [],
      author,
      committer: author,
    },
  });
}

/** Moves `oids` of `gitdir` into a pack file, as `git gc` would, and removes the loose copies. */
export async function packTestRepository(
  gitdir: string,
  oids: string[],
): Promise<void> {
  const { filename } = await git.packObjects({
    fs,
    gitdir,
    oids,
    write: true,
  });
  await git.indexPack({
    fs,
    dir: gitdir,
    gitdir,
    filepath: join('objects', 'pack', filename),
  });
  for (const oid of oids) {
    fs.rmSync(join(gitdir, 'objects', oid.slice(0, 2)), {
      recursive: true,
      force: true,
    });
  }
}
