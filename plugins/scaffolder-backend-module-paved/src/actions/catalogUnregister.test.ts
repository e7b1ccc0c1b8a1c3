import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  authorizationFor,
  registeredComponent,
} from '../__testUtils__/authorization';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import { createCatalogUnregisterAction } from './catalogUnregister';
import { examples } from './catalogUnregister.examples';

const localGit = LocalGitDirectory.create({ directory: '/srv/git' });
const location = localGit.blobUrl('orders-api', 'main', 'catalog-info.yaml');
const ordersApi = registeredComponent('orders-api', location);
const ordersDocs = {
  ...registeredComponent('orders-docs', location),
  kind: 'API',
  spec: { type: 'openapi', owner: 'group:default/team-b', definition: '' },
};
const registration = {
  ...registeredComponent('generated-1', location),
  kind: 'Location',
  spec: { target: location },
};

function setup(allowed: (ref: string) => boolean, entities = [ordersApi]) {
  const authorization = authorizationFor({
    entities: [...entities, registration],
    localGit,
    allowed,
  });
  const { catalog } = authorization;
  jest.spyOn(catalog, 'getLocationByEntity').mockResolvedValue({
    id: 'loc-1',
    type: 'url',
    target: location,
    entityRef: 'location:default/generated-1',
  });
  jest.spyOn(catalog, 'removeLocationById').mockResolvedValue();
  const action = createCatalogUnregisterAction({
    catalog,
    auth: mockServices.auth(),
    access: authorization.access,
  });
  return { action, catalog };
}

async function run(
  action: ReturnType<typeof setup>['action'],
  options: { isDryRun?: boolean } = {},
) {
  const ctx = createMockActionContext({
    input: { entityRef: 'component:default/orders-api' },
  });
  await action.handler({ ...ctx, ...options });
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}

describe('paved:catalog:unregister', () => {
  it('removes the location of an entity the user may delete, with everything in it', async () => {
    const { action, catalog } = setup(() => true);
    expect(await run(action)).toEqual({
      location: `url:${location}`,
      removed: ['component:default/orders-api'],
    });
    expect(catalog.removeLocationById).toHaveBeenCalledWith('loc-1', {
      credentials: expect.objectContaining({
        principal: expect.objectContaining({ type: 'service' }),
      }),
    });
  });

  it('only reports what it would remove in a dry run', async () => {
    const { action, catalog } = setup(() => true);
    expect((await run(action, { isDryRun: true })).removed).toEqual([
      'component:default/orders-api',
    ]);
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
  });

  it("refuses when the user may not delete the entity or another of its location's entities", async () => {
    const notOwner = setup(() => false);
    await expect(run(notOwner.action)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'may not unregister component:default/orders-api: only its owners',
      ),
    });
    const shared = setup(
      ref => ref !== 'api:default/orders-docs',
      [ordersApi, ordersDocs],
    );
    await expect(run(shared.action)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `Unregistering component:default/orders-api removes its location url:${location} and every entity in it; you may not delete api:default/orders-docs`,
    });
    expect(notOwner.catalog.removeLocationById).not.toHaveBeenCalled();
    expect(shared.catalog.removeLocationById).not.toHaveBeenCalled();
  });

  it('explains entities that come from configuration', async () => {
    const { action, catalog } = setup(() => true);
    jest.spyOn(catalog, 'getLocationByEntity').mockResolvedValue(undefined);
    await expect(run(action)).rejects.toThrow(
      "was not registered through the catalog API (it comes from the backend's configuration or an entity provider)",
    );
  });

  it('has examples that name this action', () => {
    for (const example of examples) {
      expect(example.example).toContain('action: paved:catalog:unregister');
    }
  });
});
