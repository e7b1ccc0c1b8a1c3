import { mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { FakeKubernetesServer } from '@paved/kubernetes-test-utils';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import {
  authorizationFor,
  registeredComponent,
} from '../__testUtils__/authorization';
import { startDemoCluster } from '../__testUtils__/fakeCluster';
import { registerEnvironmentActions } from './environmentRegistryActions';

describe('environment actions in the Actions Registry', () => {
  let server: FakeKubernetesServer;
  afterEach(() => server.stop());

  async function registry(allowed: boolean) {
    const started = await startDemoCluster();
    server = started.server;
    const { access } = authorizationFor({
      entities: [
        registeredComponent(
          'orders-api',
          'https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
        ),
      ],
      localGit: LocalGitDirectory.create({ directory: '/git' }),
      allowed: () => allowed,
    });
    const actionsRegistry = actionsRegistryServiceMock({
      logger: mockServices.logger.mock(),
    });
    registerEnvironmentActions({
      actionsRegistry,
      provisioner: started.provisioner,
      access,
    });
    return actionsRegistry;
  }
  const input = {
    entityRef: 'component:default/orders-api',
    environment: 'pr-3',
    cluster: 'demo',
  };

  it('plans without writing, provisions, and tears down', async () => {
    const actions = await registry(true);
    const { actions: listed } = await actions.list();
    expect(listed.map(a => a.name).sort()).toEqual([
      'plan-environment',
      'provision-environment',
      'teardown-environment',
    ]);
    const plan = await actions.invoke({ id: 'test:plan-environment', input });
    server.assertNoWrites();
    expect((plan.output as { plan: unknown[] }).plan).toHaveLength(9);
    const done = await actions.invoke({
      id: 'test:provision-environment',
      input,
    });
    expect((done.output as { changed: string[] }).changed).toHaveLength(8);
    const gone = await actions.invoke({
      id: 'test:teardown-environment',
      input,
    });
    expect((gone.output as { changed: string[] }).changed).toEqual([
      'Namespace orders-api-pr-3',
    ]);
  });

  it('refuses a caller without the permission', async () => {
    const actions = await registry(false);
    await expect(
      actions.invoke({ id: 'test:provision-environment', input }),
    ).rejects.toThrow(
      /may not provision pr-3 of component:default\/orders-api/,
    );
    expect(server.accounting.log).toEqual([]);
  });
});
