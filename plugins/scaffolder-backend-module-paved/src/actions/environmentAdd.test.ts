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
    expect(stored.environments).toEqual(['dev', 'prod', 'staging']);
    const info = await fs.readFile(
      path.join(workspacePath, 'catalog-info.yaml'),
      'utf8',
    );
    expect(info).toContain('paved.dev/environments: dev,staging,prod');
    expect(info).toContain('# kept as written');
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
