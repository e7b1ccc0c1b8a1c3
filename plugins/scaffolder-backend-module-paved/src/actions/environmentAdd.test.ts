import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
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

describe('paved:environment:add', () => {
  const planner = ServicePlanner.create({
    stateBucket: 'state',
    localRepositoryUrl: name => `file:///git/${name}.git`,
  });
  const action = createEnvironmentAddAction({ planner });
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

  it('plans the new environment and records it in the repository', async () => {
    const ctx = createMockActionContext({
      input: { environment: 'staging' as const },
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

  it('tells the template which GitHub repository to open the pull request on', async () => {
    await fs.writeFile(
      path.join(workspacePath, '.paved/service.json'),
      JSON.stringify({
        ...parameters,
        publishTarget: 'github',
        repoUrl: 'github.com?owner=acme&repo=orders-api',
      }),
    );
    const ctx = createMockActionContext({
      input: { environment: 'staging' as const },
      workspacePath,
    });
    await action.handler(ctx);

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

  it('refuses an environment the service already has and changes nothing', async () => {
    const ctx = createMockActionContext({
      input: { environment: 'prod' as const },
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
      input: { environment: 'dev' as const },
      workspacePath,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /has no \.paved\/service\.json; only services created from the Paved service template/,
    );
  });

  it('rejects stored parameters that no longer validate', async () => {
    await fs.writeFile(
      path.join(workspacePath, '.paved/service.json'),
      JSON.stringify({ ...parameters, name: '../evil' }),
    );
    const ctx = createMockActionContext({
      input: { environment: 'dev' as const },
      workspacePath,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /name: name must be a DNS-1123 label/,
    );
  });
});
