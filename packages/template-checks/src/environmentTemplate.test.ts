import nodeFs from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mockServices } from '@backstage/backend-test-utils';
import {
  CommitDefaults,
  createPublishLocalAction,
  LocalGitDirectory,
} from '@paved/plugin-scaffolder-backend-module-paved';
import git from 'isomorphic-git';
import yaml from 'yaml';
import { parameterSets } from './parameterSets';
import {
  registeredEntity,
  succeeded,
  text,
} from './testing/environmentTemplate';
import { DryRunResult, TemplateDryRunner } from './TemplateDryRunner';

// Adds an environment to a service the way a user would: the service template's real output is
// published to a local repository, the mock catalog serves the component as the real catalog
// records it, and `templates/service/environment.yaml` (in the templates module) runs through the real scaffolder's dry run
// (checkout through the Paved URL reader, paved:environment:add, the skeletons, the proposed
// branch computed without writing).

const SET = parameterSets.noAutoscaling;
const NAME = SET.name;
const COMPONENT = `component:default/${NAME}`;

/**
 * Files the environment template may rewrite: the platform's Argo CD and CI files re-rendered,
 * and `.paved/service.json`, `catalog-info.yaml` and `Chart.yaml` edited in place by
 * paved:environment:add. Everything else must stay byte-identical.
 */
const REWRITTEN = [
  '.github/workflows/build.yaml',
  '.github/workflows/promote.yaml',
  '.github/workflows/terraform.yaml',
  '.github/workflows/validate.yaml',
  '.paved/service.json',
  'argocd/applicationset.yaml',
  'argocd/appproject.yaml',
  'catalog-info.yaml',
  `charts/${NAME}/Chart.yaml`,
  // The dashboard's environment variable offers the service's namespaces.
  `charts/${NAME}/dashboards/${NAME}-overview.json`,
];

/**
 * The team's own documentation. It lists the environments too, but is not rewritten, so the
 * team's edits survive; these files still describe the environments the service started with.
 */
const TEAM_OWNED = ['README.md', 'docs/index.md'];

/** Every file below `dir` with its content, to prove a directory was not touched. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await fs.readdir(dir, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, file)] = (await fs.readFile(file)).toString(
        'base64',
      );
    }
  }
  return files;
}

/**
 * Publishes `files` with `paved:publish:local`, as the service template's publish step does, and
 * returns the URL `catalog:register` gets.
 */
async function publishLocally(
  files: Map<string, Buffer>,
  gitDirectory: string,
): Promise<string> {
  const workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-ws-'));
  try {
    for (const [file, content] of files) {
      await fs.mkdir(path.dirname(path.join(workspacePath, file)), {
        recursive: true,
      });
      await fs.writeFile(path.join(workspacePath, file), content);
    }
    const action = createPublishLocalAction({
      directory: LocalGitDirectory.create({ directory: gitDirectory }),
      commitDefaults: CommitDefaults.create(),
    });
    const outputs: Record<string, unknown> = {};
    const context = {
      input: {
        repoName: NAME,
        commitMessage: `Scaffold ${NAME} from the Paved service template`,
      },
      workspacePath,
      logger: mockServices.logger.mock(),
      output: (key: string, value: unknown) => {
        outputs[key] = value;
      },
      checkpoint: async ({ fn }: { fn: () => unknown }) => fn(),
      isDryRun: false,
    };
    await action.handler(
      context as unknown as Parameters<typeof action.handler>[0],
    );
    return outputs.catalogInfoUrl as string;
  } finally {
    await fs.rm(workspacePath, { recursive: true, force: true });
  }
}

