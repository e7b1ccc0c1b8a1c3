export interface Config {
  paved?: {
    templates?: {
      /**
       * How `@paved/plugin-catalog-backend-module-paved-templates` registers the Paved software
       * templates it ships in the catalog. An invalid value fails the catalog's start-up (readiness 503).
       */
      catalog?: {
        /**
         * Entity ref of the group or user that owns the templates in the catalog; replaces the
         * `spec.owner` of every template. A ref without a kind is a group, one without a
         * namespace is in the templates' `namespace`. Defaults to
         * `group:default/platform-team`, the owner written in the template files.
         */
        owner?: string;
        /**
         * Catalog namespace of the template entities. Defaults to `default`.
         */
        namespace?: string;
        /**
         * Which templates to register: any of `service`, `environment` and `unregister`.
         * Defaults to all three. `environment` adds environments to services made by `service`.
         */
        templates?: Array<'service' | 'environment' | 'unregister'>;
      };
    };
  };
}
