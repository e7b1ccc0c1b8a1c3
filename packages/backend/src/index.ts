import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin, with Paved's actions and local git publishing
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@paved/plugin-scaffolder-backend-module-paved'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin: OIDC in production, GitHub as an alternative, guest for local development. A
// provider signs people in only when auth.providers.<id> is configured (docs/sign-in.md).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
backend.add(
  createBackendFeatureLoader({
    deps: { config: coreServices.rootConfig },
    // The guest module reads auth.providers.guest at start-up and fails the auth plugin without
    // it, and app-config.production.yaml removes that block: load the module only when it is set.
    *loader({ config }) {
      if (config.has('auth.providers.guest')) {
        yield import('@backstage/plugin-auth-backend-module-guest-provider');
      }
    },
  }),
);

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// the Paved software templates (service, environment, unregister), from their package
backend.add(import('@paved/plugin-catalog-backend-module-paved-templates'));
// the environments Paved provisioned on the Kubernetes clusters, as Resources of their components;
// tears down previews whose expiry has passed
backend.add(import('@paved/plugin-catalog-backend-module-paved-environments'));

// permission plugin with Paved's policy (open reads, ownership for production changes)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@paved/plugin-permission-backend-module-paved'));

// search plugin, Postgres engine when the database is Postgres, in-memory otherwise
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes and Argo CD
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@roadiehq/backstage-plugin-argo-cd-backend'));
// Paved runtime state (HPA, GPU, Argo CD, alerts) of the same clusters
backend.add(import('@paved/plugin-paved-runtime-backend'));

// user settings, notifications and signals
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// MCP / Actions Registry: serves the actions of backend.actions.pluginSources
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
