import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  authorizationFor,
  registeredComponent,
} from '../__testUtils__/authorization';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
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

function plannerWith(templates: JsonObject = {}, integrations?: JsonObject) {
  return ServicePlanner.fromConfig(
    new ConfigReader({ paved: { templates }, integrations }),
    { localRepositoryUrl: name => `file:///srv/git/${name}.git` },
  );
}

const localGit = LocalGitDirectory.create({ directory: '/srv/git' });

/** Other teams' services in the catalog, and who may change them. */
function claimsWith(
  entities: Entity[] = [],
  options: {
    allowed?: (ref: string) => boolean;
    ingressDomains?: string[];
  } = {},
) {
  return authorizationFor({ entities, localGit, ...options }).claims;
}

function contextFor(input: JsonObject) {
  // The parameters travel through the task as JSON.
  return createMockActionContext({
    input: JSON.parse(JSON.stringify({ parameters: input })),
  });
}

async function run(
  planner: ServicePlanner,
  input: JsonObject,
  claims = claimsWith(),
) {
  const action = createServicePlanAction({ planner, claims });
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
    const { values, environmentValues, publish } = outputs;
    expect(values.environments).toEqual(['dev', 'prod']);
    expect(values.repoUrl).toBe('file:///srv/git/orders-api.git');
    // A local repository has no web page, so no source location or GitHub slug.
    expect(values).toMatchObject({
      repositoryWebUrl: '',
      sourceLocation: '',
      githubSlug: '',
    });
    expect(publish).toEqual({
      target: 'local',
      repoUrl: '',
      branchName: 'paved/orders-api',
      title: 'Scaffold orders-api from the Paved service template',
      register: true,
    });
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
    expect(values.grafana).toEqual({
      url: 'https://grafana.acme.example',
      dashboardUrl: 'https://grafana.acme.example/d/orders-api-overview',
    });
    expect(values.envs.prod).toMatchObject({
      eksCluster: 'eks-prod',
      argocdServer: 'https://prod.k8s.acme.example',
      serviceAccountRoleArn: 'arn:aws:iam::012345678901:role/orders-api-prod',
    });
    expect(values.envs.dev.eksCluster).toBe('paved-dev');
  });

  it('refuses invalid parameters with every problem, before any output', async () => {
    const planner = plannerWith();
    const action = createServicePlanAction({ planner, claims: claimsWith() });
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

  describe('a service with AWS resources', () => {
    const withDatabase = { ...ordersApi, postgres: true };
    const placed = {
      dev: {
        eksCluster: 'eks-nonprod',
        argocdServer: 'https://nonprod.k8s.acme.example',
        awsAccountId: '111111111111',
      },
      prod: {
        eksCluster: 'eks-prod',
        argocdServer: 'https://prod.k8s.acme.example',
        awsAccountId: '222222222222',
        stateKmsKey: 'arn:aws:kms:eu-west-1:222222222222:alias/terraform-state',
      },
    };

    it('gets its IAM role, cluster, Argo CD destination and state settings in every environment', async () => {
      const planner = plannerWith({
        environments: placed,
        terraformStateRegion: 'us-east-1',
      });
      const { values } = (await run(planner, withDatabase)).outputs;
      expect(values.cloud.stateRegion).toBe('us-east-1');
      expect(values.envs.dev).toMatchObject({
        eksCluster: 'eks-nonprod',
        argocdServer: 'https://nonprod.k8s.acme.example',
        awsAccountId: '111111111111',
        serviceAccountRoleArn: 'arn:aws:iam::111111111111:role/orders-api-dev',
        stateKmsKey: '',
      });
      expect(values.envs.prod).toMatchObject({
        serviceAccountRoleArn: 'arn:aws:iam::222222222222:role/orders-api-prod',
        stateKmsKey: placed.prod.stateKmsKey,
      });
    });

    it('refuses with the missing setting of an environment named first', async () => {
      const planner = plannerWith({ environments: { prod: placed.prod } });
      const action = createServicePlanAction({ planner, claims: claimsWith() });
      const ctx = contextFor(withDatabase);
      const error = await action.handler(ctx).catch(e => e);
      expect(error.name).toBe('InputError');
      // Field first, as every InputError of Paved; the other problems listed after.
      expect(error.message.split('\n')).toEqual([
        expect.stringMatching(
          /^paved\.templates\.environments\.dev\.eksCluster: is not set: .*OIDC provider/,
        ),
        'The platform cannot place orders-api until this is fixed, nor while:',
        expect.stringMatching(
          /^- paved\.templates\.environments\.dev\.awsAccountId: is not set: /,
        ),
      ]);
      expect(ctx.output).not.toHaveBeenCalled();
      // A service without AWS resources keeps the defaults.
      await expect(run(planner, ordersApi)).resolves.toBeDefined();
    });

    it('refuses environments whose Argo CD destination and EKS cluster disagree', async () => {
      const sameDestination = plannerWith({
        environments: {
          dev: { eksCluster: 'eks-nonprod', awsAccountId: '111111111111' },
          prod: { eksCluster: 'eks-prod', awsAccountId: '222222222222' },
        },
      });
      await expect(run(sameDestination, withDatabase)).rejects.toThrow(
        /^paved\.templates\.environments\.prod\.argocdServer: disagrees with dev: Argo CD would deploy both to https:\/\/kubernetes\.default\.svc, but their IAM roles trust different EKS clusters \(eks-nonprod, eks-prod\)/,
      );
      const oneClusterTwoAccounts = plannerWith({
        environments: {
          dev: placed.dev,
          prod: { ...placed.dev, awsAccountId: '222222222222' },
        },
      });
      await expect(run(oneClusterTwoAccounts, withDatabase)).rejects.toThrow(
        /^paved\.templates\.environments\.prod\.awsAccountId: disagrees with dev: both run on the EKS cluster eks-nonprod/,
      );
      const oneClusterTwoDestinations = plannerWith({
        environments: {
          dev: placed.dev,
          prod: { ...placed.dev, argocdServer: 'https://other.acme.example' },
        },
      });
      await expect(
        run(oneClusterTwoDestinations, withDatabase),
      ).rejects.toThrow(
        /^paved\.templates\.environments\.prod\.argocdServer: disagrees with dev/,
      );
    });

    it('refuses to start with a state region that is not one', () => {
      expect(() => plannerWith({ terraformStateRegion: 'Europe' })).toThrow(
        'Invalid paved.templates.terraformStateRegion: must be an AWS region such as eu-west-1',
      );
    });
  });

  describe('what a new service may claim', () => {
    const payments = registeredComponent(
      'payments',
      localGit.blobUrl('payments', 'main', 'catalog-info.yaml'),
      {
        owner: 'group:default/team-b',
        annotations: { 'paved.dev/ingress-host': 'pay.example.com' },
      },
    );
    const hub = registeredComponent(
      'hub',
      'https://github.com/acme/hub/blob/main/catalog-info.yaml',
      {
        owner: 'group:default/team-b',
        annotations: { 'github.com/project-slug': 'acme/hub' },
      },
    );
    // Its authors claim acme/hub in an annotation; the catalog read it from elsewhere.
    const squatter = registeredComponent(
      'squatter',
      'https://github.com/eve/own/blob/main/catalog-info.yaml',
      {
        owner: 'group:default/team-a',
        annotations: { 'github.com/project-slug': 'acme/hub' },
      },
    );
    const teamBOnly = (ref: string) =>
      !['component:default/payments', 'component:default/hub'].includes(ref);

    const legacy = registeredComponent(
      'legacy',
      localGit.blobUrl('legacy', 'main', 'catalog-info.yaml'),
      {
        owner: 'group:default/team-b',
        annotations: { 'paved.dev/ingress-host': 'dev.shop.example.com' },
      },
    );

    it.each([
      ['the same host', 'pay.example.com', 'payments'],
      ['its dev host', 'dev.pay.example.com', 'payments'],
      ['a base whose dev host is their host', 'shop.example.com', 'legacy'],
    ])('refuses %s of another component', async (_, ingressHost, holder) => {
      await expect(
        run(
          plannerWith(),
          { ...ordersApi, ingressHost },
          claimsWith([payments, legacy], { allowed: teamBOnly }),
        ),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining(
          `collides with the hosts of component:default/${holder} (owner group:default/team-b)`,
        ),
      });
    });

    it('takes a free host inside the configured domains, and refuses others', async () => {
      const claims = claimsWith([payments], {
        ingressDomains: ['example.com'],
      });
      const { values } = (
        await run(
          plannerWith(),
          { ...ordersApi, ingressHost: 'orders.example.com' },
          claims,
        )
      ).outputs;
      expect(values.ingress.host).toBe('orders.example.com');
      await expect(
        run(
          plannerWith(),
          { ...ordersApi, ingressHost: 'orders.example.org' },
          claims,
        ),
      ).rejects.toThrow(
        "ingressHost: orders.example.org is outside the platform's ingress domains (example.com)",
      );
    });

    it("opens pull requests only in repositories of the user's own components", async () => {
      const pullRequest = {
        ...ordersApi,
        publishTarget: 'github-pull-request',
        repoUrl: 'github.com?owner=acme&repo=hub',
      };
      await expect(
        run(
          plannerWith(),
          pullRequest,
          claimsWith([hub, squatter], { allowed: teamBOnly }),
        ),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message:
          'Pull requests go only to repositories of components you own; no component you own is registered from github.com/acme/hub (it holds component:default/hub (owner group:default/team-b))',
      });
      await expect(
        run(plannerWith(), pullRequest, claimsWith([])),
      ).rejects.toThrow(
        'no component you own is registered from github.com/acme/hub',
      );
      const { values, publish } = (
        await run(plannerWith(), pullRequest, claimsWith([hub]))
      ).outputs;
      expect(values).toMatchObject({
        repoUrl: 'https://github.com/acme/hub.git',
        repositoryWebUrl: 'https://github.com/acme/hub',
        githubSlug: 'acme/hub',
        sourceLocation: 'url:https://github.com/acme/hub/tree/main/',
      });
      // The later steps read these, never the parameters.
      expect(publish).toEqual({
        target: 'github-pull-request',
        repoUrl: 'github.com?owner=acme&repo=hub',
        branchName: 'paved/orders-api',
        title: 'Add orders-api from the Paved service template',
        register: false,
      });
    });

    it('publishes only to configured GitHub hosts', async () => {
      const toGhe = {
        ...ordersApi,
        publishTarget: 'github',
        repoUrl: 'ghe.example.net?owner=acme&repo=orders-api',
      };
      await expect(run(plannerWith(), toGhe)).rejects.toThrow(
        'repoUrl: names the host ghe.example.net, which is not a configured GitHub integration (github.com)',
      );
      const ghe = plannerWith(
        {},
        {
          github: [
            {
              host: 'ghe.example.net',
              apiBaseUrl: 'https://ghe.example.net/api/v3',
            },
          ],
        },
      );
      const { values } = (await run(ghe, toGhe)).outputs;
      expect(values.repoUrl).toBe(
        'https://ghe.example.net/acme/orders-api.git',
      );
    });
  });
});
