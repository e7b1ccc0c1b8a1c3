export interface Config {
  paved?: {
    permissions?: {
      /**
       * Entity refs of groups (or users) whose members may do everything, such as
       * `group:default/platform-team`. Defaults to none.
       */
      adminRefs?: string[];
      /**
       * Overrides of the policy's rule table, for example
       * `[{ permission: my.plugin.thing.update, rule: signed-in }]`. Rules: `signed-in`, `owner`
       * (catalog-entity permissions), `creator-team` (scaffolder-task permissions), `admin`.
       * Permissions no table names are open to signed-in users when their action is `read`, and
       * for admins otherwise.
       */
      rules?: Array<{
        /** The permission's name, such as `catalog.location.delete`. */
        permission: string;
        rule: 'signed-in' | 'owner' | 'creator-team' | 'admin';
      }>;
    };
  };
}
