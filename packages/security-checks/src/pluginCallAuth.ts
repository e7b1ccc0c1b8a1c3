import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

const MOCK_SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The test backend's mock auth, except that a plugin's request on behalf of a user keeps the
 * plugin as the actor, as real tokens do. Without it the permission backend takes every
 * plugin-to-plugin call for a direct user request and refuses the catalog's conditional
 * queries. Paired with the real `httpAuth`, so incoming requests are read through it.
 */
export const pluginCallAuthFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const mock = mockServices.auth({ pluginId: plugin.getId() });
    return {
      async authenticate(token, options) {
        const credentials: BackstageCredentials = await mock.authenticate(
          token,
          options,
        );
        if (
          token.startsWith(MOCK_SERVICE_TOKEN_PREFIX) &&
          mock.isPrincipal(credentials, 'user')
        ) {
          return mockCredentials.user(credentials.principal.userEntityRef, {
            actor: { subject: 'plugin:test' },
          }) as BackstageCredentials as any;
        }
        return credentials as any;
      },
      getNoneCredentials: () => mock.getNoneCredentials(),
      getOwnServiceCredentials: () => mock.getOwnServiceCredentials(),
      isPrincipal: mock.isPrincipal.bind(mock) as AuthService['isPrincipal'],
      getPluginRequestToken: options => mock.getPluginRequestToken(options),
      getLimitedUserToken: credentials => mock.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => mock.listPublicServiceKeys(),
    };
  },
});
