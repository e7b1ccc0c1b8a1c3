import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { DEFAULT_PLATFORM_TEMPLATE_DEFAULTS } from '@paved/plugin-paved-common';
import {
  authorizationFor,
  registeredComponent,
} from '../__testUtils__/authorization';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import { ServicePlanner } from '../service/ServicePlanner';
import { createEnvironmentAddAction } from './environmentAdd';

const parameters = {
  name: 'orders-api',
  description: 'Orders',
  owner: 'group:default/product-team',
  image: 'ghcr.io/acme/orders-api',
  port: 8080,
  environments: ['dev', 'prod'],
};

const catalogInfo = `# kept as written
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-api
  annotations:
    paved.dev/environments: dev,prod # the annotation Paved reads
spec:
  owner: group:default/product-team
`;

const chartYaml = `apiVersion: v2
name: orders-api
# bumped by the team
version: 1.4.0
annotations:
  paved.dev/environments: "dev,prod"
  paved.dev/template: service
`;

const localGit = LocalGitDirectory.create({ directory: '/git' });
const ordersApi = registeredComponent(
  'orders-api',
  localGit.blobUrl('orders-api', 'main', 'catalog-info.yaml'),
);
const ordersApiOnGitHub = registeredComponent(
  'orders-api',
  'https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
  // Written by the entity's authors, so never trusted for where changes go.
  { annotations: { 'github.com/project-slug': 'victim/elsewhere' } },
);

function actionFor(
  options: {
    entity?: typeof ordersApi;
    allowed?: boolean;
    customMetricsAdapter?: boolean;
  } = {},
) {
  const planner = ServicePlanner.create({
    stateBucket: 'state',
    localRepositoryUrl: name => localGit.remoteUrl(name),
    platformDefaults: {
      ...DEFAULT_PLATFORM_TEMPLATE_DEFAULTS,
      customMetricsAdapter: options.customMetricsAdapter ?? false,
    },
  });
  const { access, repositories } = authorizationFor({
    entities: [options.entity ?? ordersApi],
    localGit,
    allowed: () => options.allowed ?? true,
  });
  return createEnvironmentAddAction({ planner, access, repositories });
}

const input = (environment: 'dev' | 'staging' | 'prod') => ({
  entityRef: 'component:default/orders-api',
  environment,
});

