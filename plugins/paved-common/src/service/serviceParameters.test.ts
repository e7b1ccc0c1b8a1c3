import { parseServiceParameters } from './serviceParameters';
import { PlatformEnvironments } from './platformEnvironments';
import { planService } from './serviceValues';

const valid = {
  name: 'orders-api',
  description: 'Orders',
  owner: 'product-team',
  image: 'ghcr.io/acme/orders-api',
  port: 8080,
  environments: ['prod', 'dev'],
};

function problems(overrides: Record<string, unknown>): string[] {
  const result = parseServiceParameters({ ...valid, ...overrides });
  return result.success ? [] : result.problems;
}

describe('parseServiceParameters', () => {
  it('fills defaults for a minimal request', () => {
    const result = parseServiceParameters(valid);
    expect(result).toMatchObject({
      success: true,
      data: {
        autoscalingEnabled: true,
        minReplicas: 2,
        maxReplicas: 10,
        gpuMode: 'none',
        publishTarget: 'local',
        awsRegion: 'eu-west-1',
      },
    });
  });

  it.each([
    [{ name: '../../etc/passwd' }, 'name: name must be a DNS-1123 label'],
    [{ name: 'a'.repeat(41) }, 'name: name must be at most 40 characters'],
    [{ name: 'ördes' }, 'name: name must be a DNS-1123 label'],
    [
      { description: 'ok\nmalicious: true' },
      'description: description must be one line',
    ],
    [
      { description: '${file("/etc/passwd")}' },
      'description: description must not contain template sequences',
    ],
    [{ description: '%{ for x in y }' }, 'must not contain template sequences'],
    [
      { description: '{{ .Values.secret }}' },
      'must not contain template sequences',
    ],
    [
      { description: 'x'.repeat(201) },
      'description must be at most 200 characters',
    ],
    [
      { ingressHost: 'evil.com\n- host: x' },
      'ingressHost: ingressHost must be a lowercase DNS name',
    ],
    [
      { image: 'ghcr.io/acme/app:latest' },
      'image: image must be an image repository without a tag',
    ],
    [{ port: 80 }, 'port: port must be 1024 or higher'],
    [{ environments: [] }, 'environments: choose at least one environment'],
    [{ environments: ['dev', 'qa'] }, 'environments[1]: '],
    [{ environments: ['dev', 'dev'] }, 'environments must not repeat'],
    [
      { minReplicas: 5, maxReplicas: 2 },
      'minReplicas: minReplicas (5) must not exceed maxReplicas (2)',
    ],
    [
      { gpuMode: 'mig', migProfile: '9g.999gb' },
      'migProfile: unknown MIG profile',
    ],
    [{ gpuMode: 'mig' }, 'migProfile: choose a MIG profile'],
    [
      {
        gpuMode: 'mig',
        migProfile: '1g.18gb',
        gpuProduct: 'NVIDIA-H100-80GB-HBM3',
      },
      'NVIDIA-H100-80GB-HBM3 does not offer MIG profile 1g.18gb',
    ],
    [{ gpuMode: 'count', gpuProduct: 'NVIDIA-X' }, 'gpuProduct must be one of'],
    [
      { publishTarget: 'github' },
      'repoUrl: repoUrl is required to publish to GitHub',
    ],
    [
      { publishTarget: 'github-pull-request' },
      'repoUrl: repoUrl is required to publish to GitHub',
    ],
    [{ owner: 'group:default/team a' }, 'owner: owner must be an entity ref'],
    [
      {
        publishTarget: 'github',
        repoUrl: 'github.com?owner=acme&repo=../../etc',
      },
      "repoUrl: repoUrl must name an owner and a repository of letters, digits, '.', '_' and '-'",
    ],
    [
      {
        publishTarget: 'github',
        repoUrl: 'evil.com/x?owner=acme&repo=web',
      },
      'repoUrl: repoUrl must look like github.com?owner=<owner>&repo=<repo>',
    ],
  ])('rejects %j with a clear message', (overrides, message) => {
    const found = problems(overrides);
    expect(found.join('\n')).toContain(message);
  });

  it('defaults an empty custom metric target to 100', () => {
    const result = parseServiceParameters({ ...valid, customMetricTarget: '' });
    expect(result).toMatchObject({ data: { customMetricTarget: '100' } });
  });

  it('accepts unicode and punctuation in descriptions, which the skeletons quote', () => {
    expect(
      problems({
        description: 'Bestellungen: "schnell" & sicher — ünïcödé #1',
      }),
    ).toEqual([]);
  });
});

