import { Config } from '@backstage/config';
import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_SCAFFOLDER_TASK } from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { PermissionRuleTable } from './permissionRules';
import { TeamDirectory } from './TeamDirectory';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** Options for {@link PavedPermissionPolicy.create}. @public */
export interface PavedPermissionPolicyOptions {
  config: Config;
  userInfo: UserInfoService;
  teams: TeamDirectory;
}

/**
 * Paved's permission policy.
 *
 * @remarks
 * Every permission has an explicit rule (see {@link PAVED_PERMISSION_RULES}, overridable with
 * `paved.permissions.rules`): open to signed-in users, to the owners of the entity it is about,
 * to the creator of a task and their teammates, or to admins only. Members of
 * `paved.permissions.adminRefs` may do everything; requests without a user are denied.
 *
 * @public
 */
export class PavedPermissionPolicy implements PermissionPolicy {
  readonly #userInfo: UserInfoService;
  readonly #teams: TeamDirectory;
  readonly #rules: PermissionRuleTable;
  readonly #adminRefs: string[];

  static create(options: PavedPermissionPolicyOptions): PavedPermissionPolicy {
    const adminRefs =
      options.config.getOptionalStringArray('paved.permissions.adminRefs') ??
      [];
    return new PavedPermissionPolicy(
      options.userInfo,
      options.teams,
      PermissionRuleTable.fromConfig(options.config),
      adminRefs.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }

  private constructor(
    userInfo: UserInfoService,
    teams: TeamDirectory,
    rules: PermissionRuleTable,
    adminRefs: string[],
  ) {
    this.#userInfo = userInfo;
    this.#teams = teams;
    this.#rules = rules;
    this.#adminRefs = adminRefs;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return DENY;
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
      return ALLOW;
    }

    const { permission } = request;
    switch (this.#rules.ruleFor(permission)) {
      case 'signed-in':
        return ALLOW;
      case 'owner':
        return isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
          ? createCatalogConditionalDecision(
              permission,
              catalogConditions.isEntityOwner({ claims }),
            )
          : DENY;
      case 'creator-team':
        return isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)
          ? createScaffolderTaskConditionalDecision(
              permission,
              scaffolderTaskConditions.isTaskOwner({
                createdBy: await this.#teams.teammates(userEntityRef, claims),
              }),
            )
          : DENY;
      default:
        return DENY;
    }
  }
}
