import path from 'node:path';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionModulePavedPolicy from '@paved/plugin-permission-backend-module-paved';
import { PortalBackend } from 'template-checks';
import { catalogUserInfoFactory } from './catalogUserInfo';
import { pluginCallAuthFactory } from './pluginCallAuth';

/** The people of `fixtures/org.yaml`. */
export const USERS = {
  /** team-a, owns what `alice` scaffolds */
  alice: 'user:default/alice',
  /** team-a too */
  carol: 'user:default/carol',
  /** team-b, the attacker */
  bob: 'user:default/bob',
  /** platform-team, the admins */
  ada: 'user:default/ada',
} as const;

// Fixtures are read from the repository, never from a build.
// eslint-disable-next-line no-restricted-syntax
const ORG_FILE = path.resolve(__dirname, '../fixtures/org.yaml');

/**
 * The reference backend's authorization for real: catalog, scaffolder with the Paved module,
 * the permission backend with the Paved policy (admins: platform-team) and the real permission
 * client, and users whose groups come from the catalog.
 */
export async function startSecurityPortal(
  options: {
    features?: BackendFeature[];
    config?: Record<string, unknown>;
  } = {},
): Promise<PortalBackend> {
  const portal = await PortalBackend.start({
    user: USERS.alice,
    features: [
      permissionPlugin,
      permissionModulePavedPolicy,
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      catalogUserInfoFactory,
      pluginCallAuthFactory,
      httpAuthServiceFactory,
      ...(options.features ?? []),
    ],
    config: {
      ...options.config,
      permission: { enabled: true },
      paved: {
        permissions: { adminRefs: ['group:default/platform-team'] },
        templates: { ingressDomains: ['example.com'] },
      },
    },
    locations: [{ target: ORG_FILE, allow: ['User', 'Group'] }],
  });
  await portal.waitForEntity('user:default/bob');
  return portal;
}

/** Parameters of a small local service owned by `owner`. */
export function serviceParameters(
  name: string,
  owner: string,
  extra: Record<string, unknown> = {},
) {
  return {
    name,
    description: `The ${name} service`,
    owner,
    image: `ghcr.io/acme/${name}`,
    port: 8080,
    environments: ['dev'],
    publishTarget: 'local',
    ...extra,
  };
}

/** Scaffolds a service with the service template as the portal's user; fails when the task does. */
export async function scaffold(
  portal: PortalBackend,
  parameters: Record<string, unknown>,
) {
  const { taskId, status, body } = await portal.createTask(
    'template:default/service',
    parameters,
  );
  if (!taskId) {
    throw new Error(
      `could not start the task (${status}): ${JSON.stringify(body)}`,
    );
  }
  const result = await portal.waitForTask(taskId);
  if (result.status !== 'completed') {
    throw new Error(`scaffolding failed:\n${result.log.join('\n')}`);
  }
  return portal.waitForComponent(parameters.name as string);
}