describe('paved:environment:add', () => {
  const action = actionFor();
  let workspacePath: string;

  beforeEach(async () => {
    workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-env-'));
    await fs.mkdir(path.join(workspacePath, '.paved'));
    await fs.writeFile(
      path.join(workspacePath, '.paved/service.json'),
      JSON.stringify(parameters),
    );
    await fs.writeFile(
      path.join(workspacePath, 'catalog-info.yaml'),
      catalogInfo,
    );
    await fs.mkdir(path.join(workspacePath, 'charts/orders-api'), {
      recursive: true,
    });
    await fs.writeFile(
      path.join(workspacePath, 'charts/orders-api/Chart.yaml'),
      chartYaml,
    );
  });
  afterEach(() => fs.rm(workspacePath, { recursive: true, force: true }));

  const contextFor = (actionInput: {
    entityRef: string;
    environment: 'dev' | 'staging' | 'prod';
  }) => createMockActionContext({ input: actionInput, workspacePath });

  it('plans the new environment and records it in the repository', async () => {
    const ctx = createMockActionContext({
      input: input('staging'),
      workspacePath,
    });
    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('environments', [
      'dev',
      'staging',
      'prod',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('publishTarget', 'local');
    expect(ctx.output).toHaveBeenCalledWith('repoName', 'orders-api');
    expect(ctx.output).not.toHaveBeenCalledWith('repoUrl', expect.anything());
    expect(ctx.output).toHaveBeenCalledWith(
      'environmentValues',
      expect.objectContaining({
        name: 'orders-api',
        repoUrl: 'file:///git/orders-api.git',
        env: expect.objectContaining({
          name: 'staging',
          namespace: 'orders-api-staging',
        }),
      }),
    );
    const stored = JSON.parse(
      await fs.readFile(
        path.join(workspacePath, '.paved/service.json'),
        'utf8',
      ),
    );
    expect(stored.environments).toEqual(['dev', 'staging', 'prod']);
    const info = await fs.readFile(
      path.join(workspacePath, 'catalog-info.yaml'),
      'utf8',
    );
    expect(info).toContain('paved.dev/environments: dev,staging,prod');
    expect(info).toContain('# kept as written');
    expect(
      await fs.readFile(
        path.join(workspacePath, 'charts/orders-api/Chart.yaml'),
        'utf8',
      ),
    ).toBe(chartYaml.replace('"dev,prod"', '"dev,staging,prod"'));
  });

  it('tells the template which GitHub repository to open the pull request on: the one the catalog read the entity from', async () => {
    await fs.writeFile(
      path.join(workspacePath, '.paved/service.json'),
      JSON.stringify({
        ...parameters,
        publishTarget: 'github',
        repoUrl: 'github.com?owner=acme&repo=orders-api',
      }),
    );
    const ctx = createMockActionContext({
      input: input('staging'),
      workspacePath,
    });
    await actionFor({ entity: ordersApiOnGitHub }).handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('publishTarget', 'github');
    expect(ctx.output).toHaveBeenCalledWith(
      'repoUrl',
      'github.com?owner=acme&repo=orders-api',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'environmentValues',
      expect.objectContaining({
        repoUrl: 'https://github.com/acme/orders-api.git',
      }),
    );
  });

  describe('a service made with a custom HPA metric', () => {
    const withCustomMetric = {
      ...parameters,
      customMetricName: 'http_requests_per_second',
      customMetricTarget: '50',
    };
    const read = (file: string) =>
      fs.readFile(path.join(workspacePath, file), 'utf8');
    beforeEach(() =>
      fs.writeFile(
        path.join(workspacePath, '.paved/service.json'),
        JSON.stringify(withCustomMetric),
      ),
    );

    it('gets the new environment with the metric where the platform has the adapter', async () => {
      const ctx = contextFor(input('staging'));
      await actionFor({ customMetricsAdapter: true }).handler(ctx);
      expect(JSON.parse(await read('.paved/service.json'))).toMatchObject({
        customMetricName: 'http_requests_per_second',
        customMetricTarget: '50',
        environments: ['dev', 'staging', 'prod'],
      });
      expect(ctx.output).toHaveBeenCalledWith(
        'environmentValues',
        expect.objectContaining({
          autoscaling: expect.objectContaining({
            customMetric: {
              enabled: true,
              name: 'http_requests_per_second',
              target: '50',
            },
          }),
        }),
      );
    });

    it('is refused on a platform without the adapter, naming the field and the fix, and nothing changes', async () => {
      const before = await Promise.all(
        [
          '.paved/service.json',
          'catalog-info.yaml',
          'charts/orders-api/Chart.yaml',
        ].map(read),
      );
      const ctx = contextFor(input('staging'));
      const error = await actionFor({ customMetricsAdapter: false })
        .handler(ctx)
        .catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(
        /^customMetricName: needs a custom metrics adapter to serve 'http_requests_per_second', which this platform does not have \(paved\.templates\.prometheus\.customMetricsAdapter is not true\)/,
      );
      expect(error.message).toContain(
        '.paved/service.json: remove customMetricName and customMetricTarget there, then add the environment again',
      );
      expect(ctx.output).not.toHaveBeenCalled();
      expect(
        await Promise.all(
          [
            '.paved/service.json',
            'catalog-info.yaml',
            'charts/orders-api/Chart.yaml',
          ].map(read),
        ),
      ).toEqual(before);
    });
  });

  it('refuses an environment the service already has and changes nothing', async () => {
    const ctx = createMockActionContext({
      input: input('prod'),
      workspacePath,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'orders-api already has the environment prod',
    );
    expect(
      await fs.readFile(path.join(workspacePath, 'catalog-info.yaml'), 'utf8'),
    ).toBe(catalogInfo);
  });

  it('explains when the repository was not made by the service template', async () => {
    await fs.rm(path.join(workspacePath, '.paved'), { recursive: true });
    const ctx = createMockActionContext({
      input: input('dev'),
      workspacePath,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /^\.paved\/service\.json: missing from the repository; only services created from the Paved service template/,
    );
  });

  it('rejects stored parameters that no longer validate', async () => {
    await fs.writeFile(
      path.join(workspacePath, '.paved/service.json'),
      JSON.stringify({ ...parameters, name: '../evil' }),
    );
    const ctx = createMockActionContext({
      input: input('dev'),
      workspacePath,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /name: name must be a DNS-1123 label/,
    );
  });

  it('refuses users who may not provision the environment, before touching anything', async () => {
    const ctx = createMockActionContext({
      input: input('staging'),
      workspacePath,
    });
    await expect(
      actionFor({ allowed: false }).handler(ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'user:default/mock may not add staging to component:default/orders-api: only its owners (group:default/team-a) and Paved admins may (permission paved.environment.provision)',
    });
    await expect(
      actionFor({ allowed: false }).handler(contextFor(input('prod'))),
    ).rejects.toThrow('(permission paved.environment.provision.production)');
    expect(
      await fs.readFile(path.join(workspacePath, 'catalog-info.yaml'), 'utf8'),
    ).toBe(catalogInfo);
  });

  it('refuses a checkout that names another service or repository than the entity', async () => {
    await fs.writeFile(
      path.join(workspacePath, '.paved/service.json'),
      JSON.stringify({ ...parameters, name: 'billing-api' }),
    );
    await expect(action.handler(contextFor(input('staging')))).rejects.toThrow(
      '.paved/service.json: describes the service billing-api, not component:default/orders-api',
    );
    await fs.writeFile(
      path.join(workspacePath, '.paved/service.json'),
      JSON.stringify({
        ...parameters,
        publishTarget: 'github',
        repoUrl: 'github.com?owner=victim&repo=payments',
      }),
    );
    await expect(
      actionFor({ entity: ordersApiOnGitHub }).handler(
        contextFor(input('staging')),
      ),
    ).rejects.toThrow(
      '.paved/service.json: says component:default/orders-api lives in github.com/victim/payments, but the catalog registered it from github.com/acme/orders-api',
    );
  });

  it('refuses an entity that is not in the catalog', async () => {
    const ctx = contextFor({
      entityRef: 'component:default/nope',
      environment: 'dev',
    });
    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
