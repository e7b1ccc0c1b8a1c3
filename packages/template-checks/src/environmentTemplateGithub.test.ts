import yaml from 'yaml';
import { parameterSets } from './parameterSets';
import {
  registeredEntity,
  succeeded,
  text,
} from './testing/environmentTemplate';
import { FakeGitHub } from './testing/FakeGitHub';
import { DryRunResult, TemplateDryRunner } from './TemplateDryRunner';

// The environment template on a service that lives on GitHub: the real scaffolder's dry run
// checks the repository out through Backstage's GitHub URL reader from a fake GitHub that holds
// the service template's real output, adds staging and simulates the pull request. Nothing
// leaves the process.

const SET = { ...parameterSets.noAutoscaling, publishTarget: 'github' };
const NAME = SET.name;
const FULL_NAME = `acme/${NAME}`;
const TOKEN = 'ghp_not-a-real-token';

describe('the environment template on a GitHub repository', () => {
  let github: FakeGitHub;
  let original: Map<string, Buffer>;
  let added: DryRunResult;
  let runner: TemplateDryRunner | undefined;

  beforeAll(async () => {
    github = await FakeGitHub.start({ token: TOKEN });
    const creator = await TemplateDryRunner.create({ githubToken: TOKEN });
    try {
      original = succeeded(
        await creator.dryRun('service', {
          ...SET,
          repoUrl: `github.com?owner=acme&repo=${NAME}`,
        }),
        'the service template',
      ).files;
    } finally {
      await creator.stop();
    }
    await github.createRepository(FULL_NAME, original);

    runner = await TemplateDryRunner.create({
      githubToken: TOKEN,
      entities: [
        // As the catalog records a component registered from GitHub.
        registeredEntity(
          text(original, 'catalog-info.yaml'),
          `https://github.com/${FULL_NAME}/tree/main/catalog-info.yaml`,
          `https://github.com/${FULL_NAME}/tree/main/`,
        ),
      ],
    });
    added = await runner.dryRun(
      'service',
      { component: `component:default/${NAME}`, environment: 'staging' },
      'environment.yaml',
    );
  });

  afterAll(async () => {
    await runner?.stop();
    await github?.stop();
  });

  it('checks the repository out through GitHub with the integration token', () => {
    succeeded(added, 'the environment template');
    // The fake refuses requests without the token, so the checkout used it.
    expect(
      github.requests.map(r => `${r.method} ${new URL(r.url).pathname}`),
    ).toEqual(
      expect.arrayContaining([
        `GET /repos/${FULL_NAME}/commits/main/status`,
        expect.stringMatching(new RegExp(`^GET /repos/${FULL_NAME}/tarball/`)),
      ]),
    );
    expect(github.requests.every(r => r.authorization?.includes(TOKEN))).toBe(
      true,
    );
  });

  it('adds staging to the checked-out service', () => {
    const after = added.files;
    expect(after.has(`charts/${NAME}/values-staging.yaml`)).toBe(true);
    expect(after.has('terraform/environments/staging/main.tf')).toBe(true);
    const appSet = yaml.parse(text(after, 'argocd/applicationset.yaml'));
    expect(
      appSet.spec.generators[0].list.elements.map(
        (e: { env: string }) => e.env,
      ),
    ).toEqual(['dev', 'staging', 'prod']);
    expect(appSet.spec.template.spec.source.repoURL).toBe(
      `https://github.com/${FULL_NAME}.git`,
    );
    // What the service already had comes back from GitHub unchanged.
    expect(after.get('README.md')?.equals(original.get('README.md')!)).toBe(
      true,
    );
  });

  it('proposes the change as a pull request, not a local branch', () => {
    const log = added.log.join('\n');
    expect(log).toContain(
      'Running publish:github:pull-request in dry-run mode',
    );
    expect(log).toContain('"branchName": "paved/add-staging"');
    expect(log).toContain('Performing dry run of creating pull request');
    expect(log).not.toContain('Running paved:publish:local:branch');
    expect(log).not.toContain(TOKEN);
  });
});
