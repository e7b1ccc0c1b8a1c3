import fs from 'node:fs';
import { join, relative } from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import {
  authorizationFor,
  registeredComponent,
} from '../__testUtils__/authorization';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import { publishRepository } from '../localGit/publishRepository';
import { CommitDefaults } from '../localGit/commitAuthor';
import { createPublishLocalBranchAction } from './publishLocalBranch';

/** Every file below `dir` with its content, to prove a directory was not touched. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        visit(path);
      } else {
        files[relative(dir, path)] = fs.readFileSync(path).toString('base64');
      }
    }
  };
  visit(dir);
  return files;
}

describe('paved:publish:local:branch', () => {
  const root = createMockDirectory();
  const original = createMockDirectory();
  const workspace = createMockDirectory();
  // Created last so that only the dry run's scratch space lands in the mocked os.tmpdir().
  const tmp = createMockDirectory({ mockOsTmpDir: true });
  const gitRoot = root.resolve('git');
  const gitdir = join(gitRoot, 'web.git');
  let baseCommit: string;

  const localGit = LocalGitDirectory.create({ directory: gitRoot });
  const component = (name: string, location?: string) =>
    registeredComponent(
      name,
      location ?? localGit.blobUrl(name, 'main', 'catalog-info.yaml'),
    );
  const entities = [
    component('web'),
    component('absent'),
    component('hub', 'https://github.com/acme/hub/blob/main/catalog-info.yaml'),
    component('other-team'),
  ];

  async function publish(
    input: Record<string, unknown>,
    options: { isDryRun?: boolean; commitDefaults?: CommitDefaults } = {},
  ) {
    const { access, repositories } = authorizationFor({
      entities,
      localGit,
      allowed: ref => ref !== 'component:default/other-team',
    });
    const action = createPublishLocalBranchAction({
      directory: localGit,
      commitDefaults: options.commitDefaults ?? CommitDefaults.create(),
      access,
      repositories,
    });
    const ctx = createMockActionContext({
      input: {
        entityRef: 'component:default/web',
        branchName: 'add-staging',
        commitMessage: 'Add staging',
        ...input,
      } as any,
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

  async function committedFiles(oid: string) {
    const files: Record<string, string> = {};
    for (const filepath of (
      await git.listFiles({ fs, gitdir, ref: oid })
    ).sort()) {
      const { blob } = await git.readBlob({ fs, gitdir, oid, filepath });
      files[filepath] = Buffer.from(blob).toString('utf8');
    }
    return files;
  }

  async function refs() {
    const branches = await git.listBranches({ fs, gitdir });
    return Object.fromEntries(
      await Promise.all(
        branches.map(async b => [
          b,
          await git.resolveRef({ fs, gitdir, ref: `refs/heads/${b}` }),
        ]),
      ),
    );
  }

  beforeEach(async () => {
    root.clear();
    tmp.clear();
    original.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      'README.md': '# web\n',
      'charts/web/values.yaml': 'replicas: 1\n',
      'charts/web/values-dev.yaml': 'env: dev\n',
      'scripts/run.sh': '#!/bin/sh\n',
      'old/notes.txt': 'to be removed\n',
    });
    fs.chmodSync(original.resolve('scripts/run.sh'), 0o755);
    ({ commitHash: baseCommit } = await publishRepository({
      sourceDir: original.path,
      gitdir,
      branch: 'main',
      message: 'Initial commit',
      author: { name: 'a', email: 'a@b' },
      date: new Date('2026-01-02T03:04:05Z'),
    }));
    // The workspace is the checkout plus a change, as the environment template leaves it.
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n# staging\n',
      'README.md': '# web\n',
      'charts/web/values.yaml': 'replicas: 1\n',
      'charts/web/values-dev.yaml': 'env: dev\n',
      'charts/web/values-staging.yaml': 'env: staging\n',
      'scripts/run.sh': '#!/bin/sh\n',
      'docs/link.md': ({ symlink }) => symlink('../README.md'),
      '.git/config': '[core]\n',
      'empty-dir': {},
    });
    fs.chmodSync(workspace.resolve('scripts/run.sh'), 0o755);
  });

  it('commits the workspace on a new branch on top of HEAD and leaves the base alone', async () => {
    const before = await refs();
    const output = await publish({});

    const remoteUrl = `file://${gitdir}`;
    expect(output).toEqual({
      remoteUrl,
      branchName: 'add-staging',
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
      branchUrl: `${remoteUrl}/tree/add-staging/`,
      compareSummary: {
        baseBranch: 'main',
        baseCommit,
        added: 2,
        modified: 1,
        deleted: 1,
        files: [
          { status: 'modified', path: 'catalog-info.yaml' },
          { status: 'added', path: 'charts/web/values-staging.yaml' },
          { status: 'added', path: 'docs/link.md' },
          { status: 'deleted', path: 'old/notes.txt' },
        ],
        truncated: false,
      },
    });
    expect(await refs()).toEqual({
      ...before,
      'add-staging': output.commitHash,
    });
    expect(await git.resolveRef({ fs, gitdir, ref: 'HEAD' })).toBe(baseCommit);
    expect(fs.readFileSync(join(gitdir, 'HEAD'), 'utf8')).toBe(
      'ref: refs/heads/main\n',
    );

    const { commit } = await git.readCommit({
      fs,
      gitdir,
      oid: output.commitHash,
    });
    expect(commit.parent).toEqual([baseCommit]);
    expect(commit.message).toBe('Add staging\n');
    expect(commit.author).toMatchObject({
      name: 'Paved Scaffolder',
      email: 'scaffolder@paved.local',
    });
    expect(await committedFiles(output.commitHash)).toEqual({
      'README.md': '# web\n',
      'catalog-info.yaml': 'kind: Component\n# staging\n',
      'charts/web/values-dev.yaml': 'env: dev\n',
      'charts/web/values-staging.yaml': 'env: staging\n',
      'charts/web/values.yaml': 'replicas: 1\n',
      'docs/link.md': '../README.md',
      'scripts/run.sh': '#!/bin/sh\n',
    });
    const modes = await git.walk({
      fs,
      gitdir,
      trees: [git.TREE({ ref: 'add-staging' })],
      map: async (path, [entry]) => [path, await entry!.mode()],
    });
    expect(Object.fromEntries(modes)).toMatchObject({
      'scripts/run.sh': 0o100755,
      'docs/link.md': 0o120000,
    });
    // Unchanged directories are shared with the base commit, as in git.
    const chartTree = async (oid: string) =>
      (await git.readTree({ fs, gitdir, oid, filepath: 'scripts' })).oid;
    expect(await chartTree(output.commitHash)).toBe(
      await chartTree(baseCommit),
    );
    expect(fs.existsSync(join(gitdir, 'refs/heads/add-staging.lock'))).toBe(
      false,
    );
  });

  it('starts from baseBranch, publishes a subdirectory and uses the configured author', async () => {
    const release = await git.writeCommit({
      fs,
      gitdir,
      commit: {
        message: 'release\n',
        tree: (
          await git.readCommit({ fs, gitdir, oid: baseCommit })
        ).commit.tree,
        parent: [baseCommit],
        author: { name: 'a', email: 'a@b', timestamp: 1, timezoneOffset: 0 },
        committer: { name: 'a', email: 'a@b', timestamp: 1, timezoneOffset: 0 },
      },
    });
    await git.writeRef({
      fs,
      gitdir,
      ref: 'refs/heads/release',
      value: release,
    });
    workspace.addContent({ 'service/README.md': '# web\n' });

    const output = await publish(
      {
        branchName: 'slim',
        baseBranch: 'release',
        sourcePath: 'service',
        commitMessage: '  Keep only the README\n',
        gitAuthorEmail: 'me@example.com',
      },
      {
        commitDefaults: CommitDefaults.create({
          author: { name: 'Platform', email: 'platform@example.com' },
        }),
      },
    );

    const { commit } = await git.readCommit({
      fs,
      gitdir,
      oid: output.commitHash,
    });
    expect(commit.parent).toEqual([release]);
    expect(commit.message).toBe('Keep only the README\n');
    expect(commit.author).toMatchObject({
      name: 'Platform',
      email: 'me@example.com',
    });
    expect(await committedFiles(output.commitHash)).toEqual({
      'README.md': '# web\n',
    });
    expect(output.compareSummary).toMatchObject({
      baseBranch: 'release',
      baseCommit: release,
      added: 0,
      modified: 0,
      deleted: 5,
    });
    expect(await git.resolveRef({ fs, gitdir, ref: 'release' })).toBe(release);
  });

  it('refuses an existing branch and writes nothing', async () => {
    await publish({});
    const before = snapshot(gitdir);
    workspace.addContent({ 'new.txt': 'more' });

    for (const isDryRun of [false, true]) {
      await expect(publish({}, { isDryRun })).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          "The branch 'add-staging' already exists in the repository 'web'; it was left untouched",
      });
      await expect(
        publish({ branchName: 'main' }, { isDryRun }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    }
    expect(snapshot(gitdir)).toEqual(before);
  });

  it('refuses to race another writer holding the branch lock', async () => {
    fs.writeFileSync(join(gitdir, 'refs/heads/add-staging.lock'), '');
    await expect(publish({})).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('another process is updating it'),
    });
    // The other writer's lock is theirs to remove.
    expect(fs.readdirSync(join(gitdir, 'refs/heads')).sort()).toEqual([
      'add-staging.lock',
      'main',
    ]);
  });

  it('explains a missing repository or base branch with a NotFoundError', async () => {
    await expect(
      publish({ entityRef: 'component:default/absent' }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message:
        "There is no local repository 'absent'; publish it first with paved:publish:local",
    });
    expect(fs.readdirSync(gitRoot)).toEqual(['web.git']);

    const before = snapshot(gitdir);
    for (const isDryRun of [false, true]) {
      await expect(
        publish({ baseBranch: 'develop' }, { isDryRun }),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
        message: "The repository 'web' has no branch 'develop' to start from",
      });
    }
    expect(snapshot(gitdir)).toEqual(before);
  });

  it('rejects unsafe input with an InputError before writing', async () => {
    const before = snapshot(gitdir);
    fs.symlinkSync(root.path, workspace.resolve('escape'));
    const invalid: Record<string, unknown>[] = [
      { entityRef: 'component:default/../web' },
      { entityRef: 'component:default/hub' },
      { branchName: 'paved/add-staging' },
      { branchName: '../main' },
      { branchName: 'HEAD' },
      { branchName: 'x.lock' },
      { branchName: 'a..b' },
      { branchName: 'a'.repeat(40).replace(/a/g, '0') },
      { baseBranch: 'refs/heads/main' },
      { commitMessage: '  \n ' },
      { sourcePath: '../' },
      { sourcePath: 'escape' },
      { gitAuthorName: 'Eve\ncommitter: x' },
      { gitAuthorEmail: '<eve>' },
    ];
    for (const input of invalid) {
      await expect(publish(input)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(
          new RegExp(`^${Object.keys(input)[0]}: `),
        ),
      });
    }
    workspace.setContent({ empty: {} });
    await expect(publish({})).rejects.toMatchObject({
      name: 'InputError',
      message: 'sourcePath: there are no files to publish',
    });
    expect(await git.listBranches({ fs, gitdir })).toEqual(['main']);
    // An empty workspace has no object to write, so the repository stays byte-identical.
    expect(snapshot(gitdir)).toEqual(before);
  });

  it('refuses users who may not change the entity, and entities it does not know', async () => {
    const before = snapshot(gitdir);
    await expect(
      publish({ entityRef: 'component:default/other-team' }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'user:default/mock may not propose a branch to component:default/other-team: only its owners (group:default/team-a) and Paved admins may (permission paved.repository.change)',
    });
    await expect(
      publish({ entityRef: 'component:default/web-2' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(snapshot(gitdir)).toEqual(before);
  });

  it('in a dry run computes the same outputs without touching the repository', async () => {
    const before = snapshot(gitdir);
    const dryRun = await publish({}, { isDryRun: true });

    expect(snapshot(gitdir)).toEqual(before);
    expect(fs.readdirSync(gitRoot)).toEqual(['web.git']);
    expect(fs.readdirSync(tmp.path)).toEqual([]);

    const real = await publish({});
    expect(dryRun).toEqual({
      ...real,
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
  });

  it('caps the list of changed files', async () => {
    workspace.addContent(
      Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [
          `generated/file-${String(i).padStart(2, '0')}.txt`,
          `${i}`,
        ]),
      ),
    );
    // A file that became a directory counts as deleted and its files as added.
    fs.rmSync(workspace.resolve('README.md'));
    workspace.addContent({ 'README.md/index.md': '# web\n' });

    const { compareSummary } = await publish({});
    expect(compareSummary).toMatchObject({
      added: 63,
      modified: 1,
      deleted: 2,
      truncated: true,
    });
    expect(compareSummary.files).toHaveLength(50);
    expect(compareSummary.files.slice(0, 3)).toEqual([
      { status: 'deleted', path: 'README.md' },
      { status: 'added', path: 'README.md/index.md' },
      { status: 'modified', path: 'catalog-info.yaml' },
    ]);
  });
});
