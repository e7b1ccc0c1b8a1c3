import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { FakeKubernetesServer } from '@paved/kubernetes-test-utils';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import {
  authorizationFor,
  registeredComponent,
} from '../__testUtils__/authorization';
import { CLUSTER_TOKEN, startDemoCluster } from '../__testUtils__/fakeCluster';
import { createEnvironmentProvisionAction } from './environmentProvision';
import { createEnvironmentTeardownAction } from './environmentTeardown';

const localGit = LocalGitDirectory.create({ directory: '/git' });
const ordersApi = registeredComponent(
  'orders-api',
  'https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
  {
    annotations: {
      'backstage.io/source-location':
        'url:https://github.com/acme/orders-api/tree/main/',
    },
  },
);

describe('paved:environment:provision and teardown', () => {
  let server: FakeKubernetesServer;
  let provisioner: EnvironmentProvisioner;
  beforeEach(async () => {
    ({ server, provisioner } = await startDemoCluster());
  });
  afterEach(() => server.stop());

  function actions(allowed = true) {
    const { access, permissions } = authorizationFor({
      entities: [ordersApi],
      localGit,
      allowed: () => allowed,
    });
    return {
      provision: createEnvironmentProvisionAction({ provisioner, access }),
      teardown: createEnvironmentTeardownAction({ provisioner, access }),
      permissions,
    };
  }
  const input = {
    entityRef: 'component:default/orders-api',
    environment: 'pr-7',
    cluster: 'demo',
    ttl: '24h',
  };

  it('plans in a dry run, provisions inside checkpoints, and converges', async () => {
    const { provision, permissions } = actions();
    const dry = { ...createMockActionContext({ input }), isDryRun: true };
    await provision.handler(dry);
    server.assertNoWrites();
    expect(dry.output).toHaveBeenCalledWith(
      'plan',
      expect.arrayContaining([
        expect.objectContaining({
          action: 'create',
          object: 'Namespace orders-api-pr-7',
        }),
      ]),
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'paved.environment.provision',
          }),
          resourceRef: 'component:default/orders-api',
        },
      ],
      expect.anything(),
    );

    const checkpoints: string[] = [];
    const ctx = createMockActionContext({ input });
    ctx.checkpoint = (async ({
      key,
      fn,
    }: {
      key: string;
      fn: () => Promise<unknown>;
    }) => {
      checkpoints.push(key);
      return fn();
    }) as typeof ctx.checkpoint;
    await provision.handler(ctx);
    expect(checkpoints).toHaveLength(9);
    expect(checkpoints[0]).toBe('demo: apply Namespace orders-api-pr-7');
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'orders-api-pr-7');
    expect(ctx.output).toHaveBeenCalledWith('application', 'orders-api-pr-7');
    const app = server.getObject(
      'argoproj.io/v1alpha1',
      'Application',
      'orders-api-pr-7',
      'argocd',
    );
    expect((app?.spec as { source?: unknown })?.source).toMatchObject({
      repoURL: 'https://github.com/acme/orders-api',
    });

    server.accounting.reset();
    const again = createMockActionContext({ input });
    await provision.handler(again);
    server.assertNoWrites();
    expect(again.output).toHaveBeenCalledWith('applied', []);
  });

  it('refuses a user without the permission before touching the cluster', async () => {
    const { provision } = actions(false);
    await expect(
      provision.handler(createMockActionContext({ input })),
    ).rejects.toThrow(
      /may not provision pr-7 of component:default\/orders-api/,
    );
    expect(server.accounting.log).toEqual([]);
  });

  it('needs the production permission and a confirmation to tear down prod', async () => {
    const { teardown, permissions } = actions();
    const prod = { ...input, environment: 'prod' };
    await expect(
      teardown.handler(createMockActionContext({ input: prod })),
    ).rejects.toThrow(
      'confirm: tearing down production needs confirm set to orders-api-prod',
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'paved.environment.provision.production',
          }),
        }),
      ],
      expect.anything(),
    );
    server.assertNoWrites();
    const ctx = createMockActionContext({
      input: { ...prod, confirm: 'orders-api-prod' },
    });
    await teardown.handler(ctx);
    // The demo's orders-api-prod is not Paved's: nothing is deleted.
    expect(ctx.output).toHaveBeenCalledWith('deleted', []);
    expect(
      server.getObject('v1', 'Namespace', 'orders-api-prod'),
    ).toBeDefined();
  });

  it('tears down what it provisioned, and keeps the cluster token out of the logs', async () => {
    const { provision, teardown } = actions();
    const lines: string[] = [];
    const ctx = createMockActionContext({ input });
    const logger = ctx.logger;
    for (const level of ['info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(logger, level).mockImplementation(((message: string) => {
        lines.push(message);
        return logger;
      }) as never);
    }
    await provision.handler(ctx);
    const down = createMockActionContext({ input, logger });
    await teardown.handler(down);
    expect(down.output).toHaveBeenCalledWith('deleted', [
      'Application argocd/orders-api-pr-7',
      'Namespace orders-api-pr-7',
    ]);
    expect(lines.join('\n')).toContain('deleted: Namespace orders-api-pr-7');
    expect(
      JSON.stringify([
        lines,
        (ctx.output as jest.Mock).mock.calls,
        (down.output as jest.Mock).mock.calls,
      ]),
    ).not.toContain(CLUSTER_TOKEN);
  });
});
