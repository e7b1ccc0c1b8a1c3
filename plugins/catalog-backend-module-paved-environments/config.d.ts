import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  paved?: {
    environments?: {
      /**
       * How `@paved/plugin-catalog-backend-module-paved-environments` reads the environments
       * Paved provisioned (namespaces labelled `app.kubernetes.io/managed-by: paved` on the
       * clusters of `kubernetes.clusterLocatorMethods`) into the catalog.
       */
      catalog?: {
        /**
         * How often the clusters are read, e.g. `{ frequency: { minutes: 1 }, timeout: { minutes: 2 } }`
         * (the default). One backend replica runs it at a time.
         * @visibility backend
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * The catalog namespace of the components whose environments these are (default
         * `default`): each environment is a `dependencyOf` `component:<componentNamespace>/<component>`.
         * @visibility backend
         */
        componentNamespace?: string;
      };
      /**
       * The sweep that tears down previews whose `paved.dev/expires-at` has passed (never
       * production).
       */
      expiry?: {
        /**
         * Set to false to keep expired environments (default true).
         * @visibility backend
         */
        enabled?: boolean;
        /**
         * Only log what the sweep would remove (default false).
         * @visibility backend
         */
        dryRun?: boolean;
        /**
         * How often the sweep runs (default every 5 minutes, timeout 10 minutes). One backend
         * replica runs it at a time.
         * @visibility backend
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