describe('planService', () => {
  function plan(
    overrides: Record<string, unknown>,
    platformEnvironments?: PlatformEnvironments,
  ) {
    const parsed = parseServiceParameters({ ...valid, ...overrides });
    if (!parsed.success) throw new Error(parsed.problems.join('; '));
    return planService(parsed.data, {
      repoUrl: 'https://github.com/acme/orders-api.git',
      stateBucket: 'state',
      platformEnvironments,
    });
  }

  it('orders environments and derives per-environment settings', () => {
    const values = plan({ ingressHost: 'orders.example.com', minReplicas: 3 });
    expect(values.environments).toEqual(['dev', 'prod']);
    expect(values.environmentList).toBe('dev,prod');
    expect(values.owner).toBe('group:default/product-team');
    expect(values.envs.dev).toMatchObject({
      namespace: 'orders-api-dev',
      minReplicas: 1,
      maxReplicas: 3,
      ingressHost: 'dev.orders.example.com',
      autoSync: true,
      pdbEnabled: false,
      production: false,
    });
    expect(values.envs.prod).toMatchObject({
      namespace: 'orders-api-prod',
      minReplicas: 3,
      maxReplicas: 10,
      ingressHost: 'orders.example.com',
      autoSync: false,
      pdbEnabled: true,
      production: true,
    });
  });

  it('places each environment where the platform runs it', () => {
    const defaults = plan({});
    expect(defaults.envs.dev).toMatchObject({
      eksCluster: 'paved-dev',
      argocdServer: 'https://kubernetes.default.svc',
      serviceAccountRoleArn: '',
    });
    const configured = plan(
      { awsRegion: 'us-gov-west-1' },
      {
        prod: {
          eksCluster: 'eks-prod',
          argocdServer: 'https://prod.k8s.example.com',
          awsAccountId: '012345678901',
        },
      },
    );
    expect(configured.envs.prod).toMatchObject({
      eksCluster: 'eks-prod',
      argocdServer: 'https://prod.k8s.example.com',
      serviceAccountRoleArn:
        'arn:aws-us-gov:iam::012345678901:role/orders-api-prod',
    });
    expect(configured.envs.dev.serviceAccountRoleArn).toBe('');
  });

  it('names the GitHub repository for GitHub plugins, and nothing else', () => {
    expect(plan({}).githubSlug).toBe('acme/orders-api');
    const parsed = parseServiceParameters(valid);
    if (!parsed.success) throw new Error(parsed.problems.join('; '));
    const local = planService(parsed.data, {
      repoUrl: 'file:///srv/git/orders-api.git',
      stateBucket: 'state',
    });
    expect(local.githubSlug).toBe('');
  });

  it('links the TechDocs runbook in Backstage, and pages only in production', () => {
    const parsed = parseServiceParameters({
      ...valid,
      environments: ['dev', 'staging', 'prod'],
    });
    if (!parsed.success) throw new Error(parsed.problems.join('; '));
    const values = planService(parsed.data, {
      repoUrl: 'file:///srv/git/orders-api.git',
      stateBucket: 'state',
      backstageUrl: 'https://backstage.example.com/',
    });
    expect(values.docs).toEqual({
      url: 'https://backstage.example.com/docs/default/component/orders-api/',
      runbookUrl:
        'https://backstage.example.com/docs/default/component/orders-api/runbook/',
    });
    expect(
      Object.values(values.envs).map(env => [env.name, env.maxAlertSeverity]),
    ).toEqual([
      ['dev', 'info'],
      ['staging', 'warning'],
      ['prod', 'critical'],
    ]);
    expect(plan({}).docs.url).toBe(
      'http://localhost:3000/docs/default/component/orders-api/',
    );
  });

  it('maps GPU choices to resource names, products and memory', () => {
    expect(plan({}).gpu).toMatchObject({ enabled: false, tolerations: false });
    expect(
      plan({ gpuMode: 'count', gpuCount: 4, gpuProduct: 'NVIDIA-H200' }).gpu,
    ).toEqual({
      enabled: true,
      mode: 'count',
      resourceName: 'nvidia.com/gpu',
      count: 4,
      product: 'NVIDIA-H200',
      memoryMiB: 143771,
      tolerations: true,
      runtimeClassName: 'nvidia',
    });
    expect(plan({ gpuMode: 'mig', migProfile: '1g.10gb' }).gpu).toMatchObject({
      resourceName: 'nvidia.com/mig-1g.10gb',
      count: 1,
      product: '',
    });
  });

  it('turns optional features off when they were not chosen', () => {
    const values = plan({});
    expect(values.ingress).toMatchObject({ enabled: false, host: '' });
    expect(values.autoscaling.targetMemory).toBeNull();
    expect(values.autoscaling.customMetric.enabled).toBe(false);
    expect(values.cloud).toMatchObject({ any: false, postgres: false });
    expect(values.alerts).toEqual({
      receiver: 'product-team',
      team: 'product-team',
    });
    expect(values.system).toBe('');
  });
});
