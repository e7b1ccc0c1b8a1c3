import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  environmentProvisionPermission,
  environmentProvisionProductionPermission,
} from '@paved/plugin-paved-common';
import { PavedPermissionPolicy } from './PavedPermissionPolicy';

const alice = {
  credentials: mockCredentials.user('user:default/alice'),
  info: { userEntityRef: 'user:default/alice', ownershipEntityRefs: [] },
};

function policyFor(ownershipEntityRefs: string[], config = {}) {
  return PavedPermissionPolicy.create({
    config: new ConfigReader(config),
    userInfo: mockServices.userInfo({
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs,
    }),
  });
}

const ownedBy = (owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout' },
  spec: { owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

describe('PavedPermissionPolicy', () => {
  const teamA = ['user:default/alice', 'group:default/team-a'];

  it('denies requests without a signed-in user', async () => {
    const decision = await policyFor(teamA).handle({
      permission: catalogEntityReadPermission,
    });
    expect(decision.result).toBe(AuthorizeResult.DENY);
  });

  it('opens reads and non-production provisioning to signed-in users', async () => {
    const policy = policyFor(teamA);
    for (const permission of [
      catalogEntityReadPermission,
      environmentProvisionPermission,
    ]) {
      expect(await policy.handle({ permission }, alice)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('grants production provisioning and deletion to owners only', async () => {
    const policy = policyFor(teamA);
    for (const permission of [
      environmentProvisionProductionPermission,
      catalogEntityDeletePermission,
    ]) {
      const decision = await policy.handle({ permission }, alice);
      if (decision.result !== AuthorizeResult.CONDITIONAL) {
        throw new Error(
          `expected a conditional decision for ${permission.name}`,
        );
      }
      const condition = decision.conditions as unknown as {
        rule: string;
        params: { claims: string[] };
      };
      const rule = permissionRules.isEntityOwner;
      expect(condition.rule).toBe(rule.name);
      expect(
        rule.apply(ownedBy('group:default/team-a'), condition.params),
      ).toBe(true);
      expect(
        rule.apply(ownedBy('group:default/team-b'), condition.params),
      ).toBe(false);
    }
  });

  it('lets only the creator cancel a task', async () => {
    const decision = await policyFor(teamA).handle(
      { permission: taskCancelPermission },
      alice,
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_TASK_OWNER',
        params: { createdBy: ['user:default/alice'] },
      },
    });
  });

  it('requires ownership of the target owner for actions on production environments', async () => {
    const decision = await policyFor(teamA).handle(
      { permission: actionExecutePermission },
      alice,
    );
    const hasString = (key: string, value: string) => ({
      rule: 'HAS_STRING_PROPERTY',
      resourceType: 'scaffolder-action',
      params: { key, value },
    });
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-action',
      conditions: {
        anyOf: [
          {
            not: {
              anyOf: [
                hasString('environment', 'prod'),
                hasString('environment', 'production'),
              ],
            },
          },
          {
            anyOf: [
              hasString('owner', 'user:default/alice'),
              hasString('owner', 'group:default/team-a'),
            ],
          },
        ],
      },
    });

    const noProduction = await policyFor(teamA, {
      paved: { permissions: { productionEnvironments: [] } },
    }).handle({ permission: actionExecutePermission }, alice);
    expect(noProduction.result).toBe(AuthorizeResult.ALLOW);
  });

  it('allows everything to configured admins', async () => {
    const policy = policyFor(teamA, {
      paved: { permissions: { adminRefs: ['Group:default/Team-A'] } },
    });
    const decision = await policy.handle(
      { permission: environmentProvisionProductionPermission },
      alice,
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });
});