describe('the environment template', () => {
  let gitDirectory: string;
  let gitdir: string;
  /** The service as created with dev and prod. */
  let original: Map<string, Buffer>;
  /** The service as created with dev, staging and prod from the start. */
  let withStaging: Map<string, Buffer>;
  /** The dry run that adds staging to `original`. */
  let added: DryRunResult;
  let runner: TemplateDryRunner;

  beforeAll(async () => {
    gitDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-env-git-'));
    gitdir = path.join(gitDirectory, `${NAME}.git`);
    // The same local git directory for every run, so repoUrl is the same in every render.
    const creator = await TemplateDryRunner.create({
      localGitDirectory: gitDirectory,
    });
    try {
      original = succeeded(
        await creator.dryRun('service', SET),
        'the service template',
      ).files;
      withStaging = succeeded(
        await creator.dryRun('service', {
          ...SET,
          environments: ['dev', 'staging', 'prod'],
        }),
        'the service template with staging',
      ).files;
    } finally {
      await creator.stop();
    }
    if ((SET.environments as readonly string[]).includes('staging')) {
      throw new Error('the parameter set must not have staging yet');
    }

    const catalogInfoUrl = await publishLocally(original, gitDirectory);
    runner = await TemplateDryRunner.create({
      localGitDirectory: gitDirectory,
      entities: [
        registeredEntity(text(original, 'catalog-info.yaml'), catalogInfoUrl),
      ],
    });
    added = await runner.dryRun(
      'service',
      { component: COMPONENT, environment: 'staging' },
      'environment.yaml',
    );
  });

  afterAll(async () => {
    await runner?.stop();
    await fs.rm(gitDirectory, { recursive: true, force: true });
  });

  it('adds the environment’s files and touches nothing else', () => {
    const after = succeeded(added, 'the environment template').files;
    const newFiles = [...after.keys()].filter(f => !original.has(f)).sort();
    const changed = [...original.keys()]
      .filter(f => after.has(f) && !after.get(f)!.equals(original.get(f)!))
      .sort();
    const removed = [...original.keys()].filter(f => !after.has(f));

    expect(newFiles).toContain(`charts/${NAME}/values-staging.yaml`);
    expect(newFiles).toEqual(
      expect.arrayContaining([
        'terraform/environments/staging/main.tf',
        'terraform/environments/staging/backend.tf',
      ]),
    );
    // Exactly the files the service template writes for staging, nothing else (no scratch render).
    expect(newFiles).toEqual(
      [...withStaging.keys()].filter(f => !original.has(f)).sort(),
    );
    expect(
      [...after.keys()].filter(f => f.startsWith('.paved/render')),
    ).toEqual([]);
    expect(removed).toEqual([]);

    expect(REWRITTEN).toEqual(expect.arrayContaining(changed));
    expect(changed).toEqual(
      expect.arrayContaining([
        '.paved/service.json',
        'argocd/applicationset.yaml',
        'argocd/appproject.yaml',
        'catalog-info.yaml',
        `charts/${NAME}/Chart.yaml`,
      ]),
    );
    for (const file of TEAM_OWNED) {
      expect(after.get(file)?.equals(original.get(file)!)).toBe(true);
    }
    const chartTemplates = [...original.keys()].filter(f =>
      f.startsWith(`charts/${NAME}/templates/`),
    );
    expect(chartTemplates.length).toBeGreaterThan(0);
    for (const file of chartTemplates) {
      expect(after.get(file)!.equals(original.get(file)!)).toBe(true);
    }
  });

  it('lists the environment wherever the service lists its environments', () => {
    const after = succeeded(added, 'the environment template').files;
    for (const file of [
      'argocd/applicationset.yaml',
      'argocd/appproject.yaml',
    ]) {
      expect(text(original, file)).not.toContain(`${NAME}-staging`);
      expect(text(after, file)).toContain(`${NAME}-staging`);
    }
    const catalogInfo = yaml.parse(text(after, 'catalog-info.yaml'));
    expect(catalogInfo.metadata.annotations['paved.dev/environments']).toBe(
      'dev,staging,prod',
    );
    const chart = yaml.parse(text(after, `charts/${NAME}/Chart.yaml`));
    expect(chart.annotations['paved.dev/environments']).toBe(
      'dev,staging,prod',
    );
    expect(JSON.parse(text(after, '.paved/service.json')).environments).toEqual(
      ['dev', 'staging', 'prod'],
    );
  });

  it('writes what the service template writes when staging is chosen up front', () => {
    const after = succeeded(added, 'the environment template').files;
    const differs = [...withStaging.keys()]
      .filter(f => !after.get(f)?.equals(withStaging.get(f)!))
      .sort();
    // A file that lists the environments but is neither rewritten nor generated per environment
    // shows up here: apart from the team's documentation, adding an environment later must give
    // the same repository as choosing it up front.
    expect(differs).toEqual(TEAM_OWNED);
  });

  it('proposes the change on a branch of the local repository without writing in a dry run', async () => {
    const after = succeeded(added, 'the environment template').files;
    const branchUrl = `${pathToFileURL(gitdir).href}/tree/paved-add-staging/`;
    expect(added.output?.links).toEqual([
      { title: 'Proposed branch', url: branchUrl },
      { title: 'Pull request' },
      {
        title: 'Service in the catalog',
        icon: 'catalog',
        entityRef: COMPONENT,
      },
    ]);

    // The summary lists exactly the files that differ from main.
    const changes = [...after.keys()]
      .filter(f => !original.get(f)?.equals(after.get(f)!))
      .map(f => `- ${original.has(f) ? 'modified' : 'added'} \`${f}\``)
      .sort();
    const [summary] = added.output?.text as Array<{
      title: string;
      content: string;
    }>;
    expect(summary.title).toBe('Proposed change');
    expect(summary.content).toContain(
      `Adds **staging** to ${NAME}; once merged its\nenvironments are dev, staging, prod.`,
    );
    expect(
      summary.content
        .split('\n')
        .filter(line => line.startsWith('- '))
        .sort(),
    ).toEqual(changes);

    // A dry run computes the commit in a scratch repository: no branch, no new objects.
    expect(await git.listBranches({ fs: nodeFs, gitdir })).toEqual(['main']);
    const before = await snapshot(gitdir);
    await runner.dryRun(
      'service',
      { component: COMPONENT, environment: 'staging' },
      'environment.yaml',
    );
    expect(await snapshot(gitdir)).toEqual(before);
  });

  it('refuses an environment the service already has', async () => {
    const result = await runner.dryRun(
      'service',
      { component: COMPONENT, environment: 'prod' },
      'environment.yaml',
    );
    expect(result.status).not.toBe(200);
    expect(JSON.stringify(result.error)).toContain(
      `${NAME} already has the environment prod`,
    );
  });
});
