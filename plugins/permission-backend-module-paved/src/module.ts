import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PavedPermissionPolicy } from './PavedPermissionPolicy';
import { TeamDirectory } from './TeamDirectory';

/**
 * Installs {@link PavedPermissionPolicy} as the permission backend's policy.
 *
 * @public
 */
export const permissionModulePavedPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'paved-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ policy, config, userInfo, auth, catalog }) {
        policy.setPolicy(
          PavedPermissionPolicy.create({
            config,
            userInfo,
            teams: TeamDirectory.create({ catalog, auth }),
          }),
        );
      },
    });
  },
});
