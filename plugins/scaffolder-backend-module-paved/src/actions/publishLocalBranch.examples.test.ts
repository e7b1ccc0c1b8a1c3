import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import yaml from 'yaml';
import {
  authorizationFor,
  registeredComponent,
} from '../__testUtils__/authorization';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import { publishRepository } from '../localGit/publishRepository';
import { CommitDefaults } from '../localGit/commitAuthor';
import { createPublishLocalBranchAction } from './publishLocalBranch';
import { examples } from './publishLocalBranch.examples';

describe('paved:publish:local:branch examples', () => {
  const root = createMockDirectory();
  const original = createMockDirectory();
  const workspace = createMockDirectory();
  const localGit = LocalGitDirectory.create({ directory: root.path });
  const action = createPublishLocalBranchAction({
    directory: localGit,
    commitDefaults: CommitDefaults.create(),
    ...authorizationFor({
      localGit,
      entities: ['hello-service', 'billing-api'].map(name =>
        registeredComponent(
          name,
          localGit.blobUrl(name, 'main', 'catalog-info.yaml'),
        ),
      ),
    }),
  });

  beforeEach(() => {
    root.clear();
    original.setContent({ 'catalog-info.yaml': 'kind: Component\n' });
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n# changed\n',
      'service/catalog-info.yaml': 'kind: Component\n',
      'service/main.go': 'package main\n',
    });
  });

  it.each(examples.map(e => [e.description, e]))('%s', async (_, example) => {
    const step = yaml
      .parse(example.example)
      .steps.find((s: { action: string }) => s.action === action.id);
    const repoName = step.input.entityRef.split('/').pop();
    const gitdir = root.resolve(`${repoName}.git`);
    const { commitHash: main } = await publishRepository({
      sourceDir: original.path,
      gitdir,
      branch: 'main',
      message: 'Initial commit',
      author: { name: 'a', email: 'a@b' },
    });
    if (step.input.baseBranch) {
      await git.branch({ fs, gitdir, ref: step.input.baseBranch });
    }
    const ctx = createMockActionContext({
      input: step.input,
      workspacePath: workspace.path,
    });

    await action.handler(ctx);

    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(outputs.branchUrl).toBe(
      `file://${gitdir}/tree/${step.input.branchName}/`,
    );
    expect(
      await git.resolveRef({ fs, gitdir, ref: step.input.branchName }),
    ).toBe(outputs.commitHash);
    const { commit } = await git.readCommit({
      fs,
      gitdir,
      oid: outputs.commitHash,
    });
    expect(commit.parent).toEqual([main]);
    expect(commit.message).toBe(`${step.input.commitMessage}\n`);
    // Against main's catalog-info.yaml: the whole workspace changes it and adds service/;
    // service/ alone keeps the same catalog-info.yaml and adds main.go.
    expect(outputs.compareSummary.files).toEqual(
      step.input.sourcePath === 'service'
        ? [{ status: 'added', path: 'main.go' }]
        : [
            { status: 'modified', path: 'catalog-info.yaml' },
            { status: 'added', path: 'service/catalog-info.yaml' },
            { status: 'added', path: 'service/main.go' },
          ],
    );
    expect(await git.resolveRef({ fs, gitdir, ref: 'main' })).toBe(main);
  });
});
