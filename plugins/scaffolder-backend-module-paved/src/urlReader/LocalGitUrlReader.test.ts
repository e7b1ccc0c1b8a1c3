import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import git from 'isomorphic-git';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import { createBareRepository } from '../localGit/createBareRepository';
import {
  createTestReader,
  writeTestCommit,
} from './__testUtils__/testRepository';

describe('LocalGitUrlReader', () => {
  const root = createMockDirectory();
  const workspace = createMockDirectory();
  const directory = LocalGitDirectory.create({
    directory: root.resolve('git'),
  });
  const gitdir = directory.repositoryPath('web');
  const reader = createTestReader(directory);
  const blob = (ref: string, path: string) =>
    directory.blobUrl('web', ref, path);
  let firstCommit: string;

  beforeAll(async () => {
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\nmetadata:\n  name: web\n',
      'docs/index.md': '# Docs\n',
      'docs/api/catalog-info.yaml': 'kind: API\n',
      'scripts/run.sh': '#!/bin/sh\n',
      'scripts/link': ({ symlink }) => symlink('run.sh'),
      'scripts/escape': ({ symlink }) => symlink('../../outside'),
    });
    fs.chmodSync(workspace.resolve('scripts/run.sh'), 0o755);
    firstCommit = (
      await createBareRepository({
        sourceDir: workspace.path,
        gitdir,
        branch: 'main',
        message: 'first',
        author: { name: 'a', email: 'a@b' },
        date: new Date('2026-01-02T03:04:05Z'),
      })
    ).commitHash;
    // A second commit on main, and a tag on the first one.
    const tree = await git.writeTree({
      fs,
      gitdir,
      tree: [
        {
          mode: '100644',
          path: 'catalog-info.yaml',
          type: 'blob',
          oid: await git.writeBlob({
            fs,
            gitdir,
            blob: Buffer.from('kind: Component\n# v2\n'),
          }),
        },
      ],
    });
    const second = await writeTestCommit({
      gitdir,
      tree,
      message: 'second',
      parents: [firstCommit],
    });
    await git.writeRef({
      fs,
      gitdir,
      ref: 'refs/heads/main',
      value: second,
      force: true,
    });
    await git.writeRef({ fs, gitdir, ref: 'refs/tags/v1', value: firstCommit });
    // A file at the path a blob URL spells on disk must never be what is read.
    root.addContent({
      'git/web.git/blob/main/catalog-info.yaml': 'working copy',
    });
  });

  it('reads the committed blob at a branch, a tag or a commit', async () => {
    const atMain = await reader.readUrl(blob('main', 'catalog-info.yaml'));
    expect((await atMain.buffer()).toString()).toBe('kind: Component\n# v2\n');
    expect(atMain.etag).toMatch(/^[0-9a-f]{40}$/);

    const atTag = await reader.readUrl(blob('v1', '/docs/index.md'));
    expect((await atTag.buffer()).toString()).toBe('# Docs\n');
    expect(atTag.lastModifiedAt).toEqual(new Date('2026-01-02T03:04:05Z'));

    const atCommit = await reader.readUrl(
      blob(firstCommit, 'catalog-info.yaml'),
    );
    expect((await atCommit.buffer()).toString()).toContain('name: web');

    await expect(
      reader.readUrl(blob('main', 'catalog-info.yaml'), { etag: atMain.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
    await expect(
      reader.readUrl(blob('v1', 'docs/index.md'), {
        lastModifiedAfter: new Date('2026-01-02T03:04:05Z'),
      }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
    const changed = await reader.readUrl(blob('v1', 'docs/index.md'), {
      lastModifiedAfter: new Date('2026-01-01T00:00:00Z'),
    });
    expect((await changed.buffer()).toString()).toBe('# Docs\n');
  });

  it('answers missing things with NotFoundError and foreign URLs with NotAllowedError', async () => {
    for (const url of [
      blob('main', 'docs/index.md'),
      blob('main', 'nope.yaml'),
      blob('other', 'catalog-info.yaml'),
      blob('0'.repeat(40), 'catalog-info.yaml'),
      blob('v1', 'docs'),
      directory.blobUrl('absent', 'main', 'catalog-info.yaml'),
    ]) {
      await expect(reader.readUrl(url)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    }
    for (const url of [
      `file://${root.path}/outside.txt`,
      `file://${directory.root}/web.git/blob/main%2F..%2F..%2Fx/y`,
      `file://${directory.root}/../outside.txt`,
      `file://${directory.root}/%2e%2e/outside.txt`,
      'file:///etc/passwd',
    ]) {
      await expect(reader.readUrl(url)).rejects.toMatchObject({
        name: 'NotAllowedError',
      });
    }
  });

  it('reads a tree with its files, a filter and an etag', async () => {
    const url = directory.treeUrl('web', 'v1', 'docs');
    const response = await reader.readTree(url);
    const files = await response.files();
    const contents = Object.fromEntries(
      await Promise.all(
        files.map(async f => [f.path, (await f.content()).toString()]),
      ),
    );
    expect(contents).toEqual({
      'index.md': '# Docs\n',
      'api/catalog-info.yaml': 'kind: API\n',
    });
    await expect(
      reader.readTree(url, { etag: response.etag }),
    ).rejects.toMatchObject({
      name: 'NotModifiedError',
    });

    const whole = await reader.readTree(directory.treeUrl('web', 'v1'), {
      filter: path => path.startsWith('scripts/'),
    });
    expect((await whole.files()).map(f => f.path)).toEqual(['scripts/run.sh']);
  });

  it('writes a tree out with executable bits and links, dropping links that leave it', async () => {
    const response = await reader.readTree(
      directory.treeUrl('web', 'v1', 'scripts'),
    );
    const dir = await response.dir({ targetDir: workspace.resolve('out') });
    expect(fs.readdirSync(dir).sort()).toEqual(['link', 'run.sh']);
    expect(fs.statSync(`${dir}/run.sh`).mode & 0o777).toBe(0o755);
    expect(fs.readlinkSync(`${dir}/link`)).toBe('run.sh');
    expect(fs.readFileSync(`${dir}/link`, 'utf8')).toBe('#!/bin/sh\n');
    await expect(response.dir()).rejects.toThrow('already been read');

    const archive = await (
      await reader.readTree(directory.treeUrl('web', 'v1', 'docs'))
    ).archive();
    const chunks: Buffer[] = [];
    for await (const chunk of archive) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('latin1')).toContain('index.md');
  });

  it('reads a tree from the blob URL of a directory, as derived from a catalog location', async () => {
    // What `new URL('./', location)` gives for a component registered from catalogInfoUrl, and
    // what the environment template checks out when the entity has no source-location.
    const fromLocation = new URL(
      './',
      blob('v1', 'catalog-info.yaml'),
    ).toString();
    expect(fromLocation).toBe(`${directory.remoteUrl('web')}/blob/v1/`);
    const files = await (await reader.readTree(fromLocation)).files();
    expect(files.map(f => f.path).sort()).toEqual([
      'catalog-info.yaml',
      'docs/api/catalog-info.yaml',
      'docs/index.md',
      'scripts/run.sh',
    ]);

    const docs = await reader.readTree(blob('v1', 'docs'));
    expect((await docs.files()).map(f => f.path).sort()).toEqual([
      'api/catalog-info.yaml',
      'index.md',
    ]);
    await expect(
      reader.readTree(blob('v1', 'catalog-info.yaml')),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('searches a single file or a glob, the way the catalog reads locations', async () => {
    const single = await reader.search(blob('v1', 'catalog-info.yaml'));
    expect(single.files.map(f => f.url)).toEqual([
      blob('v1', 'catalog-info.yaml'),
    ]);
    expect((await single.files[0].content()).toString()).toContain('name: web');
    await expect(
      reader.search(blob('v1', 'catalog-info.yaml'), { etag: single.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });

    expect((await reader.search(blob('v1', 'missing.yaml'))).files).toEqual([]);

    const glob = await reader.search(blob('v1', '**/catalog-info.yaml'));
    expect(glob.files.map(f => f.url).sort()).toEqual([
      blob('v1', 'catalog-info.yaml'),
      blob('v1', 'docs/api/catalog-info.yaml'),
    ]);
    const nested = await reader.search(blob('v1', 'docs/*/*.yaml'));
    expect(nested.files.map(f => f.url)).toEqual([
      blob('v1', 'docs/api/catalog-info.yaml'),
    ]);
  });
});
