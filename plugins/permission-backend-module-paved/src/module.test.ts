import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { templateDryRunPermission } from '@backstage/plugin-scaffolder-common/alpha';
import request from 'supertest';
import permissionModulePavedPolicy from '.';

describe('permissionModulePavedPolicy', () => {
  it('installs the Paved policy in the permission backend', async () => {
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModulePavedPolicy,
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    });
    const authorize = (header: string) =>
      request(server)
        .post('/api/permission/authorize')
        .set('Authorization', header)
        .send({
          items: [
            {
              id: '1',
              permission: templateDryRunPermission,
            },
            {
              id: '2',
              permission: catalogEntityReadPermission,
              resourceRef: 'component:default/a',
            },
          ],
        });

    const signedIn = await authorize(
      mockCredentials.user.header('user:default/alice'),
    );
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.items).toEqual([
      { id: '1', result: 'DENY' },
      { id: '2', result: 'ALLOW' },
    ]);

    // Without a user the HTTP layer already refuses; the policy's own DENY is unit-tested.
    const anonymous = await authorize(mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});
