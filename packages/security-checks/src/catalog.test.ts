import { PortalBackend } from 'template-checks';
import {
  scaffold,
  serviceParameters,
  startSecurityPortal,
  USERS,
} from './SecurityPortal';

describe('the catalog: who may remove whose entities', () => {
  let portal: PortalBackend;
  let alphaUid: string;

  async function locationOf(name: string): Promise<string> {
    const res = await portal.get(
      `/api/catalog/locations/by-entity/component/default/${name}`,
    );
    expect(res.status).toBe(200);
    return res.body.id;
  }

  beforeAll(async () => {
    portal = await startSecurityPortal();
    const alpha = await scaffold(
      portal.as(USERS.alice),
      serviceParameters('alpha', 'group:default/team-a'),
    );
    alphaUid = alpha.metadata.uid;
    await scaffold(
      portal.as(USERS.bob),
      serviceParameters('beta', 'group:default/team-b'),
    );
  });
  afterAll(() => portal?.stop());

  it('keeps deleting a location, and so every entity in it, for admins', async () => {
    const id = await locationOf('alpha');
    for (const user of [USERS.bob, USERS.alice]) {
      const res = await portal
        .as(user)
        .request('delete', `/api/catalog/locations/${id}`);
      expect({ user, status: res.status, error: res.body.error?.name }).toEqual(
        { user, status: 403, error: 'NotAllowedError' },
      );
    }
    expect((await portal.get('/api/catalog/locations')).status).toBe(200);
    await portal.waitForComponent('alpha');

    const betaLocation = await locationOf('beta');
    const byAdmin = await portal
      .as(USERS.ada)
      .request('delete', `/api/catalog/locations/${betaLocation}`);
    expect(byAdmin.status).toBe(204);
  });

  it('lets only the owners delete an entity', async () => {
    const byOtherTeam = await portal
      .as(USERS.bob)
      .request('delete', `/api/catalog/entities/by-uid/${alphaUid}`);
    expect(byOtherTeam.status).toBe(403);
    expect(byOtherTeam.body.error.name).toBe('NotAllowedError');
    const byOwner = await portal
      .as(USERS.carol)
      .request('delete', `/api/catalog/entities/by-uid/${alphaUid}`);
    expect(byOwner.status).toBe(204);
    // Its location still holds it, so the catalog reads it in again.
    await portal.waitForComponent('alpha');
  });

  it('unregisters a component for its owners with the unregister template, and for nobody else', async () => {
    const attempt = async (user: string) => {
      const { taskId } = await portal
        .as(user)
        .createTask('template:default/unregister', {
          component: 'component:default/alpha',
        });
      return portal.as(user).waitForTask(taskId!);
    };
    const byOtherTeam = await attempt(USERS.bob);
    expect(byOtherTeam.status).toBe('failed');
    expect(byOtherTeam.log.join('\n')).toContain(
      'user:default/bob may not unregister component:default/alpha: only its owners (group:default/team-a) and Paved admins may (permission catalog.entity.delete)',
    );
    await portal.waitForComponent('alpha');

    const byOwner = await attempt(USERS.alice);
    expect(byOwner.status).toBe('completed');
    expect(byOwner.output?.text).toEqual([
      {
        title: 'Removed from the catalog',
        content: expect.stringContaining('component:default/alpha'),
      },
    ]);
    const gone = await portal.get(
      '/api/catalog/entities/by-name/component/default/alpha',
    );
    expect(gone.status).toBe(404);
    expect(await portal.locationTargets()).not.toContainEqual(
      expect.stringContaining('/alpha.git/'),
    );
  });
});
