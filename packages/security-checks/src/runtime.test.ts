import { PortalBackend } from 'template-checks';
import pavedRuntimePlugin from '@paved/plugin-paved-runtime-backend';
import {
  scaffold,
  serviceParameters,
  startSecurityPortal,
  USERS,
} from './SecurityPortal';

const runtimeUrl = (name: string) =>
  `/api/paved-runtime/v1/entities/component/default/${name}`;

describe('the runtime API: credentials and missing components', () => {
  let portal: PortalBackend;

  beforeAll(async () => {
    // Reads are open to signed-in users in the Paved policy and denied to requests without a
    // user: the runtime API only sees alpha when it asks the catalog on behalf of the caller.
    // (plugins/paved-runtime-backend's plugin.test.ts checks the principal and hidden entities.)
    portal = await startSecurityPortal({ features: [pavedRuntimePlugin] });
    await scaffold(
      portal.as(USERS.alice),
      serviceParameters('alpha', 'group:default/team-a'),
    );
  });
  afterAll(() => portal?.stop());

  it('answers 401 without credentials', async () => {
    const res = await portal.getWithoutCredentials(runtimeUrl('alpha'));
    expect(res.status).toBe(401);
  });

  it('reads the component as the caller, and answers 404 for one that does not exist', async () => {
    const res = await portal.as(USERS.bob).get(runtimeUrl('alpha'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/alpha',
      environments: [],
      errors: [],
    });
    const missing = await portal.as(USERS.bob).get(runtimeUrl('no-such-thing'));
    expect(missing.status).toBe(404);
    expect(missing.body.error.name).toBe('NotFoundError');
  });
});
