import { parameterSets } from './parameterSets';
import { PortalBackend } from './PortalBackend';
import { FakeGitHub } from './testing/FakeGitHub';

// The service template published to GitHub for real: a real scaffolder task runs publish:github
// against a fake GitHub (msw for the REST API, git's own smart HTTP server for the push), then the
// real catalog registers the component by reading catalog-info.yaml back through Backstage's
// GitHub URL reader.

const TOKEN = 'ghp_not-a-real-token';
const NAME = parameterSets.minimal.name;
const FULL_NAME = `acme/${NAME}`;

describe('the service template published to GitHub', () => {
  let github: FakeGitHub;
  let portal: PortalBackend;
  beforeAll(async () => {
    github = await FakeGitHub.start({ token: TOKEN });
    portal = await PortalBackend.start({ githubToken: TOKEN });
  });
  afterAll(async () => {
    await portal?.stop();
    await github?.stop();
  });

  it('creates the repository, pushes the service and registers it from GitHub', async () => {
    const { taskId, status } = await portal.createTask(
      'template:default/service',
      {
        ...parameterSets.minimal,
        publishTarget: 'github',
        repoUrl: `github.com?owner=acme&repo=${NAME}`,
      },
    );
    expect(status).toBe(201);
    const result = await portal.waitForTask(taskId!);
    if (result.status !== 'completed') {
      throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
    }

    expect(await github.repositories()).toEqual([FULL_NAME]);
    expect(await portal.publishedRepositories()).toEqual([]);
    const catalogInfo = await github.show(
      FULL_NAME,
      'main',
      'catalog-info.yaml',
    );
    expect(catalogInfo?.toString()).toContain(
      `github.com/project-slug: "${FULL_NAME}"`,
    );
    expect(
      await github.show(FULL_NAME, 'main', `charts/${NAME}/Chart.yaml`),
    ).toBeDefined();

    const entity = await portal.waitForComponent(NAME);
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `url:https://github.com/${FULL_NAME}/tree/main/catalog-info.yaml`,
      'backstage.io/source-location': `url:https://github.com/${FULL_NAME}/tree/main/`,
      'github.com/project-slug': FULL_NAME,
    });
    expect(result.output).toMatchObject({
      links: expect.arrayContaining([
        { title: 'Repository', url: `https://github.com/${FULL_NAME}.git` },
        expect.objectContaining({ entityRef: `component:default/${NAME}` }),
      ]),
    });

    // The fake answers 401 without the token, so everything above went through with it; git
    // asked for credentials only after GitHub refused the anonymous push.
    const refused = github.requests.filter(r => r.authorization === null);
    expect(refused.map(r => new URL(r.url).pathname)).toEqual([
      `/${FULL_NAME}.git/info/refs`,
    ]);
    expect(
      github.requests.map(r => `${r.method} ${new URL(r.url).pathname}`),
    ).toEqual(
      expect.arrayContaining([
        'POST /orgs/acme/repos',
        `POST /${FULL_NAME}.git/git-receive-pack`,
        `GET /repos/${FULL_NAME}/contents/catalog-info.yaml`,
      ]),
    );
    expect(result.log.join('\n')).not.toContain(TOKEN);
  });
});
