import { Config } from '@backstage/config';
import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { environmentProvisionProductionPermission } from '@paved/plugin-paved-common';

const DEFAULT_PRODUCTION_ENVIRONMENTS = ['prod', 'production'];

const environmentIs = (value: string) =>
  scaffolderActionConditions.hasStringProperty({ key: 'environment', value });
const ownerIs = (value: string) =>
  scaffolderActionConditions.hasStringProperty({ key: 'owner', value });

/** Options for {@link PavedPermissionPolicy.create}. @public */
export interface PavedPermissionPolicyOptions {
  config: Config;
  userInfo: UserInfoService;
}

/**
 * Paved's permission policy.
 *
 * @remarks
 * Signed-in users may read everything and use the portal. Changes that can hurt others need
 * ownership: deleting a catalog entity, cancelling someone else's task, provisioning a
 * production environment, and running a scaffolder action whose `environment` input is a
 * production environment (its `owner` input must be one of the user's ownership refs).
 * Members of `paved.permissions.adminRefs` may do everything; requests without a user are denied.
 *
 * @public
 */
export class PavedPermissionPolicy implements PermissionPolicy {
  readonly #userInfo: UserInfoService;
  readonly #productionEnvironments: string[];
  readonly #adminRefs: string[];

  static create(options: PavedPermissionPolicyOptions): PavedPermissionPolicy {
    const config = options.config.getOptionalConfig('paved.permissions');
    return new PavedPermissionPolicy(
      options.userInfo,
      config?.getOptionalStringArray('productionEnvironments') ??
        DEFAULT_PRODUCTION_ENVIRONMENTS,
      (config?.getOptionalStringArray('adminRefs') ?? []).map(ref =>
        ref.toLocaleLowerCase('en-US'),
      ),
    );
  }

  private constructor(
    userInfo: UserInfoService,
    productionEnvironments: string[],
    adminRefs: string[],
  ) {
    this.#userInfo = userInfo;
    this.#productionEnvironments = productionEnvironments;
    this.#adminRefs = adminRefs;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { userEntityRef, ownershipEntityRefs } =
      await this.#userInfo.getUserInfo(user.credentials);
    const claims = ownershipEntityRefs.length
      ? ownershipEntityRefs
      : [userEntityRef];
    if (
      claims.some(ref =>
        this.#adminRefs.includes(ref.toLocaleLowerCase('en-US')),
      )
    ) {
      return { result: AuthorizeResult.ALLOW };
    }

    const { permission } = request;
    if (
      isPermission(permission, environmentProvisionProductionPermission) ||
      isPermission(permission, catalogEntityDeletePermission)
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    if (isPermission(permission, taskCancelPermission)) {
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
      );
    }
    if (
      isPermission(permission, actionExecutePermission) &&
      this.#productionEnvironments.length > 0
    ) {
      const [firstEnv, ...otherEnvs] = this.#productionEnvironments;
      const [firstClaim, ...otherClaims] = claims;
      return createScaffolderActionConditionalDecision(permission, {
        anyOf: [
          {
            not: {
              anyOf: [environmentIs(firstEnv), ...otherEnvs.map(environmentIs)],
            },
          },
          { anyOf: [ownerIs(firstClaim), ...otherClaims.map(ownerIs)] },
        ],
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
