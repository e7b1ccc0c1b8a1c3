import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { Permission } from '@backstage/plugin-permission-common';

/**
 * Who may use a permission:
 * - `signed-in`: every signed-in user;
 * - `owner`: the owners of the catalog entity it is about (catalog-entity permissions only);
 * - `creator-team`: the creator of the scaffolder task and everyone who shares a group with them
 *   (scaffolder-task permissions only);
 * - `admin`: only the configured admins.
 *
 * Admins may always do everything.
 *
 * @public
 */
export type PavedPermissionRule =
  | 'signed-in'
  | 'owner'
  | 'creator-team'
  | 'admin';

const RULES: readonly PavedPermissionRule[] = [
  'signed-in',
  'owner',
  'creator-team',
  'admin',
];

/** The resource type each conditional rule needs. */
const RULE_RESOURCE_TYPES: Partial<Record<PavedPermissionRule, string>> = {
  owner: 'catalog-entity',
  'creator-team': 'scaffolder-task',
};

/**
 * The decision for every permission of the plugins the reference app runs, by name. A change of
 * someone else's things needs ownership; what reads, runs or changes anything without an owner
 * (dry runs of posted templates, template management, the Kubernetes proxy with the server's
 * credentials, deleting a location and so every entity it holds) is for admins.
 *
 * @public
 */
export const PAVED_PERMISSION_RULES: Readonly<
  Record<string, PavedPermissionRule>
> = {
  'catalog.entity.read': 'signed-in',
  'catalog.entity.create': 'signed-in',
  'catalog.entity.refresh': 'signed-in',
  'catalog.entity.validate': 'signed-in',
  'catalog.entity.delete': 'owner',
  'catalog.location.read': 'signed-in',
  'catalog.location.create': 'signed-in',
  'catalog.location.analyze': 'signed-in',
  // A location has no owner, and deleting it deletes every entity it holds: owners unregister
  // through `paved:catalog:unregister`, which checks ownership of each of those entities.
  'catalog.location.delete': 'admin',
  'catalog.ingestion.read': 'signed-in',
  'catalog.ingestion.manage': 'admin',

  'scaffolder.template.parameter.read': 'signed-in',
  'scaffolder.template.step.read': 'signed-in',
  'scaffolder.task.create': 'signed-in',
  // Registered templates are written by the platform team; what runs is their steps.
  'scaffolder.action.execute': 'signed-in',
  'scaffolder.task.read': 'creator-team',
  'scaffolder.task.cancel': 'creator-team',
  // A dry run executes a template posted in the request, with the server's integration tokens.
  'scaffolder.template.dry-run': 'admin',
  'scaffolder.template.management': 'admin',

  'kubernetes.clusters.read': 'signed-in',
  'kubernetes.resources.read': 'signed-in',
  // Proxies any request to the clusters with the backend's credentials.
  'kubernetes.proxy': 'admin',

  'paved.environment.provision': 'owner',
  'paved.environment.provision.production': 'owner',
  'paved.repository.change': 'owner',
};

/**
 * The rule table in force: {@link PAVED_PERMISSION_RULES} with the overrides of
 * `paved.permissions.rules`, and a fallback for permissions no table names.
 *
 * @public
 */
export class PermissionRuleTable {
  readonly #rules: Record<string, PavedPermissionRule>;

  /** Reads `paved.permissions.rules`; refuses unknown rules and rules of the wrong resource type. */
  static fromConfig(config: Config): PermissionRuleTable {
    const rules: Record<string, PavedPermissionRule> = {
      ...PAVED_PERMISSION_RULES,
    };
    const overrides =
      config.getOptionalConfigArray('paved.permissions.rules') ?? [];
    overrides.forEach((override, index) => {
      const permission = override.getString('permission');
      const rule = override.getString('rule');
      if (!RULES.includes(rule as PavedPermissionRule)) {
        throw new InputError(
          `paved.permissions.rules[${index}].rule: for ${permission} must be one of ${RULES.join(
            ', ',
          )}, got '${rule}'`,
        );
      }
      rules[permission] = rule as PavedPermissionRule;
    });
    return new PermissionRuleTable(rules);
  }

  private constructor(rules: Record<string, PavedPermissionRule>) {
    this.#rules = rules;
  }

  /**
   * The rule for `permission`. Permissions no table names are open to signed-in users when they
   * read, and for admins otherwise. A conditional rule configured for a permission of another
   * resource type falls back to `admin`, which never grants more than intended.
   */
  ruleFor(permission: Permission): PavedPermissionRule {
    const rule =
      this.#rules[permission.name] ??
      (permission.attributes.action === 'read' ? 'signed-in' : 'admin');
    const resourceType = RULE_RESOURCE_TYPES[rule];
    if (
      resourceType &&
      (permission.type !== 'resource' ||
        permission.resourceType !== resourceType)
    ) {
      return 'admin';
    }
    return rule;
  }
}
