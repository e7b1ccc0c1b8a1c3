import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityAccess } from '../authorization/EntityAccess';
import { ServiceClaims } from '../authorization/ServiceClaims';
import { ServiceRepositories } from '../authorization/ServiceRepositories';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';

/** A component as the catalog stores it after reading it from `location`. */
export function registeredComponent(
  name: string,
  location: string,
  options: { owner?: string; annotations?: Record<string, string> } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `url:${location}`,
        'backstage.io/managed-by-origin-location': `url:${location}`,
        ...options.annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: options.owner ?? 'group:default/team-a',
    },
  };
}

/**
 * The authorization services of the module against a mock catalog holding `entities`, with the
 * permission framework answering `allowed(entityRef)` for every entity permission.
 */
export function authorizationFor(options: {
  entities: Entity[];
  localGit: LocalGitDirectory;
  allowed?: (entityRef: string) => boolean;
  ingressDomains?: string[];
}) {
  const catalog = catalogServiceMock({ entities: options.entities });
  const allowed = options.allowed ?? (() => true);
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(request => ({
        result: allowed(request.resourceRef ?? '')
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })),
  });
  const access = EntityAccess.create({ catalog, permissions });
  const repositories = ServiceRepositories.create({
    localGit: options.localGit,
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });
  const claims = ServiceClaims.create({
    catalog,
    auth: mockServices.auth(),
    access,
    repositories,
    ingressDomains: options.ingressDomains ?? [],
  });
  return { catalog, permissions, access, repositories, claims };
}
