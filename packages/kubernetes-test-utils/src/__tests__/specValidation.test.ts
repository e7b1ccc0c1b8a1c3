import {
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { FakeKubernetesServer } from '../server/FakeKubernetesServer';
import { statusOf, teamEditBinding } from './testing';

describe('kind-specific validation and immutable fields', () => {
  let server: FakeKubernetesServer;
  beforeAll(async () => {
    server = await FakeKubernetesServer.start();
  });
  afterAll(() => server.stop());

  it('checks ResourceQuota resource names (422) and quantities (400)', async () => {
    const core = server.kubeConfig().makeApiClient(CoreV1Api);
    const typo = await statusOf(
      core.createNamespacedResourceQuota({
        namespace: 'default',
        body: {
          metadata: { name: 'q1' },
          spec: {
            hard: { 'request.cpu': '4', 'requests.nvidia.com/gpu': '2' },
          },
        },
      }),
    );
    expect(typo.body).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'ResourceQuota "q1" is invalid: spec.hard[request.cpu]: Invalid value: "request.cpu": must be a standard resource for quota',
    });
    const words = await statusOf(
      core.createNamespacedResourceQuota({
        namespace: 'default',
        body: {
          metadata: { name: 'q2' },
          spec: { hard: { 'requests.nvidia.com/gpu': 'four' } },
        },
      }),
    );
    expect(words.code).toBe(400);
    expect(words.body.message).toContain(
      'quantities must match the regular expression',
    );
    await expect(
      core.createNamespacedResourceQuota({
        namespace: 'default',
        body: {
          metadata: { name: 'gpu' },
          spec: {
            hard: {
              'requests.nvidia.com/gpu': '4',
              'requests.nvidia.com/mig-1g.10gb': '2',
              'count/pods': '10',
            },
          },
        },
      }),
    ).resolves.toBeDefined();
  });

  it('refuses to change a Deployment selector or a RoleBinding roleRef', async () => {
    const apps = server.kubeConfig().makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
          },
        },
      },
    });
    const selector = await statusOf(
      apps.patchNamespacedDeployment(
        {
          name: 'web',
          namespace: 'default',
          body: { spec: { selector: { matchLabels: { app: 'other' } } } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(selector.body.message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"other"}}: field is immutable',
    );

    const rbac = server.kubeConfig().makeApiClient(RbacAuthorizationV1Api);
    const binding = teamEditBinding('edit');
    await rbac.createNamespacedRoleBinding({
      namespace: 'default',
      body: binding,
    });
    const roleRef = await statusOf(
      rbac.replaceNamespacedRoleBinding({
        name: 'edit',
        namespace: 'default',
        body: { ...binding, roleRef: { ...binding.roleRef, name: 'admin' } },
      }),
    );
    expect(roleRef).toMatchObject({
      code: 422,
      body: {
        details: {
          causes: [
            {
              field: 'roleRef',
              message: expect.stringMatching(/cannot change roleRef$/),
            },
          ],
        },
      },
    });
    await expect(
      rbac.replaceNamespacedRoleBinding({
        name: 'edit',
        namespace: 'default',
        body: {
          ...binding,
          subjects: [
            ...binding.subjects!,
            {
              kind: 'User',
              name: 'guest',
              apiGroup: 'rbac.authorization.k8s.io',
            },
          ],
        },
      }),
    ).resolves.toBeDefined();
  });
});
