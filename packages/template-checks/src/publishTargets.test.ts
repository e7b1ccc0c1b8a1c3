import yaml from 'yaml';
import { parameterSets } from './parameterSets';
import {
  BACKSTAGE_URL,
  DryRunResult,
  TemplateDryRunner,
} from './TemplateDryRunner';

// The service template's GitHub publish targets, through the real scaffolder's dry run with the
// GitHub scaffolder module installed: where Argo CD and the catalog point, which steps run, and
// what the template refuses. Publishing itself needs GitHub; the dry run skips or simulates it.

const base = { ...parameterSets.full, name: 'orders-api' };
const REPO = 'github.com?owner=acme&repo=orders-api';
const RUNBOOK = `${BACKSTAGE_URL}/docs/default/component/orders-api/runbook/`;

// Pull requests go only to repositories of components in the catalog (the dry runs may change
// every entity): this one was registered from acme/orders-api.
const registeredFromRepo = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-monorepo',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
      'github.com/project-slug': 'acme/orders-api',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'product-team' },
};

function parsed(result: DryRunResult, file: string) {
  const content = result.files.get(file);
  if (!content) throw new Error(`no ${file} in the dry run`);
  return yaml.parse(content.toString('utf8'));
}

describe('service template published to GitHub', () => {
  let runner: TemplateDryRunner;
  beforeAll(async () => {
    runner = await TemplateDryRunner.create({
      githubToken: 'not-a-real-token',
      entities: [registeredFromRepo],
    });
  });
  afterAll(() => runner.stop());

  it.each(['github', 'github-pull-request'])(
    'points Argo CD and the catalog at the GitHub repository (%s)',
    async publishTarget => {
      const result = await runner.dryRun('service', {
        ...base,
        publishTarget,
        repoUrl: REPO,
      });
      expect(result.error).toBeUndefined();
      const git = 'https://github.com/acme/orders-api.git';
      expect(parsed(result, 'argocd/appproject.yaml').spec.sourceRepos).toEqual(
        [git],
      );
      expect(
        parsed(result, 'argocd/applicationset.yaml').spec.template.spec.source
          .repoURL,
      ).toBe(git);
      const entity = parsed(result, 'catalog-info.yaml');
      expect(entity.metadata.annotations).toMatchObject({
        'github.com/project-slug': 'acme/orders-api',
        'backstage.io/source-location':
          'url:https://github.com/acme/orders-api/tree/main/',
      });
      expect(parsed(result, 'mkdocs.yml').repo_url).toBe(
        'https://github.com/acme/orders-api',
      );
      expect(entity.metadata.links[0]).toEqual({
        url: 'https://github.com/acme/orders-api',
        title: 'Repository',
        icon: 'github',
      });
      // Alerts link the runbook page of the service's TechDocs, as for a local repository.
      expect(
        parsed(result, 'charts/orders-api/values.yaml').alerts.runbookBaseUrl,
      ).toBe(RUNBOOK);
      // Nothing is written to the backend's local git hosting.
      expect(result.log.join('\n')).not.toContain('paved:publish:local');
    },
  );

  it('opens a pull request on a branch named after the service, and registers nothing', async () => {
    const result = await runner.dryRun('service', {
      ...base,
      publishTarget: 'github-pull-request',
      repoUrl: REPO,
    });
    const log = result.log.join('\n');
    expect(log).toContain(
      'Running publish:github:pull-request in dry-run mode',
    );
    expect(log).toContain('"branchName": "paved/orders-api"');
    expect(log).toContain('Performing dry run of creating pull request');
    expect(log).not.toContain('Running catalog:register');
  });

  it('refuses a GitHub target without a repository before anything is written', async () => {
    const result = await runner.dryRun('service', {
      ...base,
      publishTarget: 'github',
    });
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.error)).toContain('repoUrl');
  });

  it('refuses a pull request to a repository no component is registered from', async () => {
    const result = await runner.dryRun('service', {
      ...base,
      publishTarget: 'github-pull-request',
      repoUrl: 'github.com?owner=acme&repo=payments',
    });
    expect(result.status).toBe(403);
    expect(JSON.stringify(result.error)).toContain(
      'no component you own is registered from github.com/acme/payments',
    );
    expect(result.files.size).toBe(0);
  });

  it('keeps local repositories out of GitHub annotations', async () => {
    const result = await runner.dryRun('service', base);
    const entity = parsed(result, 'catalog-info.yaml');
    expect(entity.metadata.annotations).not.toHaveProperty(
      'github.com/project-slug',
    );
    expect(entity.metadata.annotations).not.toHaveProperty(
      'backstage.io/source-location',
    );
    expect(
      parsed(result, 'charts/orders-api/values.yaml').alerts.runbookBaseUrl,
    ).toBe(RUNBOOK);
  });
});
