import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import { PortalBackend } from 'template-checks';
import {
  scaffold,
  serviceParameters,
  startSecurityPortal,
  USERS,
} from './SecurityPortal';

/** The branches once the owners and the admin added their environments. */
const AFTER_OWNERS_ADDED_ENVIRONMENTS = {
  alpha: ['main', 'paved-add-prod', 'paved-add-staging'],
  beta: ['main', 'paved-add-staging'],
};

describe("environments: who may change whose service's repository", () => {
  let portal: PortalBackend;

  const branches = (repo: string) =>
    git
      .listBranches({
        fs,
        gitdir: path.join(portal.gitDirectory, `${repo}.git`),
      })
      .then(list => list.sort());

  const allBranches = async () => ({
    alpha: await branches('alpha'),
    beta: await branches('beta'),
  });

  async function addEnvironment(
    user: string,
    component: string,
    environment: string,
  ) {
    const { taskId, body } = await portal
      .as(user)
      .createTask('template:default/environment', {
        component: `component:default/${component}`,
        environment,
      });
    if (!taskId) throw new Error(JSON.stringify(body));
    const result = await portal.as(user).waitForTask(taskId);
    return { status: result.status, log: result.log.join('\n') };
  }

  /** A push to `repo`'s main branch by its owners, as they may do outside Backstage. */
  function pushToMain(repo: string, edit: (dir: string) => void) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-push-'));
    const run = (...args: string[]) =>
      execFileSync('git', args, { cwd: work, stdio: 'pipe' });
    try {
      run('clone', '-q', path.join(portal.gitDirectory, `${repo}.git`), '.');
      edit(work);
      run(
        '-c',
        'user.name=Bob',
        '-c',
        'user.email=bob@example.com',
        'commit',
        '-qam',
        'edit',
      );
      run('push', '-q', 'origin', 'HEAD:main');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }

  beforeAll(async () => {
    portal = await startSecurityPortal();
    await scaffold(
      portal.as(USERS.alice),
      serviceParameters('alpha', 'group:default/team-a', {
        ingressHost: 'alpha.example.com',
      }),
    );
    await scaffold(
      portal.as(USERS.bob),
      serviceParameters('beta', 'group:default/team-b'),
    );
  });
  afterAll(() => portal?.stop());

  it("refuses another team's user for every environment, and writes nothing", async () => {
    const staging = await addEnvironment(USERS.bob, 'alpha', 'staging');
    expect(staging.status).toBe('failed');
    expect(staging.log).toContain(
      'user:default/bob may not add staging to component:default/alpha: only its owners (group:default/team-a) and Paved admins may (permission paved.environment.provision)',
    );
    const prod = await addEnvironment(USERS.bob, 'alpha', 'prod');
    expect(prod.log).toContain(
      '(permission paved.environment.provision.production)',
    );
    expect(await branches('alpha')).toEqual(['main']);
  });

  it('lets the owners and the admins add environments, production included', async () => {
    expect(await addEnvironment(USERS.alice, 'alpha', 'prod')).toMatchObject({
      status: 'completed',
    });
    expect(await addEnvironment(USERS.carol, 'alpha', 'staging')).toMatchObject(
      {
        status: 'completed',
      },
    );
    expect(await addEnvironment(USERS.ada, 'beta', 'staging')).toMatchObject({
      status: 'completed',
    });
    expect(await allBranches()).toEqual(AFTER_OWNERS_ADDED_ENVIRONMENTS);
  });

  it('never takes the target repository from the checked-out code', async () => {
    // Bob's own repository claims to be alpha.
    pushToMain('beta', dir => {
      const file = path.join(dir, '.paved/service.json');
      const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
      fs.writeFileSync(file, JSON.stringify({ ...stored, name: 'alpha' }));
    });
    const attempt = await addEnvironment(USERS.bob, 'beta', 'prod');
    expect(attempt.status).toBe('failed');
    expect(attempt.log).toContain(
      '.paved/service.json: describes the service alpha, not component:default/beta',
    );
    expect(await allBranches()).toEqual(AFTER_OWNERS_ADDED_ENVIRONMENTS);
  });

  it("refuses a new service on another component's ingress host or outside the domains", async () => {
    for (const [ingressHost, problem] of [
      [
        'alpha.example.com',
        'collides with the hosts of component:default/alpha (owner group:default/team-a)',
      ],
      [
        'dev.alpha.example.com',
        'collides with the hosts of component:default/alpha (owner group:default/team-a)',
      ],
      ['alpha.example.org', "is outside the platform's ingress domains"],
    ]) {
      const { taskId } = await portal
        .as(USERS.bob)
        .createTask(
          'template:default/service',
          serviceParameters('gamma', 'group:default/team-b', { ingressHost }),
        );
      const result = await portal.as(USERS.bob).waitForTask(taskId!);
      expect({ ingressHost, status: result.status }).toEqual({
        ingressHost,
        status: 'failed',
      });
      expect(result.log.join('\n')).toContain(problem);
    }
    expect(await portal.publishedRepositories()).not.toContain('gamma.git');
  });
});
