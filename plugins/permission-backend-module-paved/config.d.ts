export interface Config {
  paved?: {
    permissions?: {
      /**
       * Environment names that count as production. Scaffolder actions whose `environment`
       * input names one of them run only for owners of the `owner` they target.
       * Defaults to `['prod', 'production']`.
       */
      productionEnvironments?: string[];
      /**
       * Entity refs of groups (or users) whose members may do everything, such as
       * `group:default/platform-team`. Defaults to none.
       */
      adminRefs?: string[];
    };
  };
}
