import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import { CommitDefaults } from '../localGit/commitAuthor';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import { createPublishLocalAction } from './publishLocal';

describe('paved:publish:local', () => {
  const root = createMockDirectory();
  const workspace = createMockDirectory();
  // Created last so that only the dry run's scratch space lands in the mocked os.tmpdir().
  const tmp = createMockDirectory({ mockOsTmpDir: true });
  const gitRoot = root.resolve('git');

  async function publish(
    input: Record<string, unknown>,
    options: { isDryRun?: boolean; commitDefaults?: CommitDefaults } = {},
  ) {
    const action = createPublishLocalAction({
      directory: LocalGitDirectory.create({ directory: gitRoot }),
      commitDefaults: options.commitDefaults ?? CommitDefaults.create(),
    });
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
    });
    await action.handler({ ...ctx, isDryRun: options.isDryRun });
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [
        name,
        value,
      ]),
    );
  }

  async function committedFiles(gitdir: string, ref: string) {
    const paths = await git.listFiles({ fs, gitdir, ref });
    const commit = await git.resolveRef({ fs, gitdir, ref });
    const files: Record<string, string> = {};
    for (const filepath of paths.sort()) {
      const { blob } = await git.readBlob({
        fs,
        gitdir,
        oid: commit,
        filepath,
      });
      files[filepath] = Buffer.from(blob).toString('utf8');
    }
    return files;
  }

  beforeEach(() => {
    root.clear();
    tmp.clear();
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      'README.md': '# hello\n',
      'src/index.js': 'console.log(1);\n',
      'scripts/run.sh': '#!/bin/sh\necho run\n',
      'empty-dir': {},
      '.git/config': '[core]\n',
      'docs/link.md': ({ symlink }) => symlink('../README.md'),
    });
    fs.chmodSync(workspace.resolve('scripts/run.sh'), 0o755);
  });

  it('creates a bare repository whose single commit holds exactly the workspace files', async () => {
    const output = await publish({ repoName: 'hello-service' });

    const gitdir = root.resolve('git/hello-service.git');
    const remoteUrl = `file://${gitdir}`;
    expect(output).toEqual({
      remoteUrl,
      repoContentsUrl: `${remoteUrl}/tree/main/`,
      catalogInfoUrl: `${remoteUrl}/blob/main/catalog-info.yaml`,
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(fs.readFileSync(`${gitdir}/HEAD`, 'utf8')).toBe(
      'ref: refs/heads/main\n',
    );
    expect(fs.readFileSync(`${gitdir}/config`, 'utf8')).toContain(
      'bare = true',
    );
    expect(await git.resolveRef({ fs, gitdir, ref: 'HEAD' })).toBe(
      output.commitHash,
    );

    expect(await committedFiles(gitdir, 'main')).toEqual({
      'README.md': '# hello\n',
      'catalog-info.yaml': 'kind: Component\n',
      'docs/link.md': '../README.md',
      'scripts/run.sh': '#!/bin/sh\necho run\n',
      'src/index.js': 'console.log(1);\n',
    });
    const modes = await git.walk({
      fs,
      gitdir,
      trees: [git.TREE({ ref: 'main' })],
      map: async (path, [entry]) => [path, await entry!.mode()],
    });
    expect(Object.fromEntries(modes)).toMatchObject({
      'scripts/run.sh': 0o100755,
      'src/index.js': 0o100644,
      'docs/link.md': 0o120000,
    });

    const { commit } = await git.readCommit({
      fs,
      gitdir,
      oid: output.commitHash,
    });
    expect(commit.parent).toEqual([]);
    expect(commit.message).toBe('Initial commit\n');
    expect(commit.author).toMatchObject({
      name: 'Paved Scaffolder',
      email: 'scaffolder@paved.local',
    });
    // Only the repository: no staging directory is left behind.
    expect(fs.readdirSync(gitRoot)).toEqual(['hello-service.git']);
  });

  it('publishes a subdirectory on the chosen branch with the configured author', async () => {
    workspace.addContent({
      'service/catalog/component.yaml': 'kind: Component\n',
    });
    const output = await publish(
      {
        repoName: 'billing-api',
        sourcePath: 'service',
        defaultBranch: 'trunk',
        commitMessage: 'Create billing-api',
        catalogInfoPath: 'catalog/component.yaml',
      },
      {
        commitDefaults: CommitDefaults.create({
          author: { name: 'Platform', email: 'platform@example.com' },
        }),
      },
    );

    const gitdir = root.resolve('git/billing-api.git');
    expect(output.catalogInfoUrl).toBe(
      `file://${gitdir}/blob/trunk/catalog/component.yaml`,
    );
    expect(await committedFiles(gitdir, 'trunk')).toEqual({
      'catalog/component.yaml': 'kind: Component\n',
    });
    const { commit } = await git.readCommit({
      fs,
      gitdir,
      oid: output.commitHash,
    });
    expect(commit.message).toBe('Create billing-api\n');
    expect(commit.author).toMatchObject({
      name: 'Platform',
      email: 'platform@example.com',
    });
  });

  it('refuses to overwrite an existing repository and leaves it untouched', async () => {
    const first = await publish({ repoName: 'taken' });
    const gitdir = root.resolve('git/taken.git');
    const before = await committedFiles(gitdir, 'main');
    workspace.setContent({ 'other.txt': 'new content' });

    await expect(publish({ repoName: 'taken' })).rejects.toMatchObject({
      name: 'ConflictError',
    });
    await expect(
      publish({ repoName: 'taken' }, { isDryRun: true }),
    ).rejects.toMatchObject({ name: 'ConflictError' });

    expect(await git.resolveRef({ fs, gitdir, ref: 'main' })).toBe(
      first.commitHash,
    );
    expect(await committedFiles(gitdir, 'main')).toEqual(before);
    expect(fs.readdirSync(gitRoot)).toEqual(['taken.git']);
  });

  it('rejects unsafe names and paths with an InputError and writes nothing', async () => {
    fs.symlinkSync(root.path, workspace.resolve('escape'));
    const invalid: Record<string, unknown>[] = [
      { repoName: '../evil' },
      { repoName: 'a/b' },
      { repoName: '..' },
      { repoName: '.' },
      { repoName: 'evil.git' },
      { repoName: 'Upper' },
      { repoName: '-dash' },
      { repoName: 'a'.repeat(64) },
      { repoName: '' },
      { repoName: 'ok', defaultBranch: 'feature/x' },
      { repoName: 'ok', defaultBranch: '../main' },
      { repoName: 'ok', defaultBranch: 'main.lock' },
      { repoName: 'ok', defaultBranch: 'a..b' },
      { repoName: 'ok', sourcePath: '../' },
      { repoName: 'ok', sourcePath: '/etc' },
      { repoName: 'ok', sourcePath: 'escape' },
      { repoName: 'ok', sourcePath: 'README.md' },
      { repoName: 'ok', sourcePath: 'missing' },
      { repoName: 'ok', catalogInfoPath: '../catalog-info.yaml' },
      { repoName: 'ok', catalogInfoPath: '/' },
      { repoName: 'ok', gitAuthorName: 'Eve\ncommitter: x' },
      { repoName: 'ok', gitAuthorEmail: 'eve>@x' },
    ];
    for (const input of invalid) {
      // The error names the field at fault: the one input beside repoName, else repoName.
      const field =
        Object.keys(input).find(key => key !== 'repoName') ?? 'repoName';
      await expect(publish(input)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(new RegExp(`^${field}: `)),
      });
    }
    workspace.setContent({ empty: {} });
    await expect(publish({ repoName: 'ok' })).rejects.toMatchObject({
      name: 'InputError',
      message: 'sourcePath: there are no files to publish',
    });
    expect(fs.existsSync(gitRoot) ? fs.readdirSync(gitRoot) : []).toEqual([]);
  });

  it('in a dry run returns the same outputs without writing anything', async () => {
    const dryRun = await publish({ repoName: 'preview' }, { isDryRun: true });

    expect(fs.existsSync(gitRoot)).toBe(false);
    expect(fs.readdirSync(tmp.path)).toEqual([]);
    const real = await publish({ repoName: 'preview' });
    expect(dryRun).toEqual({
      ...real,
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
  });
});
