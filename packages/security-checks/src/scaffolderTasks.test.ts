import { PortalBackend } from 'template-checks';
import {
  scaffold,
  serviceParameters,
  startSecurityPortal,
  USERS,
} from './SecurityPortal';

/** A template posted to the dry-run API that reads a repository with the server's readers. */
function readingTemplate(url: string) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'read-anything' },
    spec: {
      type: 'service',
      owner: 'group:default/platform-team',
      steps: [{ id: 'read', action: 'fetch:plain', input: { url } }],
    },
  };
}

describe('the scaffolder: tasks, retries and dry runs', () => {
  let portal: PortalBackend;
  let taskId: string;

  beforeAll(async () => {
    portal = await startSecurityPortal();
    await scaffold(
      portal.as(USERS.alice),
      serviceParameters('alpha', 'group:default/team-a'),
    );
    taskId = (await portal.as(USERS.alice).get('/api/scaffolder/v2/tasks')).body
      .tasks[0].id;
  });
  afterAll(() => portal?.stop());

  it('shows a task to its creator, their teammates and admins only', async () => {
    const read = (user: string, path = '') =>
      portal.as(user).get(`/api/scaffolder/v2/tasks/${taskId}${path}`);
    for (const user of [USERS.alice, USERS.carol, USERS.ada]) {
      expect({ user, status: (await read(user)).status }).toEqual({
        user,
        status: 200,
      });
    }
    for (const path of ['', '/events']) {
      const byOtherTeam = await read(USERS.bob, path);
      expect({ path, status: byOtherTeam.status }).toEqual({
        path,
        status: 403,
      });
      expect(byOtherTeam.body.error.name).toBe('NotAllowedError');
    }

    const listed = async (user: string) =>
      (
        (await portal.as(user).get('/api/scaffolder/v2/tasks')).body
          .tasks as Array<{ id: string }>
      ).map(task => task.id);
    expect(await listed(USERS.carol)).toContain(taskId);
    expect(await listed(USERS.bob)).not.toContain(taskId);
  });

  it("lets nobody else retry or cancel someone's task", async () => {
    for (const action of ['retry', 'cancel']) {
      const res = await portal
        .as(USERS.bob)
        .request('post', `/api/scaffolder/v2/tasks/${taskId}/${action}`)
        .send({});
      expect({ action, status: res.status }).toEqual({ action, status: 403 });
    }
  });

  it('keeps dry runs of posted templates for admins: they run with the server’s readers', async () => {
    const alphaRepo = `file://${portal.gitDirectory}/alpha.git/tree/main/`;
    const dryRun = (user: string) =>
      portal
        .as(user)
        .request('post', '/api/scaffolder/v2/dry-run')
        .send({
          template: readingTemplate(alphaRepo),
          values: {},
          directoryContents: [],
        });
    const byUser = await dryRun(USERS.bob);
    expect(byUser.status).toBe(403);
    expect(byUser.body.error.name).toBe('NotAllowedError');
    const byAdmin = await dryRun(USERS.ada);
    expect(byAdmin.body.error).toBeUndefined();
    expect(byAdmin.status).toBe(200);
    const paths = (byAdmin.body.directoryContents as Array<{ path: string }>)
      .map(file => file.path)
      .sort();
    expect(paths).toContain('catalog-info.yaml');
  });
});
