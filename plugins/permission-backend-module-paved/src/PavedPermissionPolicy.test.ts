import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationDeletePermission,
  catalogPermissions,
} from '@backstage/plugin-catalog-common/alpha';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  scaffolderPermissions,
  taskCancelPermission,
  taskReadPermission,
  templateDryRunPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { kubernetesPermissions } from '@backstage/plugin-kubernetes-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { pavedPermissions } from '@paved/plugin-paved-common';
import { PavedPermissionPolicy } from './PavedPermissionPolicy';
import { PAVED_PERMISSION_RULES } from './permissionRules';
import { TeamDirectory } from './TeamDirectory';

const alice = {
  credentials: mockCredentials.user('user:default/alice'),
  // Deprecated and unused by the policy, which asks the user info service.
  info: { userEntityRef: 'user:default/alice', ownershipEntityRefs: [] },
};
const teamA = ['user:default/alice', 'group:default/team-a'];

const groups = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/alice' },
      { type: 'hasMember', targetRef: 'user:default/carol' },
    ],
  },
];

function policyFor(ownershipEntityRefs: string[], config = {}) {
  return PavedPermissionPolicy.create({
    config: new ConfigReader(config),
    userInfo: mockServices.userInfo({
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs,
    }),
    teams: TeamDirectory.create({
      catalog: catalogServiceMock({ entities: groups }),
      auth: mockServices.auth(),
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

function ownerCondition(decision: PolicyDecision) {
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    throw new Error(`expected a conditional decision, got ${decision.result}`);
  }
  return decision.conditions as unknown as {
    rule: string;
    params: { claims: string[] };
  };
}

describe('PavedPermissionPolicy', () => {
  it('denies requests without a signed-in user', async () => {
    const decision = await policyFor(teamA).handle({
      permission: catalogEntityReadPermission,
    });
    expect(decision.result).toBe(AuthorizeResult.DENY);
  });

  it('names every permission of the catalog, scaffolder, Kubernetes and Paved explicitly', () => {
    const all: Permission[] = [
      ...catalogPermissions,
      ...scaffolderPermissions,
      ...kubernetesPermissions,
      ...pavedPermissions,
    ];
    const unnamed = all
      .map(p => p.name)
      .filter(name => !(name in PAVED_PERMISSION_RULES));
    expect(unnamed).toEqual([]);
    // Conditional rules only where the permission has the resource they need.
    const neededResource: Record<string, string> = {
      owner: 'catalog-entity',
      'creator-team': 'scaffolder-task',
    };
    const mismatched = all
      .filter(p => {
        const needed = neededResource[PAVED_PERMISSION_RULES[p.name]];
        return needed && (p.type !== 'resource' || p.resourceType !== needed);
      })
      .map(p => p.name);
    expect(mismatched).toEqual([]);
  });

  it('grants changes of an entity to its owners only', async () => {
    const policy = policyFor(teamA);
    for (const permission of pavedPermissions.concat(
      catalogEntityDeletePermission,
    )) {
      const condition = ownerCondition(
        await policy.handle({ permission }, alice),
      );
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

  it('keeps dry runs, template management, location deletion and the Kubernetes proxy for admins', async () => {
    const policy = policyFor(teamA);
    const proxy = kubernetesPermissions.find(
      p => p.name === 'kubernetes.proxy',
    )!;
    for (const permission of [
      templateDryRunPermission,
      catalogLocationDeletePermission,
      proxy,
    ]) {
      expect(await policy.handle({ permission }, alice)).toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('lets the creator of a task and their teammates read and cancel it', async () => {
    for (const permission of [taskReadPermission, taskCancelPermission]) {
      const decision = await policyFor(teamA).handle({ permission }, alice);
      expect(decision).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        conditions: {
          rule: 'IS_TASK_OWNER',
          params: {
            createdBy: ['user:default/alice', 'user:default/carol'],
          },
        },
      });
    }
  });

  it('still lets the creator read their tasks when the catalog fails', async () => {
    const policy = PavedPermissionPolicy.create({
      config: new ConfigReader({}),
      userInfo: mockServices.userInfo({
        userEntityRef: 'user:default/alice',
        ownershipEntityRefs: teamA,
      }),
      teams: TeamDirectory.create({
        catalog: catalogServiceMock.mock({
          getEntityByRef: jest.fn().mockRejectedValue(new Error('down')),
        }),
        auth: mockServices.auth(),
      }),
    });
    expect(
      await policy.handle({ permission: taskReadPermission }, alice),
    ).toMatchObject({
      conditions: { params: { createdBy: ['user:default/alice'] } },
    });
  });

  it('opens unlisted reads to signed-in users and keeps unlisted changes for admins', async () => {
    const policy = policyFor(teamA);
    const read = createPermission({
      name: 'other.thing.read',
      attributes: { action: 'read' },
    });
    const change = createPermission({
      name: 'other.thing.update',
      attributes: { action: 'update' },
    });
    expect((await policy.handle({ permission: read }, alice)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await policy.handle({ permission: change }, alice)).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('takes rule overrides from config and refuses unknown rules', async () => {
    const policy = policyFor(teamA, {
      paved: {
        permissions: {
          rules: [
            { permission: 'other.thing.update', rule: 'signed-in' },
            { permission: 'scaffolder.template.dry-run', rule: 'signed-in' },
            // owner needs a catalog-entity permission: never more than admin
            { permission: 'catalog.location.delete', rule: 'owner' },
          ],
        },
      },
    });
    const change = createPermission({
      name: 'other.thing.update',
      attributes: { action: 'update' },
    });
    expect((await policy.handle({ permission: change }, alice)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(
      (await policy.handle({ permission: templateDryRunPermission }, alice))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (
        await policy.handle(
          { permission: catalogLocationDeletePermission },
          alice,
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(() =>
      policyFor(teamA, {
        paved: {
          permissions: { rules: [{ permission: 'a.b', rule: 'everyone' }] },
        },
      }),
    ).toThrow(
      "paved.permissions.rules[0].rule: for a.b must be one of signed-in, owner, creator-team, admin, got 'everyone'",
    );
  });

  it('allows everything to configured admins', async () => {
    const policy = policyFor(teamA, {
      paved: { permissions: { adminRefs: ['Group:default/Team-A'] } },
    });
    for (const permission of [
      templateDryRunPermission,
      catalogLocationDeletePermission,
      ...pavedPermissions,
    ]) {
      const decision = await policy.handle({ permission }, alice);
      expect(decision.result).toBe(AuthorizeResult.ALLOW);
    }
  });
});
