import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { FakeKubernetesServer } from '@paved/kubernetes-test-utils';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import {
  authorizationFor,
  registeredComponent,
} from '../__testUtils__/authorization';
import { startDemoCluster } from '../__testUtils__/fakeCluster';
import { createKubernetesApplyAction } from './kubernetesApply';
import { createArgocdWaitAction } from './argocdWait';

const config = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: preview}
`;

describe('paved:kubernetes:apply and paved:argocd:wait', () => {
  let server: FakeKubernetesServer;
  let provisioner: EnvironmentProvisioner;
  let workspacePath: string;
  beforeEach(async () => {
    ({ server, provisioner } = await startDemoCluster());
    workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'apply-'));
    await fs.mkdir(path.join(workspacePath, 'manifests'));
    await provisioner.provision({
      component: 'orders-api',
      environment: 'pr-1',
      cluster: 'demo',
      owner: 'group:default/team-a',
    });
    server.accounting.reset();
  });
  afterEach(async () => {
    await server.stop();
    await fs.rm(workspacePath, { recursive: true });
  });
  const { access } = authorizationFor({
    entities: [
      registeredComponent(
        'orders-api',
        'https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
      ),
    ],
    localGit: LocalGitDirectory.create({ directory: '/git' }),
  });
  const input = {
    entityRef: 'component:default/orders-api',
    environment: 'pr-1',
    cluster: 'demo',
    path: 'manifests',
  };

  it('applies workspace manifests into the environment once', async () => {
    await fs.writeFile(
      path.join(workspacePath, 'manifests/settings.yaml'),
      config,
    );
    const action = createKubernetesApplyAction({ provisioner, access });
    const ctx = createMockActionContext({ input, workspacePath });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('applied', [
      'ConfigMap orders-api-pr-1/settings',
    ]);
    const stored = server.getObject(
      'v1',
      'ConfigMap',
      'settings',
      'orders-api-pr-1',
    );
    expect(stored?.metadata?.managedFields?.[0].manager).toBe('paved');
    server.accounting.reset();
    await action.handler(createMockActionContext({ input, workspacePath }));
    server.assertNoWrites();
  });

  it.each([
    [
      'a forbidden kind',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: x}\n',
      'ClusterRoleBinding (rbac.authorization.k8s.io/v1) may not be applied',
    ],
    [
      'another namespace',
      config.replace(
        '{name: settings}',
        '{name: settings, namespace: kube-system}',
      ),
      'is in namespace kube-system; only orders-api-pr-1 may be written',
    ],
    [
      'a namespace object',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n',
      'Namespace (v1) may not be applied',
    ],
  ])('refuses %s before writing', async (_, manifest, message) => {
    await fs.writeFile(
      path.join(workspacePath, 'manifests/bad.yaml'),
      manifest,
    );
    const action = createKubernetesApplyAction({ provisioner, access });
    const error = await action
      .handler(createMockActionContext({ input, workspacePath }))
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(message);
    expect(server.accounting.log).toEqual([]);
  });

  it('waits for Synced and Healthy, and fails with the last status on timeout', async () => {
    const action = createArgocdWaitAction({ provisioner });
    const ok = createMockActionContext({
      input: {
        cluster: 'demo',
        application: 'orders-api-dev',
        timeoutSeconds: 2,
        intervalSeconds: 1,
      },
    });
    await action.handler(ok);
    expect(ok.output).toHaveBeenCalledWith('health', 'Healthy');
    const degraded = createMockActionContext({
      input: {
        cluster: 'demo',
        application: 'billing-worker-dev',
        timeoutSeconds: 1,
        intervalSeconds: 1,
      },
    });
    await expect(action.handler(degraded)).rejects.toThrow(
      'Application billing-worker-dev on cluster demo was not Synced and Healthy within 1 s; last status: Synced, Degraded',
    );
  });
});
