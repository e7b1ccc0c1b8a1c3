import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/**
 * User info as a sign-in resolver issues it: the user and the groups the catalog says they are a
 * member of. The test backend's mock tokens carry no claims, so this reads the catalog instead.
 */
export const catalogUserInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: { catalog: catalogServiceRef, auth: coreServices.auth },
  factory({ catalog, auth }) {
    return {
      async getUserInfo(credentials: BackstageCredentials) {
        const { userEntityRef } = (
          credentials as BackstageCredentials<BackstageUserPrincipal>
        ).principal;
        const user = await catalog.getEntityByRef(userEntityRef, {
          credentials: await auth.getOwnServiceCredentials(),
        });
        const groups = (user?.relations ?? [])
          .filter(relation => relation.type === RELATION_MEMBER_OF)
          .map(relation => relation.targetRef);
        return {
          userEntityRef,
          ownershipEntityRefs: [userEntityRef, ...groups],
        };
      },
    };
  },
});
