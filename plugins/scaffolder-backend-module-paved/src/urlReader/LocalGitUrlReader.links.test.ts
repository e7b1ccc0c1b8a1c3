import fs from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { extract, Header } from 'tar-stream';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import {
  createTestReader,
  createTestRepository,
  TestRepositoryFile,
} from './__testUtils__/testRepository';

// `p -> .` makes every `p/` stay where it is, so these climb out of the tree for real while
// their text, read as a path, stays inside it.
const THROUGH_SELF = 'p/'.repeat(24);
const CLIMB = '../'.repeat(24);

const symlink = (target: string) => ({ symlink: target });

const KEPT_LINKS: Record<string, string> = {
  p: '.',
  link: 'run.sh',
  'dir/link': '../other/file',
  'other-dir': 'other',
  'link-to-link': 'link',
};

const ESCAPING_LINKS: Record<string, string> = {
  q: 'p/p/p/../../../../../../etc/passwd',
  r: `${THROUGH_SELF}${CLIMB}etc/passwd`,
  absolute: '/etc/passwd',
  climbing: `${CLIMB}etc/passwd`,
  'hop-1': 'hop-2',
  'hop-2': 'hop-3',
  'hop-3': 'r',
  etc: `${THROUGH_SELF}${CLIMB}etc`,
  'dirs/up': '../p/p/..',
  parent: '..',
  'loop-1': 'loop-2',
  'loop-2': 'loop-1',
  dangling: 'missing.txt',
};

const REGULAR_FILES: Record<string, TestRepositoryFile> = {
  'run.sh': { executable: '#!/bin/sh\n' },
  'other/file': 'other\n',
  'dirs/readme.md': 'dirs\n',
};

interface ArchiveEntry {
  header: Header;
  content: Buffer;
}

async function readArchive(
  archive: NodeJS.ReadableStream,
): Promise<Map<string, ArchiveEntry>> {
  const extractor = extract();
  const entries = new Map<string, ArchiveEntry>();
  const reading = (async () => {
    for await (const entry of extractor) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.set(entry.header.name, {
        header: entry.header,
        content: Buffer.concat(chunks),
      });
    }
  })();
  Readable.from(archive).pipe(extractor);
  await reading;
  return entries;
}

/** Every path below `dir`, links not followed. */
function walk(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap(entry => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? [path, ...walk(dir, path)] : [path];
    });
}

describe('LocalGitUrlReader and symbolic links', () => {
  const root = createMockDirectory();
  const directory = LocalGitDirectory.create({
    directory: root.resolve('git'),
  });
  const reader = createTestReader(directory);
  const passwd = fs.readFileSync('/etc/passwd');
  const treeUrl = (path?: string) => directory.treeUrl('links', 'main', path);

  beforeAll(async () => {
    await createTestRepository(directory.repositoryPath('passwd'), {
      p: symlink('.'),
      q: symlink(ESCAPING_LINKS.q),
      r: symlink(ESCAPING_LINKS.r),
    });
    const links = { ...KEPT_LINKS, ...ESCAPING_LINKS };
    await createTestRepository(directory.repositoryPath('links'), {
      ...REGULAR_FILES,
      ...Object.fromEntries(
        Object.entries(links).map(([path, target]) => [path, symlink(target)]),
      ),
    });
  });

  it("does not let a link read the server's /etc/passwd through `p -> .`", async () => {
    const url = directory.treeUrl('passwd', 'main');
    const dir = await (
      await reader.readTree(url)
    ).dir({ targetDir: root.resolve('out/passwd') });
    for (const path of ['q', 'r']) {
      const content = fs.existsSync(join(dir, path))
        ? fs.readFileSync(join(dir, path))
        : undefined;
      expect(content?.equals(passwd)).not.toBe(true);
    }
    expect(fs.readdirSync(dir)).toEqual(['p']);

    const archive = await readArchive(
      await (await reader.readTree(url)).archive(),
    );
    expect([...archive.keys()]).toEqual(['p']);
  });

  it('writes out only links whose real target is inside the directory', async () => {
    const response = await reader.readTree(treeUrl());
    const dir = await response.dir({ targetDir: root.resolve('out/whole') });
    const realDir = fs.realpathSync(dir);

    const links = walk(dir).filter(path =>
      fs.lstatSync(join(dir, path)).isSymbolicLink(),
    );
    expect(links.sort()).toEqual(Object.keys(KEPT_LINKS).sort());
    for (const path of walk(dir)) {
      const realPath = fs.realpathSync(join(dir, path));
      expect(`${realPath}/`.startsWith(`${realDir}/`)).toBe(true);
    }
    for (const path of Object.keys(ESCAPING_LINKS)) {
      expect(fs.existsSync(join(dir, path))).toBe(false);
    }

    expect(fs.readlinkSync(join(dir, 'link'))).toBe('run.sh');
    expect(fs.statSync(join(dir, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(join(dir, 'link-to-link'), 'utf8')).toBe(
      '#!/bin/sh\n',
    );
    expect(fs.readFileSync(join(dir, 'dir/link'), 'utf8')).toBe('other\n');
    expect(fs.readFileSync(join(dir, 'other-dir/file'), 'utf8')).toBe(
      'other\n',
    );
  });

  it('drops links that leave a subdirectory when only it is written out', async () => {
    const response = await reader.readTree(treeUrl('dir'));
    const dir = await response.dir({ targetDir: root.resolve('out/sub') });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('archives only links that stay inside the tree, followed through its links', async () => {
    const archive = await (await reader.readTree(treeUrl())).archive();
    const entries = await readArchive(archive);

    const links = [...entries.values()]
      .filter(entry => entry.header.type === 'symlink')
      .map(entry => [entry.header.name, entry.header.linkname]);
    expect(Object.fromEntries(links)).toEqual(KEPT_LINKS);
    expect(entries.get('run.sh')?.header.mode).toBe(0o755);
    expect(entries.get('other/file')?.content.toString()).toBe('other\n');
    for (const entry of entries.values()) {
      expect(entry.content.equals(passwd)).toBe(false);
    }

    const subtree = await readArchive(
      await (await reader.readTree(treeUrl('dir'))).archive(),
    );
    expect([...subtree.keys()]).toEqual([]);
  });

  it('lists regular files only, none read through a link', async () => {
    const files = await (await reader.readTree(treeUrl())).files();
    expect(files.map(file => file.path).sort()).toEqual(
      Object.keys(REGULAR_FILES).sort(),
    );
    for (const file of files) {
      expect((await file.content()).equals(passwd)).toBe(false);
    }
  });
});
