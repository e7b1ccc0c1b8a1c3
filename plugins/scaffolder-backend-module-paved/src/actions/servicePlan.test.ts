import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ServicePlanner } from '../service/ServicePlanner';
import { createServicePlanAction } from './servicePlan';

const ordersApi = {
  name: 'orders-api',
  description: 'Orders',
  owner: 'group:default/product-team',
  image: 'ghcr.io/acme/orders-api',
  port: 8080,
  environments: ['prod', 'dev'],
  publishTarget: 'local',
};

function plannerWith(templates: JsonObject = {}) {
  return ServicePlanner.fromConfig(new ConfigReader({ paved: { templates } }), {
    localRepositoryUrl: name => `file:///srv/git/${name}.git`,
  });
}

function contextFor(input: JsonObject) {
  // The parameters travel through the task as JSON.
  return createMockActionContext({
    input: JSON.parse(JSON.stringify({ parameters: input })),
  });
}

async function run(planner: ServicePlanner, input: JsonObject) {
  const action = createServicePlanAction({ planner });
  const ctx = contextFor(input);
  await action.handler(ctx);
  const outputs = Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls as [string, any][],
  );
  return { outputs };
}

describe('paved:service:plan', () => {
  it('plans every chosen environment in promotion order, with the platform defaults', async () => {
    const { outputs } = await run(plannerWith(), ordersApi);
    const { values, environmentValues } = outputs;
    expect(values.environments).toEqual(['dev', 'prod']);
    expect(values.repoUrl).toBe('file:///srv/git/orders-api.git');
    expect(values.cloud.stateBucket).toBe('paved-terraform-state');
    expect(values.grafana.url).toBe('');
    expect(Object.keys(environmentValues)).toEqual(['dev', 'prod']);
    expect(environmentValues.prod.env).toEqual(values.envs.prod);
    expect(values.envs.prod).toMatchObject({
      eksCluster: 'paved-prod',
      argocdServer: 'https://kubernetes.default.svc',
      serviceAccountRoleArn: '',
    });
  });

  it("takes the state bucket, Grafana and each environment's placement from config", async () => {
    const planner = plannerWith({
      terraformStateBucket: 'acme-state',
      grafanaUrl: 'https://grafana.acme.example/',
      environments: {
        prod: {
          eksCluster: 'eks-prod',
          argocdServer: 'https://prod.k8s.acme.example',
          awsAccountId: '012345678901',
        },
      },
    });
    const { values } = (await run(planner, ordersApi)).outputs;
    expect(values.cloud.stateBucket).toBe('acme-state');
    expect(values.grafana.url).toBe('https://grafana.acme.example');
    expect(values.envs.prod).toMatchObject({
      eksCluster: 'eks-prod',
      argocdServer: 'https://prod.k8s.acme.example',
      serviceAccountRoleArn: 'arn:aws:iam::012345678901:role/orders-api-prod',
    });
    expect(values.envs.dev.eksCluster).toBe('paved-dev');
  });

  it('refuses invalid parameters with every problem, before any output', async () => {
    const planner = plannerWith();
    const action = createServicePlanAction({ planner });
    const ctx = contextFor({
      ...ordersApi,
      name: '../etc',
      environments: [],
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /The service parameters are invalid:\n- name: .*DNS-1123[\s\S]*environments/,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses to start with an invalid environments block, naming each problem', () => {
    expect(() =>
      plannerWith({
        environments: {
          qa: {},
          prod: { awsAccountId: 12345678901, argocdServer: 'ftp://x' },
        },
      }),
    ).toThrow(
      /^Invalid paved\.templates\.environments:\n- prod\.argocdServer: must be the https URL.*\n- prod\.awsAccountId: must be quoted.*\n- qa: is not a Paved environment; the environments are dev, staging and prod$/,
    );
  });
});
