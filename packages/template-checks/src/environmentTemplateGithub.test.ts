import { gzipSync } from 'node:zlib';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { pack } from 'tar-stream';
import yaml from 'yaml';
import { parameterSets } from './parameterSets';
import {
  registeredEntity,
  succeeded,
  text,
} from './testing/environmentTemplate';
import { DryRunResult, TemplateDryRunner } from './TemplateDryRunner';

// The environment template on a service that lives on GitHub: the real scaffolder's dry run
// checks the repository out through Backstage's GitHub URL reader from a GitHub API served by
// msw (the service template's real output as the tarball), adds staging and simulates the pull
// request. Nothing leaves the process.

const SET = { ...parameterSets.noAutoscaling, publishTarget: 'github' };
const NAME = SET.name;
const OWNER = 'acme';
const SHA = 'a'.repeat(40);
const TOKEN = 'not-a-real-token';
const API = `https://api.github.com/repos/${OWNER}/${NAME}`;
const TREE_URL = `https://github.com/${OWNER}/${NAME}/tree/main/`;

async function tarball(files: Map<string, Buffer>): Promise<Buffer> {
  const archive = pack();
  for (const [file, content] of files) {
    // GitHub's tarballs put everything below one <owner>-<repo>-<sha> folder.
    archive.entry(
      { name: `${OWNER}-${NAME}-${SHA.slice(0, 7)}/${file}` },
      content,
    );
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

describe('the environment template on a GitHub repository', () => {
  const authorizations: (string | null)[] = [];
  const server = setupServer();
  let original: Map<string, Buffer>;
  let added: DryRunResult;
  let runner: TemplateDryRunner | undefined;

  beforeAll(async () => {
    const creator = await TemplateDryRunner.create({ githubToken: TOKEN });
    try {
      original = succeeded(
        await creator.dryRun('service', {
          ...SET,
          repoUrl: `github.com?owner=${OWNER}&repo=${NAME}`,
        }),
        'the service template',
      ).files;
    } finally {
      await creator.stop();
    }
    const archive = await tarball(original);
    server.use(
      http.get(API, ({ request }) => {
        authorizations.push(request.headers.get('authorization'));
        return HttpResponse.json({
          full_name: `${OWNER}/${NAME}`,
          default_branch: 'main',
        });
      }),
      http.get(`${API}/commits/main/status`, ({ request }) => {
        authorizations.push(request.headers.get('authorization'));
        return HttpResponse.json({
          sha: SHA,
          repository: { archive_url: `${API}/{archive_format}{/ref}` },
        });
      }),
      http.get(`${API}/tarball/${SHA}`, ({ request }) => {
        authorizations.push(request.headers.get('authorization'));
        return new HttpResponse(archive, {
          headers: { 'content-type': 'application/x-gzip' },
        });
      }),
    );
    server.listen({
      onUnhandledRequest: (request, print) => {
        // The test's own requests to the in-process backend pass; anything else is a bug.
        if (
          !['127.0.0.1', 'localhost'].includes(new URL(request.url).hostname)
        ) {
          print.error();
        }
      },
    });

    runner = await TemplateDryRunner.create({
      githubToken: TOKEN,
      entities: [
        registeredEntity(
          text(original, 'catalog-info.yaml'),
          `https://github.com/${OWNER}/${NAME}/blob/main/catalog-info.yaml`,
          TREE_URL,
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
    server.close();
    await runner?.stop();
  });

  it('checks the repository out through GitHub with the integration token', () => {
    succeeded(added, 'the environment template');
    expect(authorizations.length).toBeGreaterThanOrEqual(2);
    expect(new Set(authorizations)).toEqual(new Set([`Bearer ${TOKEN}`]));
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
      `https://github.com/${OWNER}/${NAME}.git`,
    );
    // Everything the service already had comes back from the tarball unchanged.
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
