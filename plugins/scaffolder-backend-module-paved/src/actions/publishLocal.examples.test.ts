import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import yaml from 'yaml';
import { CommitDefaults } from '../localGit/commitAuthor';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';

describe('paved:publish:local examples', () => {
  const root = createMockDirectory();
  const workspace = createMockDirectory();
  const action = createPublishLocalAction({
    directory: LocalGitDirectory.create({ directory: root.path }),
    commitDefaults: CommitDefaults.create(),
  });

  beforeEach(() => {
    root.clear();
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      'service/catalog/component.yaml': 'kind: Component\n',
      'service/main.go': 'package main\n',
    });
  });

  it.each(examples.map(e => [e.description, e]))('%s', async (_, example) => {
    const step = yaml
      .parse(example.example)
      .steps.find((s: { action: string }) => s.action === action.id);
    const ctx = createMockActionContext({
      input: step.input,
      workspacePath: workspace.path,
    });

    await action.handler(ctx);

    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    const gitdir = root.resolve(`${step.input.repoName}.git`);
    const branch = step.input.defaultBranch ?? 'main';
    expect(outputs.remoteUrl).toBe(`file://${gitdir}`);
    expect(await git.resolveRef({ fs, gitdir, ref: branch })).toBe(
      outputs.commitHash,
    );

    // The catalog descriptor the output points at is part of the commit.
    const catalogPath = new URL(outputs.catalogInfoUrl).pathname.split(
      `/blob/${branch}/`,
    )[1];
    const { blob } = await git.readBlob({
      fs,
      gitdir,
      oid: outputs.commitHash,
      filepath: catalogPath,
    });
    expect(Buffer.from(blob).toString()).toBe('kind: Component\n');
  });
});
